/**
 * Codes of the program dashboard (pure: the SPA bundles this file too). The dashboard, its
 * drill-down, the XLSX and the PDF all use these names.
 */
import { vendors } from '../ingest/parsing/types.ts';

export const detectionDirections = ['inbound', 'outbound', 'internal', 'na'] as const;
export type DetectionDirection = (typeof detectionDirections)[number];

/** Direction from the category's name: `*.inbound*` → inbound, `*.outbound*` → outbound, `scan.internal` → internal, others n/a. */
export function directionOf(category: string): DetectionDirection {
  if (category.includes('.inbound')) return 'inbound';
  if (category.includes('.outbound')) return 'outbound';
  if (category === 'scan.internal') return 'internal';
  return 'na';
}

/** Device-type filter: a device's vendor (log format), or `none` for companies without a device. */
export const deviceTypes = [...vendors, 'none'] as const;
/** Group filter: a maturity group, or `none` for companies not grouped yet. */
export const groupFilters = ['A', 'B', 'C', 'none'] as const;

/** Participation stages in funnel order. */
export const stages = ['applied', 'surveyed', 'active', 'withdrawn'] as const;

/** Deployment measures per month (devices): registered by the month's end, newly registered, first log received, logs received, none received. */
export const deploymentMeasures = ['registered', 'newlyRegistered', 'firstData', 'reporting', 'notReporting'] as const;
export type DeploymentMeasure = (typeof deploymentMeasures)[number];

/**
 * Drill-down sections (`GET /api/v1/program/companies?section=…&key=…&month=…`).
 * For `participation`, `status`, `assignment`, `deployment`, `detections`, `cases`, `dispatches` and `securityAction`
 * the key is a comma-separated list of `dimension:value` tags that must all hold (e.g.
 * `channel:phone,firstResponse:breached`); for `scanPorts`, `urlCategories` and `ipReputation` it is
 * the rollup key itself (`23/tcp`, `Phishing`). `companies` takes no key.
 */
export const drillSections = ['companies', 'participation', 'status', 'assignment', 'deployment', 'detections', 'scanPorts', 'urlCategories', 'ipReputation', 'cases', 'dispatches', 'securityAction'] as const;
export type DrillSection = (typeof drillSections)[number];

/** Rollup categories whose key is the destination port (inbound scans). */
export const scanCategories = ['scan.inbound.probable', 'scan.inbound.possible'] as const;
/** How many keys the key tables list before "others". */
export const TOP_KEYS = 20;
/** Longest period the dashboard accepts (days). */
export const MAX_PERIOD_DAYS = 3 * 366;
