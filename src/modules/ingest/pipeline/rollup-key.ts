import type { Category, ParsedRecord } from '../parsing/index.ts';

const byPort = new Set<Category>(['scan.inbound.probable', 'scan.inbound.possible', 'block.outbound_nonweb']);
const byName = new Set<Category>(['dos.inbound', 'ips.inbound', 'malware.virus', 'malware.spyware', 'block.url_category', 'block.ip_reputation', 'block.geoip', 'c2.botnet.inbound', 'c2.botnet.outbound']);

/**
 * What a detection is counted by inside its category: the destination port for scans and
 * non-web blocks ("23/tcp"), the signature/virus/category/country name for the rest, '' otherwise.
 */
export function rollupKey(r: ParsedRecord, category: Category): string {
  if (byPort.has(category)) {
    if (r.dstPort === null) return r.proto ?? '';
    return `${r.dstPort}/${r.proto ?? ''}`;
  }
  if (byName.has(category)) return (r.name ?? '').slice(0, 200);
  return '';
}

const dayNames = new Map<number, string>();

/** JST calendar day (the service's reporting day) of an epoch-ms time; names are cached per day. */
export function jstDay(ms: number): string {
  const n = Math.floor((ms + 9 * 3_600_000) / 86_400_000);
  let s = dayNames.get(n);
  if (s === undefined) {
    s = Number.isFinite(n) ? new Date(n * 86_400_000).toISOString().slice(0, 10) : '1970-01-01';
    if (dayNames.size > 10_000) dayNames.clear();
    dayNames.set(n, s);
  }
  return s;
}

/** Monday (JST) of the week of an epoch-ms time, as YYYY-MM-DD. */
export function jstWeek(ms: number): string {
  const n = Math.floor((ms + 9 * 3_600_000) / 86_400_000); // JST day number; day 0 (1970-01-01) was a Thursday
  const monday = n - ((n + 3) % 7);
  return jstDay(monday * 86_400_000 - 9 * 3_600_000);
}
