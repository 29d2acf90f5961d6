import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, api, setCsrfToken } from './api';
import i18n, { currentLocale, rememberLocale } from './i18n';
import type { Locale, Me } from './types';
import { COMPANY_ROLES, STAFF_COMPANY_READERS } from './codes';

export const ME_KEY = ['me'] as const;

let appliedLocaleFor: string | null = null;

/** Applies the user's saved language once per login, so the server preference follows them between devices. */
export function adoptMe(me: Me | null): void {
  setCsrfToken(me?.csrfToken ?? null);
  if (!me) {
    appliedLocaleFor = null;
    return;
  }
  if (appliedLocaleFor !== me.id) {
    appliedLocaleFor = me.id;
    if ((me.locale === 'ja' || me.locale === 'en') && me.locale !== currentLocale()) {
      rememberLocale(me.locale);
      void i18n.changeLanguage(me.locale);
    }
  }
}

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/me');
    adoptMe(me);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      adoptMe(null);
      return null;
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

/** The logged-in user; only call below <RequireAuth>. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside RequireAuth');
  return data;
}

export function useLanguage() {
  const qc = useQueryClient();
  return useCallback(
    async (locale: Locale) => {
      rememberLocale(locale);
      await i18n.changeLanguage(locale);
      const me = qc.getQueryData<Me | null>(ME_KEY);
      if (me && me.locale !== locale) {
        try {
          const updated = await api.patch<Me>('/me', { locale });
          const next = { ...me, ...(updated ?? {}), locale };
          qc.setQueryData(ME_KEY, next);
          setCsrfToken(next.csrfToken);
        } catch {
          /* the UI language already changed locally; the saved preference will follow next time */
        }
      }
    },
    [qc],
  );
}

export function isStaff(role: string): boolean {
  return !COMPANY_ROLES.has(role);
}
export function canSeeCompanyList(role: string): boolean {
  return STAFF_COMPANY_READERS.has(role);
}
export function isProgramAdmin(role: string): boolean {
  return role === 'program_admin';
}

/** Where a user lands after logging in. */
export function homePath(me: Me): string {
  if (COMPANY_ROLES.has(me.role) && me.companyId) return `/companies/${me.companyId}`;
  if (canSeeCompanyList(me.role)) return '/companies';
  if (me.role === 'responder') return '/dispatches';
  return '/home';
}

/** The monitoring center, the help desk and the program office work the alert queue. */
export function canWorkAlerts(role: string): boolean {
  return role === 'program_admin' || role === 'analyst' || role === 'operator';
}
/** The monitoring center and the program office decide what is benign (operators only read the rules). */
export function canManageSuppressions(role: string): boolean {
  return role === 'program_admin' || role === 'analyst';
}
/** The program office, deployment coordinators and the monitoring center register devices. */
export function canManageDevices(role: string): boolean {
  return role === 'program_admin' || role === 'deployment' || role === 'analyst';
}
