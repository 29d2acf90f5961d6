import { z } from 'zod';
import { employeeBands, industries, referralRoutes } from '../companies/reference-codes.ts';
import { deviceTypes, drillSections, groupFilters } from './programCodes.ts';

/** Empty query values (`?group=`) mean "no filter". */
const opt = <T extends z.ZodTypeAny>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'not a calendar date');

const filterShape = {
  from: opt(day),
  to: opt(day),
  group: opt(z.enum(groupFilters)),
  industry: opt(z.enum(industries)),
  employees: opt(z.enum(employeeBands)),
  deviceType: opt(z.enum(deviceTypes)),
  referralRoute: opt(z.enum(referralRoutes)),
};

/** The dashboard's filters: JST days `from`..`to` (inclusive; default the last 6 months) and company attributes. */
export const programFilterQuery = z.strictObject(filterShape);
export type ProgramFilterInput = z.infer<typeof programFilterQuery>;

/** Filters with the period resolved. */
export type ProgramFilters = Omit<ProgramFilterInput, 'from' | 'to'> & { from: string; to: string };

export const programExportQuery = z.strictObject({ ...filterShape, locale: z.enum(['ja', 'en']).default('ja') });

export const drilldownQuery = z.strictObject({
  ...filterShape,
  section: z.enum(drillSections),
  key: opt(z.string().max(300)),
  month: opt(z.string().regex(/^\d{4}-\d{2}$/, 'a month YYYY-MM')),
});
export type DrilldownQuery = z.infer<typeof drilldownQuery>;

// --- responses (allow-lists)

const count = z.number().int();
const sla = z.object({ met: count, breached: count, pending: count, attainment: z.number().nullable() });
const keyRows = z.object({ total: count, other: count, rows: z.array(z.object({ key: z.string(), count, companies: count })) });
const stageCounts = z.object({ applied: count, surveyed: count, active: count, withdrawn: count });
const deploymentCounts = z.object({ registered: count, newlyRegistered: count, firstData: count, reporting: count, notReporting: count });

export const programDashboardDto = z.object({
  period: z.object({ from: z.string(), to: z.string(), months: z.array(z.string()) }),
  filters: z.object({
    group: z.string().nullable(),
    industry: z.string().nullable(),
    employees: z.string().nullable(),
    deviceType: z.string().nullable(),
    referralRoute: z.string().nullable(),
  }),
  generatedAt: z.string(),
  companies: z.object({ total: count }),
  participation: z.object({
    applications: z.object({ total: count, accepted: count, pending: count, rejected: count }),
    totals: stageCounts,
    byRoute: z.array(stageCounts.extend({ route: z.string(), applications: count })),
    monthly: z.array(stageCounts.extend({ month: z.string() })),
    withdrawalReasons: z.array(z.object({ reason: z.string(), count })),
    atEnd: stageCounts,
  }),
  assignment: z.object({
    vendors: z.array(z.string()),
    rows: z.array(z.object({ group: z.string(), companies: count, devices: count, noDevice: count, byVendor: z.record(z.string(), count) })),
  }),
  deployment: z.object({
    limited: z.literal(true),
    note: z.string(),
    monthly: z.array(deploymentCounts.extend({ month: z.string() })),
    atEnd: deploymentCounts.extend({ neverSeen: count }),
  }),
  detections: z.object({
    total: count,
    byCategory: z.array(z.object({ category: z.string(), direction: z.string(), count, companies: count })),
    byDirection: z.array(z.object({ direction: z.string(), count })),
    monthly: z.array(z.object({ month: z.string(), total: count, byDirection: z.record(z.string(), count), byCategory: z.record(z.string(), count) })),
  }),
  scanPorts: keyRows,
  urlCategories: keyRows,
  ipReputation: keyRows,
  helpdesk: z.object({
    total: count,
    firstResponse: sla,
    resolution: sla,
    byChannel: z.array(z.object({ channel: z.string(), count, firstResponse: sla, resolution: sla })),
    byCategory: z.array(z.object({ category: z.string(), count })),
    monthly: z.array(z.object({ month: z.string(), total: count, byChannel: z.record(z.string(), count) })),
  }),
  dispatches: z.object({
    total: count,
    byStatus: z.array(z.object({ status: z.string(), count })),
    byRequest: z.array(z.object({ request: z.string(), count })),
    arrival: z.object({ arrived: count, medianMinutes: z.number().nullable(), meanMinutes: z.number().nullable(), maxMinutes: z.number().nullable() }),
    report: z.object({ onTime: count, late: count, overdue: count, pending: count }),
    monthly: z.array(z.object({ month: z.string(), count, arrived: count, medianArrivalMinutes: z.number().nullable(), onTime: count, late: count, overdue: count })),
    items: z.array(
      z.object({
        id: z.string(),
        number: z.string(),
        companyId: z.string(),
        companyName: z.string(),
        request: z.string(),
        status: z.string(),
        createdAt: z.string(),
        arrivedAt: z.string().nullable(),
        minutesToArrival: z.number().nullable(),
        reportDueAt: z.string().nullable(),
        reportSentAt: z.string().nullable(),
        reportDelayHours: z.number().nullable(),
        report: z.string(),
      }),
    ),
  }),
  securityAction: z.object({
    note: z.string(),
    atStart: z.object({ oneStar: count, twoStar: count }),
    /** Declarations at the end of each month (the last month: at the end of the period). */
    monthly: z.array(z.object({ month: z.string(), oneStar: count, twoStar: count })),
    atEnd: z.object({ oneStar: count, twoStar: count }),
  }),
});
export type ProgramDashboard = z.infer<typeof programDashboardDto>;

export const drilldownDto = z.object({
  section: z.string(),
  key: z.string().nullable(),
  month: z.string().nullable(),
  total: count,
  truncated: z.boolean(),
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      group: z.string().nullable(),
      industry: z.string(),
      employeesBand: z.string(),
      status: z.string(),
      /** How many of the section's items the company has (detections, cases, devices …); null for `companies`. */
      count: z.number().nullable(),
    }),
  ),
});
export type DrilldownDto = z.infer<typeof drilldownDto>;
