import { z } from 'zod';

export const caseChannels = ['web', 'mail', 'phone', 'outbound'] as const;
export const caseCategories = ['consultation', 'suspicious_mail', 'malware', 'unauthorized_access', 'device_trouble', 'service_question', 'other'] as const;
export const caseSeverities = ['low', 'medium', 'high', 'critical'] as const;
export const caseStatuses = ['new', 'in_progress', 'waiting_customer', 'resolved', 'closed'] as const;
export const caseTiers = ['front', 'back'] as const;
export const kbCategories = ['windows_update', 'scareware', 'emotet', 'botnet', 'internal_scan', ...caseCategories] as const;
export const quarantineReasons = ['unknown_sender', 'too_large', 'malformed', 'rate_limited', 'bounce'] as const;

export type CaseChannel = (typeof caseChannels)[number];
export type CaseCategory = (typeof caseCategories)[number];
export type CaseSeverity = (typeof caseSeverities)[number];
export type CaseStatus = (typeof caseStatuses)[number];

/** Allowed status moves; `resolved`/`closed` → `in_progress` is a reopen. */
export const caseTransitions: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['in_progress', 'waiting_customer', 'resolved', 'closed'],
  in_progress: ['waiting_customer', 'resolved', 'closed'],
  waiting_customer: ['in_progress', 'resolved', 'closed'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().min(1).max(64);

export const slaDto = z.object({
  firstResponseDueAt: z.string(),
  resolutionDueAt: z.string(),
  firstRespondedAt: z.string().nullable(),
  firstResponseBreached: z.boolean(),
  resolutionBreached: z.boolean(),
  paused: z.boolean(),
});

export const caseListItem = z.object({
  id: z.string(),
  number: z.string(),
  companyId: z.string(),
  companyName: z.string().nullable(),
  subject: z.string(),
  channel: z.string(),
  category: z.string(),
  severity: z.string(),
  status: z.string(),
  tier: z.string(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sla: slaDto,
});
export type CaseListItem = z.infer<typeof caseListItem>;

export const callScriptDto = z.object({
  seen: z.string(),
  device: z.string(),
  ask: z.array(z.string()),
  advise: z.array(z.string()),
  offerDispatch: z.string(),
});
export type CallScript = z.infer<typeof callScriptDto>;

export const judgementDto = z.object({
  incident: z.boolean(),
  category: z.string(),
  dispatchNeeded: z.boolean(),
  reason: z.string(),
  by: z.string().nullable(),
  at: z.string(),
});

export const caseDto = caseListItem.extend({
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  contactPhone: z.string().nullable(),
  judgement: judgementDto.nullable(),
  callScript: callScriptDto.nullable(),
});

export const caseEventDto = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.string(),
  actorName: z.string().nullable(),
  visibility: z.enum(['public', 'internal']),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const caseDetailDto = z.object({
  case: caseDto,
  events: z.array(caseEventDto),
  attachments: z.array(z.object({ id: z.string(), eventId: z.string().nullable(), filename: z.string(), contentType: z.string(), size: z.number(), sha256: z.string(), at: z.string() })),
  alerts: z.array(
    z.object({
      id: z.string(),
      category: z.string(),
      hostIp: z.string().nullable(),
      hostMac: z.string().nullable(),
      hostVendor: z.string().nullable(),
      hostName: z.string().nullable(),
      remoteIp: z.string().nullable(),
      count: z.number(),
      lastSeen: z.string(),
    }),
  ),
  dispatches: z.array(z.object({ id: z.string(), number: z.string(), status: z.string(), request: z.string(), visitAt: z.string().nullable(), reportDueAt: z.string().nullable() })),
  playbooks: z.array(z.object({ id: z.string(), title: z.string(), category: z.string() })),
});
export type CaseDetail = z.infer<typeof caseDetailDto>;

export const caseListQuery = z.strictObject({
  companyId: id.optional(),
  status: z.enum(caseStatuses).optional(),
  channel: z.enum(caseChannels).optional(),
  category: z.enum(caseCategories).optional(),
  tier: z.enum(caseTiers).optional(),
  assigneeId: id.optional(),
  breached: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const caseCreate = z.strictObject({
  companyId: id.optional(),
  subject: text(200),
  body: text(20_000),
  channel: z.enum(['web', 'phone', 'outbound']).optional(),
  category: z.enum(caseCategories),
  severity: z.enum(caseSeverities).optional(),
  contactName: z.string().trim().max(100).optional(),
  contactEmail: z.string().trim().email().max(254).optional(),
  contactPhone: z.string().trim().max(40).optional(),
  alertIds: z.array(id).max(50).optional(),
});
export type CaseCreate = z.infer<typeof caseCreate>;

export const caseMessage = z.strictObject({
  kind: z.enum(['reply', 'note', 'call_note']),
  body: text(20_000),
  kbArticleId: id.optional(),
});

export const casePatch = z.strictObject({
  status: z.enum(caseStatuses).optional(),
  assigneeId: id.nullable().optional(),
  severity: z.enum(caseSeverities).optional(),
  category: z.enum(caseCategories).optional(),
});
export type CasePatch = z.infer<typeof casePatch>;

export const escalation = z.strictObject({ reason: text(2000) });
export const judgementInput = z.strictObject({ incident: z.boolean(), category: z.enum(caseCategories), dispatchNeeded: z.boolean(), reason: text(4000) });

export const kbInput = z.strictObject({
  slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'lower-case letters, digits and hyphens'),
  category: z.enum(kbCategories),
  title: text(200),
  customerBody: text(20_000),
  staffBody: z.string().max(20_000).default(''),
  checklist: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
  published: z.boolean().default(false),
});
export const kbPatch = kbInput.partial().strict();
export const kbDto = z.object({
  id: z.string(),
  slug: z.string(),
  category: z.string(),
  title: z.string(),
  customerBody: z.string(),
  staffBody: z.string().optional(),
  checklist: z.array(z.string()).optional(),
  published: z.boolean(),
  updatedAt: z.string(),
});
export type KbDto = z.infer<typeof kbDto>;

export const noticeInput = z.strictObject({
  title: text(200),
  body: text(20_000),
  filter: z
    .strictObject({
      status: z.array(z.enum(['applied', 'surveyed', 'active', 'withdrawn'])).max(4).optional(),
      group: z.array(z.enum(['A', 'B', 'C'])).max(3).optional(),
      industry: z.array(z.string().max(40)).max(20).optional(),
      companyIds: z.array(id).max(5000).optional(),
    })
    .default({}),
});
