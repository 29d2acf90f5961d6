import ja from './locales/ja.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import helpdeskJa from './locales/helpdesk.ja.json' with { type: 'json' };
import helpdeskEn from './locales/helpdesk.en.json' with { type: 'json' };
import dispatchJa from './locales/dispatch.ja.json' with { type: 'json' };
import dispatchEn from './locales/dispatch.en.json' with { type: 'json' };
import reportingJa from './locales/reporting.ja.json' with { type: 'json' };
import reportingEn from './locales/reporting.en.json' with { type: 'json' };

export const locales = ['ja', 'en'] as const;
export type Locale = (typeof locales)[number];
/** One catalog per locale; modules with many strings keep them in their own file (`<module>.<locale>.json`, one top-level key). */
const catalogs: Record<Locale, unknown> = { ja: { ...ja, ...helpdeskJa, ...dispatchJa, ...reportingJa }, en: { ...en, ...helpdeskEn, ...dispatchEn, ...reportingEn } };

export function asLocale(v: unknown): Locale {
  return v === 'en' ? 'en' : 'ja';
}

/** Looks up `a.b.c` in the catalog (falls back to Japanese, then to the key) and fills `{{var}}`. */
export function t(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  const found = lookup(catalogs[locale], key) ?? lookup(catalogs.ja, key);
  const text = typeof found === 'string' ? found : key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** The value at a dotted key (`a.b.c`) of a catalog object, or undefined. */
export function lookup(obj: unknown, key: string): unknown {
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (cur && typeof cur === 'object' && part in (cur as object)) cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}

/** A list of strings from the catalog (e.g. checklist items), falling back to Japanese. */
export function tList(locale: Locale, key: string): string[] {
  const found = lookup(catalogs[locale], key) ?? lookup(catalogs.ja, key);
  return Array.isArray(found) ? found.map(String) : [];
}

/** Any catalog value (objects, lists of objects), falling back to Japanese. */
export function tRaw(locale: Locale, key: string): unknown {
  return lookup(catalogs[locale], key) ?? lookup(catalogs.ja, key);
}
