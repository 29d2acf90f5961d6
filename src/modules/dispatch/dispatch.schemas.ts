import { z } from 'zod';
import ipaddr from 'ipaddr.js';
import { checklistItems, dispatchPriorities, dispatchRequests, dispatchStatuses, responderSkills } from './dispatch.codes.ts';

/** Trimmed, NFKC-folded text (full-width digits and letters from Japanese keyboards) with a maximum length. */
const nfkc = (v: unknown) => (typeof v === 'string' ? v.normalize('NFKC') : v);
const text = (max: number) => z.preprocess(nfkc, z.string().trim().min(1, 'required').max(max, `at most ${max} characters`));
/** Optional text: empty strings become undefined. */
const optText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(max).optional());
/** Long free text (report sections, findings): line breaks kept, only trimmed. */
const longText = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const instant = z.iso.datetime({ offset: true, error: 'an ISO-8601 time with a zone, e.g. 2026-12-01T10:00:00+09:00' }).transform((v) => new Date(v).toISOString());

/** Accepts aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff or aabbccddeeff; stores lower case with colons. */
export function normaliseMac(v: string): string | null {
  const hex = v.normalize('NFKC').trim().toLowerCase();
  if (!/^([0-9a-f]{2}([:-]?)){5}[0-9a-f]{2}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/.test(hex)) return null;
  const bare = hex.replace(/[^0-9a-f]/g, '');
  return bare.match(/../g)!.join(':');
}

const ipSchema = z.preprocess(
  nfkc,
  z
    .string()
    .trim()
    .refine((v) => ipaddr.isValid(v), 'an IPv4 or IPv6 address, e.g. 192.168.1.23')
    .transform((v) => ipaddr.process(v).toString()),
);
const macSchema = z.preprocess(
  (v) => (typeof v === 'string' ? (normaliseMac(v) ?? v) : v),
  z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, 'a MAC address, e.g. 3c:22:fb:12:34:56'),
);
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const deviceInput = z.strictObject({
  ip: z.preprocess(emptyToUndefined, ipSchema.optional()),
  mac: z.preprocess(emptyToUndefined, macSchema.optional()),
  vendor: optText(200),
  hostname: optText(200),
  kind: z.enum(responderSkills).optional(),
});
export type DeviceInput = z.infer<typeof deviceInput>;

export const dispatchOrderInput = z
  .strictObject({
    siteAddress: text(300),
    device: deviceInput.default({}),
    identifyDevice: z.boolean().optional(),
    request: z.enum(dispatchRequests),
    priority: z.enum(dispatchPriorities).optional(),
    visitAt: instant.optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.identifyDevice && !v.device.ip && !v.device.mac) {
      ctx.addIssue({
        code: 'custom',
        path: ['device', 'ip'],
        message: 'the device needs at least an IP or MAC address, unless the order is to identify the device (identifyDevice: true)',
      });
    }
  });
export type DispatchOrderInput = z.infer<typeof dispatchOrderInput>;

export const dispatchPatch = z.strictObject({
  officeId: z.string().min(1).max(64).nullable().optional(),
  responderId: z.string().min(1).max(64).nullable().optional(),
  visitAt: instant.nullable().optional(),
  status: z.literal('cancelled').optional(),
});
export type DispatchPatch = z.infer<typeof dispatchPatch>;

export const dispatchListQuery = z.strictObject({
  status: z.enum(dispatchStatuses).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type DispatchListQuery = z.infer<typeof dispatchListQuery>;

const checklistEntryInput = z.strictObject({ done: z.boolean(), note: z.preprocess(emptyToUndefined, longText(2000).optional()) });
export const checklistInput = z.strictObject({
  items: z.partialRecord(z.enum(checklistItems), checklistEntryInput).default({}),
  device: deviceInput.optional(),
});
export type ChecklistInput = z.infer<typeof checklistInput>;

export const evidenceInput = z.strictObject({
  label: text(200),
  sha256: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256: 64 hexadecimal characters'),
  ),
  size: z.number().int('whole number of bytes').min(0).max(Number.MAX_SAFE_INTEGER),
  location: text(300),
  collectedAt: instant.optional(),
});
export type EvidenceInput = z.infer<typeof evidenceInput>;

export const custodyInput = z.strictObject({ to: text(200), location: text(300), purpose: text(500) });
export type CustodyInput = z.infer<typeof custodyInput>;

export const findingsInput = z.strictObject({ findings: longText(20_000), recoveredAt: instant.nullable().optional() });
export type FindingsInput = z.infer<typeof findingsInput>;

export const reportInput = z.strictObject({
  whatHappened: longText(10_000).min(1, 'required'),
  why: longText(10_000),
  whatDone: longText(10_000).min(1, 'required'),
  whatNext: longText(10_000).min(1, 'required'),
  technical: longText(50_000),
});
export type ReportInput = z.infer<typeof reportInput>;

const hoursSchema = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'working hours as HH:MM-HH:MM, e.g. 09:00-18:00')
  .refine((v) => v.slice(0, 5) < v.slice(6), 'the end must be after the start');

export const responderProfileInput = z.strictObject({
  officeId: z.string().min(1).max(64).nullable(),
  skills: z.array(z.enum(responderSkills)).max(responderSkills.length).transform((s) => [...new Set(s)]),
  hours: hoursSchema,
});
export type ResponderProfileInput = z.infer<typeof responderProfileInput>;

export const officeInput = z.strictObject({
  name: text(100),
  address: text(300),
  coverage: z.array(text(50)).min(1).max(200),
});
export type OfficeInput = z.infer<typeof officeInput>;

// --- responses (allow-lists)
export const officeDto = z.object({ id: z.string(), name: z.string(), address: z.string(), coverage: z.array(z.string()) });
export const responderDto = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  officeId: z.string().nullable(),
  skills: z.array(z.string()),
  hours: z.string().nullable(),
});

export const deviceDto = z.object({
  ip: z.string().nullable(),
  mac: z.string().nullable(),
  vendor: z.string().nullable(),
  hostname: z.string().nullable(),
  kind: z.string().nullable(),
});
export type DeviceDto = z.infer<typeof deviceDto>;

export const dispatchItemDto = z.object({
  id: z.string(),
  number: z.string(),
  caseId: z.string(),
  companyId: z.string(),
  companyName: z.string().nullable(),
  status: z.string(),
  request: z.string(),
  priority: z.string(),
  siteAddress: z.string(),
  officeId: z.string().nullable(),
  officeName: z.string().nullable(),
  responderId: z.string().nullable(),
  responderName: z.string().nullable(),
  visitAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  reportDueAt: z.string().nullable(),
  reportSentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type DispatchItemDto = z.infer<typeof dispatchItemDto>;

/** An on-site report as its company sees it in the list of reports it was sent. */
export const sentReportDto = z.object({
  id: z.string(),
  number: z.string(),
  request: z.string(),
  /** Arrival on site (else the planned visit). */
  visitAt: z.string().nullable(),
  reportSentAt: z.string(),
  caseNumber: z.string().nullable(),
  caseSubject: z.string().nullable(),
});
export type SentReportDto = z.infer<typeof sentReportDto>;

export const sentReportsQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const checklistEntryDto = z.object({ done: z.boolean(), at: z.string().nullable(), by: z.string().nullable(), note: z.string().nullable() });
export type ChecklistEntryDto = z.infer<typeof checklistEntryDto>;

export const reportDto = z.object({
  whatHappened: z.string(),
  why: z.string(),
  whatDone: z.string(),
  whatNext: z.string(),
  technical: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  sentTo: z.array(z.string()).nullable(),
  sentSha256: z.string().nullable(),
});
export type ReportDto = z.infer<typeof reportDto>;

export const dispatchDetailDto = dispatchItemDto.extend({
  caseNumber: z.string().nullable(),
  device: deviceDto,
  identifyDevice: z.boolean(),
  checklist: z.record(z.string(), checklistEntryDto),
  findings: z.string().nullable(),
  recoveredAt: z.string().nullable(),
  /** Minutes from the order to recovery (null until recovered). */
  timeToRecoveryMinutes: z.number().nullable(),
  report: reportDto.nullable(),
});
export type DispatchDetailDto = z.infer<typeof dispatchDetailDto>;

export const custodyDto = z.object({
  seq: z.number(),
  at: z.string(),
  from: z.string(),
  to: z.string(),
  location: z.string(),
  purpose: z.string(),
  recordedBy: z.string(),
});
export type CustodyDto = z.infer<typeof custodyDto>;

export const evidenceDto = z.object({
  id: z.string(),
  label: z.string(),
  sha256: z.string(),
  size: z.number(),
  collectedBy: z.string(),
  collectedAt: z.string(),
  location: z.string(),
  custody: z.array(custodyDto),
});
export type EvidenceDto = z.infer<typeof evidenceDto>;

export const dispatchViewDto = z.object({ dispatch: dispatchDetailDto, evidence: z.array(evidenceDto) });
export type DispatchViewDto = z.infer<typeof dispatchViewDto>;

/** The proposal made when ordering: which office covers the address and which responder fits. */
export const proposalDto = z.object({
  officeId: z.string().nullable(),
  officeName: z.string().nullable(),
  matched: z.string().nullable(),
  responderId: z.string().nullable(),
  responderName: z.string().nullable(),
  reason: z.string(),
});
