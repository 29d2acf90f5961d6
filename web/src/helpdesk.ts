// Help desk and dispatch (docs/api-helpdesk.md): code lists, shapes of the API's answers, and who may do what.
// Every string in these shapes comes from the server or from customers' mail: render as React text only.

export const caseChannels = ['web', 'mail', 'phone', 'outbound'] as const;
export const caseCategories = ['consultation', 'suspicious_mail', 'malware', 'unauthorized_access', 'device_trouble', 'service_question', 'other'] as const;
export const caseSeverities = ['low', 'medium', 'high', 'critical'] as const;
export const caseStatuses = ['new', 'in_progress', 'waiting_customer', 'resolved', 'closed'] as const;
export const caseTiers = ['front', 'back'] as const;
export const kbCategories = ['windows_update', 'scareware', 'emotet', 'botnet', 'internal_scan', ...caseCategories] as const;
export const quarantineReasons = ['unknown_sender', 'too_large', 'malformed', 'rate_limited'] as const;

export const dispatchRequests = ['identify_device', 'fast_forensics', 'evidence_preservation', 'recovery'] as const;
export const dispatchPriorities = ['normal', 'urgent'] as const;
export const dispatchStatuses = ['ordered', 'scheduled', 'on_site', 'reported', 'cancelled'] as const;
export const responderSkills = ['windows', 'mac', 'smartphone', 'mfp'] as const;
export const checklistItems = ['deviceIdentified', 'photos', 'volatileData', 'diskImage', 'networkIsolated', 'customerInformed'] as const;

export type CaseStatus = (typeof caseStatuses)[number];
export type ChecklistItem = (typeof checklistItems)[number];

/** Status moves a staff member may make from each status (reopen = back to in_progress). */
export const caseTransitions: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['in_progress', 'waiting_customer', 'resolved', 'closed'],
  in_progress: ['waiting_customer', 'resolved', 'closed'],
  waiting_customer: ['in_progress', 'resolved', 'closed'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export function isOpenStatus(status: string): boolean {
  return status !== 'resolved' && status !== 'closed';
}

// ---------- Roles ----------

export function isCompanyUser(role: string): boolean {
  return role === 'company_admin' || role === 'company_member';
}
/** The help desk (front line), the monitoring center (back office) and the program office work every case. */
export function canWorkCases(role: string): boolean {
  return role === 'operator' || role === 'analyst' || role === 'program_admin';
}
/** Back office: judgements and dispatch orders. */
export function isBackOffice(role: string): boolean {
  return role === 'analyst' || role === 'program_admin';
}
export function isResponder(role: string): boolean {
  return role === 'responder';
}
/** Who sees the dispatch list: the back office and the help desk (all), responders (their own). */
export function canSeeDispatches(role: string): boolean {
  return canWorkCases(role) || isResponder(role);
}
/** On-site work (arrive, checklist, evidence, report): the responder, and the back office standing in. */
export function canDoFieldWork(role: string): boolean {
  return isResponder(role) || isBackOffice(role);
}

// ---------- Shapes ----------

export interface Sla {
  firstResponseDueAt: string;
  resolutionDueAt: string;
  firstRespondedAt: string | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  paused: boolean;
}

export interface CaseListItem {
  id: string;
  number: string;
  companyId: string;
  companyName: string | null;
  subject: string;
  channel: string;
  category: string;
  severity: string;
  status: string;
  tier: string;
  assigneeId: string | null;
  assigneeName: string | null;
  createdAt: string;
  updatedAt: string;
  sla?: Sla | null;
}

export interface CallScript {
  seen: string;
  device: string;
  ask: string[];
  advise: string[];
  offerDispatch: string;
}

export interface Judgement {
  incident: boolean;
  category: string;
  dispatchNeeded: boolean;
  reason: string;
  by: string | null;
  at: string;
}

export interface Case extends CaseListItem {
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  judgement?: Judgement | null;
  callScript?: CallScript | null;
}

export interface CaseEvent {
  id: string;
  kind: string;
  at: string;
  actorName: string | null;
  visibility: 'public' | 'internal';
  body: string;
  data: Record<string, unknown>;
}

export interface CaseAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  at: string;
  eventId?: string | null;
}

export interface CaseAlert {
  id: string;
  category: string;
  hostIp: string | null;
  hostMac: string | null;
  hostVendor: string | null;
  hostName: string | null;
  remoteIp: string | null;
  count: number;
  lastSeen: string;
}

export interface CaseDispatchLink {
  id: string;
  number: string;
  status: string;
  request: string;
  visitAt: string | null;
  reportDueAt: string | null;
}

export interface CaseDetail {
  case: Case;
  events: CaseEvent[];
  attachments: CaseAttachment[];
  alerts: CaseAlert[];
  dispatches: CaseDispatchLink[];
  playbooks: { id: string; title: string; category: string }[];
}

export interface KbArticle {
  id: string;
  slug: string;
  category: string;
  title: string;
  customerBody: string;
  staffBody?: string;
  checklist?: string[];
  published: boolean;
  updatedAt: string;
}

export interface NoticeItem {
  id: string;
  title: string;
  body: string;
  sentAt: string;
  recipients: number;
}

export interface QuarantineItem {
  id: string;
  receivedAt: string;
  from: string;
  subject: string;
  reason: string;
  size: number;
  status: string;
}

export interface Office {
  id: string;
  name: string;
  address: string | null;
  coverage: string[];
}

export interface ResponderInfo {
  userId: string;
  name: string;
  officeId: string | null;
  skills: string[];
  hours: string | null;
}

export interface DeviceIdentity {
  ip?: string | null;
  mac?: string | null;
  vendor?: string | null;
  hostname?: string | null;
  kind?: string | null;
}

export interface DispatchItem {
  id: string;
  number: string;
  caseId: string;
  companyId: string;
  companyName: string | null;
  status: string;
  request: string;
  priority: string;
  siteAddress: string;
  officeId: string | null;
  officeName: string | null;
  responderId: string | null;
  responderName: string | null;
  visitAt: string | null;
  arrivedAt: string | null;
  reportDueAt: string | null;
  reportSentAt: string | null;
  createdAt: string;
}

export interface ChecklistEntry {
  done: boolean;
  at?: string | null;
  by?: string | null;
  note?: string | null;
}

export interface DispatchReport {
  whatHappened: string;
  why: string;
  whatDone: string;
  whatNext: string;
  technical: string;
}

export interface Dispatch extends DispatchItem {
  caseNumber?: string | null;
  /** Minutes from the order to recovery (null until recovered). */
  timeToRecoveryMinutes?: number | null;
  device: DeviceIdentity | null;
  identifyDevice: boolean;
  checklist: Partial<Record<string, ChecklistEntry>>;
  findings: string | null;
  recoveredAt: string | null;
  report: (Partial<DispatchReport> & Record<string, unknown>) | null;
}

export interface Custody {
  at: string;
  from: string | null;
  to: string;
  location: string;
  purpose: string;
  recordedBy: string | null;
}

export interface Evidence {
  id: string;
  label: string;
  sha256: string;
  size: number;
  collectedBy: string | null;
  collectedAt: string;
  location: string;
  custody: Custody[];
}

export interface DispatchDetail {
  dispatch: Dispatch;
  evidence: Evidence[];
}

// ---------- Helpers ----------

/** Whole days from now until `iso` (negative when past), counted on calendar days in Japan. */
export function daysUntil(iso: string | null | undefined, now: number = Date.now()): number | null {
  if (!iso) return null;
  const due = new Date(iso).getTime();
  if (Number.isNaN(due)) return null;
  const day = (ms: number) => Math.floor((ms + 9 * 3_600_000) / 86_400_000);
  return day(due) - day(now);
}

/** The value of a `datetime-local` input (Japan time) for an instant. */
export function toTokyoInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** An instant (ISO, UTC) from a `datetime-local` value read as Japan time. */
export function fromTokyoInput(v: string): string | null {
  if (!v) return null;
  const d = new Date(`${v.length === 16 ? `${v}:00` : v}+09:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "1.2 MB" style sizes. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export const SHA256_RE = /^[0-9a-f]{64}$/i;
