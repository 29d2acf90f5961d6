import ja from './locales/ja.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };

export const locales = ['ja', 'en'] as const;
export type Locale = (typeof locales)[number];
const catalogs: Record<Locale, unknown> = { ja, en };

export function asLocale(v: unknown): Locale {
  return v === 'en' ? 'en' : 'ja';
}

/** Looks up `a.b.c` in the catalog (falls back to Japanese, then to the key) and fills `{{var}}`. */
export function t(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  const found = lookup(catalogs[locale], key) ?? lookup(catalogs.ja, key);
  const text = typeof found === 'string' ? found : key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
}

function lookup(obj: unknown, key: string): unknown {
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (cur && typeof cur === 'object' && part in (cur as object)) cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}
