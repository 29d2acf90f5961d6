// Shapes of the otasuke API (docs/api-foundation.md). Kept loose where the server may add fields.

import type { Role } from '../../src/platform/auth/roles.ts';
import type { CompanyStatus, MaturityGroup, applicationStatuses } from '../../src/modules/companies/reference-codes.ts';

export type Locale = 'ja' | 'en';

// Code unions come from the server's own lists (pure modules, bundled).
export type { StaffRole, CompanyRole, Role } from '../../src/platform/auth/roles.ts';
export type { CompanyStatus, MaturityGroup } from '../../src/modules/companies/reference-codes.ts';
export type ApplicationStatus = (typeof applicationStatuses)[number];

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  companyId: string | null;
  companyName: string | null;
  locale: Locale;
  totpEnabled: boolean;
  totpRequired: boolean;
  csrfToken: string;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ReferenceCodes {
  industries: readonly string[];
  employeeBands: readonly string[];
  referralRoutes: readonly string[];
  companyStatuses: readonly string[];
  maturityGroups: readonly string[];
  withdrawalReasons: readonly string[];
  roles: readonly string[];
  staffRoles: readonly string[];
  companyRoles: readonly string[];
}

export interface Application {
  id: string;
  companyName: string;
  industry: string;
  employeesBand: string;
  pcCount: number;
  sites: number;
  contactName: string;
  contactTitle: string | null;
  phone: string;
  email: string;
  address: string | null;
  referralRoute: string;
  referralNote: string | null;
  status: ApplicationStatus;
  createdAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  companyId: string | null;
}

export interface CompanySummary {
  id: string;
  name: string;
  industry: string;
  employeesBand: string;
  pcCount: number | null;
  status: CompanyStatus;
  group: MaturityGroup | null;
  referralRoute: string | null;
  createdAt: string;
}

export interface Company extends CompanySummary {
  sites: number | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  updatedAt: string;
  withdrawalReason: string | null;
  withdrawalNote: string | null;
}

export interface HistoryItem {
  id: string;
  fromStatus: CompanyStatus | null;
  toStatus: CompanyStatus;
  reasonCode: string | null;
  note: string | null;
  actorEmail: string | null;
  at: string;
}

export interface Contact {
  id: string;
  companyId: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  isPrimary: boolean;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  companyId: string | null;
  status: 'invited' | 'active' | 'disabled';
  locale: Locale;
  totpEnabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface TimelineItem {
  seq: number;
  at: string;
  action: string;
  actorEmail: string | null;
  actorRole: string | null;
  detail: unknown;
}

export interface AuditItem extends TimelineItem {
  targetType: string | null;
  targetId: string | null;
  companyId: string | null;
}

export interface FormLink {
  url: string;
  qrSvg: string;
  qrPngDataUrl: string;
}

export interface TotpSetup {
  secret: string;
  uri: string;
  qrDataUrl: string;
}

export interface PasswordToken {
  email: string;
  name: string;
  purpose: 'invite' | 'reset';
}
