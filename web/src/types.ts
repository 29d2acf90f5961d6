// Shapes of the otasuke API (docs/api-foundation.md). Kept loose where the server may add fields.

import type { Role } from '../../src/platform/auth/roles.ts';
import type { CompanyStatus, MaturityGroup, applicationStatuses } from '../../src/modules/companies/reference-codes.ts';
import type { AlertDto } from '../../src/modules/monitoring/monitoring.schemas.ts';
import type { DeviceDto } from '../../src/modules/devices/devices.schemas.ts';

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

// Detection pipeline (docs/api-foundation.md, "Detection pipeline"). The DTOs the server validates its answers with.
export type { AlertDto as Alert } from '../../src/modules/monitoring/monitoring.schemas.ts';
export type { DeviceDto as Device } from '../../src/modules/devices/devices.schemas.ts';

/** GET /alerts/{id}: raw lines are log-derived text (render as text only). */
export interface AlertDetail {
  alert: AlertDto;
  lines: { at: string; raw: string }[];
  /** The internal host's IP↔MAC history, newest first. */
  identity: { mac: string; vendor: string | null; hostname: string | null; firstSeen: string; lastSeen: string }[];
}

export interface Suppression {
  id: string;
  companyId: string | null;
  category: string | null;
  hostCidr: string | null;
  remoteCidr: string | null;
  remoteOrg: string | null;
  reason: string;
  authorId: string | null;
  authorEmail: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface DeviceHealthItem {
  id: string;
  companyId: string;
  companyName: string | null;
  vendor: string;
  identity: string;
  name: string | null;
  lastSeenAt: string | null;
  linesToday: number;
  deadLettersToday: number;
  lines7d: number;
  deadLetters7d: number;
  /** A fraction (0.0123 = 1.23 %). */
  deadLetterRate7d: number;
  isSilent: boolean;
  neverSeen: boolean;
}

export interface DeviceHealth {
  unassignedDevices: number;
  items: DeviceHealthItem[];
}

export interface UnassignedDevice {
  deviceKey: string;
  lines: number;
  firstSeen: string;
  lastSeen: string;
  vendor: string | null;
  sender: string;
  sample: string;
}

export interface RegisteredDevice {
  device: DeviceDto;
  ingestToken: string;
}

export interface AssignedDevice {
  device: DeviceDto;
  reprocessed: number;
}

export interface DetectionSummary {
  companyId: string;
  from: string;
  to: string;
  categories: Record<string, number>;
}
