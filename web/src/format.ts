import i18n from './i18n';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'date' | 'datetime'): Intl.DateTimeFormat {
  const tag = i18n.language === 'en' ? 'en-GB' : 'ja-JP';
  const key = `${tag}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(kind === 'datetime' ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

function toDate(v: string | number | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 2025/04/01 (Asia/Tokyo). */
export function formatDate(v: string | number | Date | null | undefined): string {
  const d = toDate(v);
  return d ? formatter('date').format(d) : '—';
}

/** 2025/04/01 09:30 (Asia/Tokyo). */
export function formatDateTime(v: string | number | Date | null | undefined): string {
  const d = toDate(v);
  return d ? formatter('datetime').format(d) : '—';
}

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'ja-JP').format(v);
}
