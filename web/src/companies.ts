import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { CompanySummary, Paged } from './types';

/**
 * Every company's name, for lists whose rows carry only a company id (users, suppression rules).
 * The first 200 by name (the API's page limit); an id outside them shows as a plain link.
 */
export function useCompanyNames() {
  const q = useQuery({
    queryKey: ['companies', 'all-names'],
    queryFn: () => api.get<Paged<CompanySummary>>('/companies', { pageSize: 200, sort: 'name' }),
    staleTime: 60_000,
  });
  return { companies: q.data?.items ?? [], nameOf: new Map((q.data?.items ?? []).map((c) => [c.id, c.name])) };
}
