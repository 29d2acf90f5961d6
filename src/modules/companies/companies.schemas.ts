import { z } from 'zod';
import {
  applicationStatuses,
  companyStatuses,
  employeeBands,
  industries,
  maturityGroups,
  referralRoutes,
  withdrawalReasons,
} from './reference-codes.ts';

/** Trimmed text with a maximum length; empty strings become undefined for optional fields. */
const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
const optText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(max).optional());
/** Full-width digits and letters (０５２－１２３…, ｔａｎａｋａ＠…) are what Japanese keyboards often produce. */
const nfkc = (v: unknown) => (typeof v === 'string' ? v.normalize('NFKC').replace(/[‐‑–—―ー−]/g, '-') : v);
export const phoneSchema = z.preprocess(
  nfkc,
  z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9\-() ]{8,18}[0-9]$/, 'phone number: digits and hyphens, e.g. 052-123-4567'),
);
export const emailSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.normalize('NFKC') : v),
  z.string().trim().toLowerCase().max(254).pipe(z.email('not a valid e-mail address')),
);
const count = (max: number) =>
  z.preprocess(
    (v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v.normalize('NFKC').trim()) : v),
    z.number({ error: 'required: a whole number' }).int('whole number').min(0, 'must be 0 or more').max(max, `at most ${max}`),
  );

export const applicationInput = z.strictObject({
  companyName: text(120),
  industry: z.enum(industries),
  employeesBand: z.enum(employeeBands),
  pcCount: count(100_000),
  sites: count(1_000),
  contactName: text(80),
  contactTitle: optText(80),
  phone: phoneSchema,
  email: emailSchema,
  address: optText(200),
  referralRoute: z.enum(referralRoutes),
  referralNote: optText(500),
  consent: z.literal(true, { error: 'consent is required' }),
});
export type ApplicationInput = z.infer<typeof applicationInput>;

export const companyInput = z.strictObject({
  name: text(120),
  industry: z.enum(industries),
  employeesBand: z.enum(employeeBands),
  pcCount: count(100_000).optional(),
  sites: count(1_000).optional(),
  referralRoute: z.enum(referralRoutes).optional(),
  address: optText(200),
  phone: phoneSchema.optional(),
  email: emailSchema.optional(),
  website: optText(200),
  group: z.enum(maturityGroups).optional(),
});
export type CompanyInput = z.infer<typeof companyInput>;

/** Edits send only what changed; `null` clears an optional field. */
export const companyPatch = companyInput.partial().extend({
  group: z.enum(maturityGroups).nullable().optional(),
  pcCount: count(100_000).nullable().optional(),
  sites: count(1_000).nullable().optional(),
  address: optText(200).nullable(),
  phone: phoneSchema.nullable().optional(),
  email: emailSchema.nullable().optional(),
  website: optText(200).nullable(),
});
export type CompanyPatch = z.infer<typeof companyPatch>;

export const statusChangeInput = z.strictObject({
  status: z.enum(companyStatuses),
  reasonCode: z.enum(withdrawalReasons).optional(),
  note: optText(1000),
});
export type StatusChangeInput = z.infer<typeof statusChangeInput>;

export const contactInput = z.strictObject({
  name: text(80),
  title: optText(80),
  phone: phoneSchema.optional(),
  email: emailSchema.optional(),
  isPrimary: z.boolean().optional(),
});
export type ContactInput = z.infer<typeof contactInput>;
export const contactPatch = contactInput.partial().extend({
  title: optText(80).nullable(),
  phone: phoneSchema.nullable().optional(),
  email: emailSchema.nullable().optional(),
});
export type ContactPatch = z.infer<typeof contactPatch>;

const pageParams = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const companyListQuery = z.strictObject({
  ...pageParams,
  q: z.string().trim().max(100).optional(),
  status: z.enum(companyStatuses).optional(),
  group: z.enum(maturityGroups).optional(),
  industry: z.enum(industries).optional(),
  referralRoute: z.enum(referralRoutes).optional(),
  sort: z.enum(['name', 'createdAt']).default('name'),
});
export type CompanyListQuery = z.infer<typeof companyListQuery>;

export const applicationListQuery = z.strictObject({
  ...pageParams,
  status: z.enum(applicationStatuses).optional(),
});

export const decisionInput = z.strictObject({ note: optText(1000) });
export const rejectionInput = z.strictObject({ reason: text(1000) });

// Response allow-lists.
export const companySummaryDto = z.object({
  id: z.string(),
  name: z.string(),
  industry: z.string(),
  employeesBand: z.string(),
  pcCount: z.number().nullable(),
  status: z.string(),
  group: z.string().nullable(),
  referralRoute: z.string().nullable(),
  createdAt: z.string(),
});
export const companyDto = companySummaryDto.extend({
  sites: z.number().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  updatedAt: z.string(),
  withdrawalReason: z.string().nullable(),
  withdrawalNote: z.string().nullable(),
});
export const contactDto = z.object({
  id: z.string(),
  companyId: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  isPrimary: z.boolean(),
});
export const applicationDto = z.object({
  id: z.string(),
  companyName: z.string(),
  industry: z.string(),
  employeesBand: z.string(),
  pcCount: z.number(),
  sites: z.number(),
  contactName: z.string(),
  contactTitle: z.string().nullable(),
  phone: z.string(),
  email: z.string(),
  address: z.string().nullable(),
  referralRoute: z.string(),
  referralNote: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  companyId: z.string().nullable(),
});
export type CompanySummaryDto = z.infer<typeof companySummaryDto>;
export type CompanyDto = z.infer<typeof companyDto>;
export type ContactDto = z.infer<typeof contactDto>;
export type ApplicationDto = z.infer<typeof applicationDto>;
