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

/** 1.23 % from a fraction (0.0123). */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined) return '—';
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'ja-JP', { style: 'percent', maximumFractionDigits: 2 }).format(fraction);
}

/** "3 分前" / "3 minutes ago" from now. */
export function formatRelative(v: string | number | Date | null | undefined, now: number = Date.now()): string {
  const d = toDate(v);
  if (!d) return '—';
  const seconds = Math.round((d.getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(i18n.language === 'en' ? 'en' : 'ja', { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

/** The Asia/Tokyo calendar day (YYYY-MM-DD) `offsetDays` from now. */
export function tokyoDay(offsetDays = 0, now: number = Date.now()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now + offsetDays * 86_400_000));
}
