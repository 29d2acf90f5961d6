import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import serverJa from '../../src/platform/i18n/locales/ja.json';
import serverEn from '../../src/platform/i18n/locales/en.json';
import webJa from './locales/ja.json';
import webEn from './locales/en.json';
import { setApiLocale } from './api';
import type { Locale } from './types';

type Tree = { [key: string]: unknown };

function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge: the server catalog (codes.*, errors.*) first, web UI strings on top. */
function merge(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isTree(prev) && isTree(v) ? merge(prev, v) : v;
  }
  return out;
}

export const LOCALE_STORAGE_KEY = 'otasuke.locale';

export function storedLocale(): Locale | null {
  try {
    const v = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    return v === 'en' || v === 'ja' ? v : null;
  } catch {
    return null;
  }
}

export function rememberLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    /* private mode: ignore */
  }
}

export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'ja';
}

const initial: Locale = storedLocale() ?? 'ja';

void i18n.use(initReactI18next).init({
  resources: {
    ja: { translation: merge(serverJa as Tree, webJa as Tree) },
    en: { translation: merge(serverEn as Tree, webEn as Tree) },
  },
  lng: initial,
  fallbackLng: 'ja',
  supportedLngs: ['ja', 'en'],
  interpolation: { escapeValue: false },
  returnNull: false,
  nsSeparator: false,
  initAsync: false,
});

function applyDocumentLocale(lng: string): void {
  const locale: Locale = lng === 'en' ? 'en' : 'ja';
  document.documentElement.lang = locale;
  setApiLocale(locale);
}

applyDocumentLocale(i18n.language);
i18n.on('languageChanged', applyDocumentLocale);

export default i18n;
