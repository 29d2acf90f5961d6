/**
 * Labels for the program report files, from the same catalogs the web dashboard uses (the server's
 * `codes.*` and the web app's `program.*`, `caseCodes.*`, `detections.*`, `dispatchCodes.*`,
 * `devices.*`), so the XLSX/PDF headers are word for word the dashboard's.
 */
import serverJa from '../../platform/i18n/locales/ja.json' with { type: 'json' };
import serverEn from '../../platform/i18n/locales/en.json' with { type: 'json' };
import webJa from '../../../web/src/locales/ja.json' with { type: 'json' };
import webEn from '../../../web/src/locales/en.json' with { type: 'json' };
import { lookup, type Locale } from '../../platform/i18n/i18n.ts';
import type { Translate } from './programTables.ts';

const catalogs: Record<Locale, unknown[]> = { ja: [webJa, serverJa], en: [webEn, serverEn, webJa, serverJa] };

/** An i18next-like `t`: `{{var}}` placeholders and `defaultValue`. */
export function programTranslator(locale: Locale): Translate {
  return (key, vars = {}) => {
    let found: unknown;
    for (const c of catalogs[locale]) if (typeof (found = lookup(c, key)) === 'string') break;
    const text = typeof found === 'string' ? found : typeof vars.defaultValue === 'string' ? vars.defaultValue : key;
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
  };
}
