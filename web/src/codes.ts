import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { ReferenceCodes } from './types';
// The server's own code lists (pure modules without Node imports), bundled into the SPA.
import { referenceLists } from '../../src/modules/companies/reference-codes.ts';
import { categories } from '../../src/modules/ingest/parsing/categories.ts';
import { vendors } from '../../src/modules/ingest/parsing/types.ts';

export { allowedTransitions, applicationStatuses } from '../../src/modules/companies/reference-codes.ts';

/** The lists the SPA was built with, used until /reference-codes answers; the server list wins. */
export const fallbackCodes: ReferenceCodes = { ...referenceLists };

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

/** Select options for a code list, labelled from the i18n catalog (`<prefix>.<code>`, the code itself when missing). */
export function codeOptions(t: (k: string, o?: Record<string, unknown>) => string, list: readonly string[], prefix: string): { value: string; label: string }[] {
  return list.map((c) => ({ value: c, label: t(`${prefix}.${c}`, { defaultValue: c }) }));
}

export const STAFF_COMPANY_READERS = new Set(['program_admin', 'operator', 'analyst', 'deployment']);
export const COMPANY_ROLES: ReadonlySet<string> = new Set(referenceLists.companyRoles);

// Detection pipeline: the server's category and log-format lists (pure modules), plus the category
// the silence check raises.

export const detectionCategories: readonly string[] = [...categories, 'health.silent'];
export const deviceVendors: readonly string[] = vendors;
export const alertStatuses = ['new', 'acknowledged', 'closed'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

/** The catalog key of a category's label (`detections.category.c2_botnet_outbound`); dots would nest. */
export function categoryKey(category: string): string {
  return category.replace(/\./g, '_');
}

export function categoryLabel(t: (k: string, o?: Record<string, unknown>) => string, category: string | null | undefined): string {
  if (!category) return t('detections.anyCategory');
  return t(`detections.category.${categoryKey(category)}`, { defaultValue: category });
}

export function vendorLabel(t: (k: string, o?: Record<string, unknown>) => string, vendor: string | null | undefined): string {
  if (!vendor) return t('devices.vendorUnknown');
  return t(`devices.vendor.${vendor}`, { defaultValue: vendor });
}
