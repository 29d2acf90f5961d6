export const staffRoles = ['operator', 'analyst', 'responder', 'deployment', 'insurer', 'program_admin'] as const;
export const companyRoles = ['company_admin', 'company_member'] as const;
export const allRoles = [...staffRoles, ...companyRoles] as const;

export type StaffRole = (typeof staffRoles)[number];
export type CompanyRole = (typeof companyRoles)[number];
export type Role = (typeof allRoles)[number];

export function isStaffRole(role: string): role is StaffRole {
  return (staffRoles as readonly string[]).includes(role);
}
export function isCompanyRole(role: string): role is CompanyRole {
  return (companyRoles as readonly string[]).includes(role);
}

/** The acting user of a request or command. CLI commands act as `system`. */
export interface Actor {
  userId: string | null;
  role: Role | 'system' | 'public';
  companyId: string | null;
  email: string | null;
  ip: string | null;
}

export const systemActor: Actor = { userId: null, role: 'system', companyId: null, email: null, ip: null };
export const publicActor = (ip: string | null): Actor => ({ userId: null, role: 'public', companyId: null, email: null, ip });

/**
 * Staff roles that may see every company's profile. Responders see only companies of their
 * dispatches and insurers only anonymised data, so neither is here.
 */
const companyReaders: ReadonlySet<string> = new Set(['program_admin', 'operator', 'analyst', 'deployment', 'system']);

export function canReadAllCompanies(actor: Actor): boolean {
  return companyReaders.has(actor.role);
}

export function isProgramAdmin(actor: Actor): boolean {
  return actor.role === 'program_admin' || actor.role === 'system';
}
