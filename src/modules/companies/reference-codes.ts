import { allRoles, companyRoles, staffRoles } from '../../platform/auth/roles.ts';

/** Reference codes from the pilot (DESIGN §1). Labels live in the i18n catalog under `codes.<list>.<code>`. */
export const industries = ['manufacturing', 'wholesale', 'retail', 'service', 'construction', 'transport', 'it', 'medical_welfare', 'other'] as const;
export const employeeBands = ['1-5', '6-20', '21-50', '51-100', '101-300', '301+'] as const;
export const referralRoutes = ['insurer_sales', 'chamber_of_commerce', 'ipa', 'meti', 'supplier', 'other'] as const;
export const companyStatuses = ['applied', 'surveyed', 'active', 'withdrawn'] as const;
export const maturityGroups = ['A', 'B', 'C'] as const;
/** Why a company left the program (the pilot's abandonment reasons, DESIGN §1). */
export const withdrawalReasons = [
  'network_layout',
  'existing_utm',
  'no_internal_approval',
  'construction_delay',
  'staff_transfer',
  'closed_network_isp',
  'router_incompatible',
  'wifi_non_vpn_router',
  'no_space',
  'business_closed',
  'other',
] as const;
export const applicationStatuses = ['pending', 'accepted', 'rejected'] as const;

export type Industry = (typeof industries)[number];
export type EmployeeBand = (typeof employeeBands)[number];
export type ReferralRoute = (typeof referralRoutes)[number];
export type CompanyStatus = (typeof companyStatuses)[number];
export type MaturityGroup = (typeof maturityGroups)[number];
export type WithdrawalReason = (typeof withdrawalReasons)[number];

/** Allowed lifecycle moves: applied → surveyed → active → withdrawn; withdrawal is possible from any live state and can be undone by re-joining. */
export const allowedTransitions: Record<CompanyStatus, readonly CompanyStatus[]> = {
  applied: ['surveyed', 'withdrawn'],
  surveyed: ['active', 'withdrawn'],
  active: ['withdrawn'],
  withdrawn: ['applied'],
};

/** Every list at once: what `GET /api/v1/reference-codes` answers and what the SPA is built with. */
export const referenceLists = {
  industries,
  employeeBands,
  referralRoutes,
  companyStatuses,
  maturityGroups,
  withdrawalReasons,
  applicationStatuses,
  roles: allRoles,
  staffRoles,
  companyRoles,
} as const;
