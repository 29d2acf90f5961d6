import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { CompanyStatus, ReferenceCodes } from './types';

/** Fallback copy of the reference codes (src/modules/companies/reference-codes.ts); the server list wins. */
export const fallbackCodes: ReferenceCodes = {
  industries: ['manufacturing', 'wholesale', 'retail', 'service', 'construction', 'transport', 'it', 'medical_welfare', 'other'],
  employeeBands: ['1-5', '6-20', '21-50', '51-100', '101-300', '301+'],
  referralRoutes: ['insurer_sales', 'chamber_of_commerce', 'ipa', 'meti', 'supplier', 'other'],
  companyStatuses: ['applied', 'surveyed', 'active', 'withdrawn'],
  maturityGroups: ['A', 'B', 'C'],
  withdrawalReasons: [
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
  ],
  roles: ['operator', 'analyst', 'responder', 'deployment', 'insurer', 'program_admin', 'company_admin', 'company_member'],
  staffRoles: ['operator', 'analyst', 'responder', 'deployment', 'insurer', 'program_admin'],
  companyRoles: ['company_admin', 'company_member'],
};

export const allowedTransitions: Record<CompanyStatus, CompanyStatus[]> = {
  applied: ['surveyed', 'withdrawn'],
  surveyed: ['active', 'withdrawn'],
  active: ['withdrawn'],
  withdrawn: ['applied'],
};

export function useReferenceCodes(): ReferenceCodes {
  const q = useQuery({
    queryKey: ['reference-codes'],
    queryFn: () => api.get<ReferenceCodes>('/reference-codes'),
    staleTime: Infinity,
    retry: false,
  });
  const data = q.data;
  if (!data) return fallbackCodes;
  // Keep any list the server did not send.
  return { ...fallbackCodes, ...Object.fromEntries(Object.entries(data).filter(([, v]) => Array.isArray(v) && v.length > 0)) } as ReferenceCodes;
}

export const STAFF_COMPANY_READERS = new Set(['program_admin', 'operator', 'analyst', 'deployment']);
export const COMPANY_ROLES = new Set(['company_admin', 'company_member']);
