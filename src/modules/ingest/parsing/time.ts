/**
 * Times as devices write them, read from char codes into epoch milliseconds (UTC): civil dates in
 * a device's zone, `±hhmm` / `UTC+9:00` offsets, epochs in s/ms/µs/ns, RFC 3339 and RFC 3164
 * stamps. Impossible dates give NaN (the caller turns that into a `bad_time` dead letter).
 */

const DAY_MS = 86_400_000;
/** Device times outside this range are treated as impossible. */
export const MIN_TIME_MS = Date.UTC(1990, 0, 1);
export const MAX_TIME_MS = Date.UTC(2100, 0, 1);

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The last date `civilMs` converted (log lines come in time order, so it mostly repeats). */
let lastY = -1;
let lastMo = -1;
let lastD = -1;
let lastDayMs = 0;

/** Wall-clock fields as if they were UTC, in ms; NaN when the date or time cannot exist. */
export function civilMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number {
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return NaN;
  if (y !== lastY || mo !== lastMo || d !== lastD) {
    if (y < 1970 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
    lastDayMs = daysFromCivil(y, mo, d) * DAY_MS;
    lastY = y;
    lastMo = mo;
    lastD = d;
  }
  return lastDayMs + h * 3_600_000 + mi * 60_000 + Math.min(s, 59) * 1000 + ms;
}

/** Two decimal digits at s[i], or -1. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

export function inRange(ms: number): boolean {
  return ms >= MIN_TIME_MS && ms < MAX_TIME_MS;
}

/** Where the last `parseCivil` stopped reading (to look for a suffix such as ` UTC`). */
export let civilEnd = 0;

function num(s: string, i: number, end: number, maxDigits: number): number {
  let n = 0;
  let k = 0;
  while (i + k < end && k < maxDigits) {
    const d = s.charCodeAt(i + k) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
    k++;
  }
  numLen = k;
  return k === 0 ? -1 : n;
}
let numLen = 0;

/**
 * `YYYY-MM-DD hh:mm:ss[.fff]` (also `/` between date parts, `T` between date and time, unpadded
 * numbers) as wall-clock ms, NaN when malformed or impossible. Sets `civilEnd`.
 */
export function parseCivil(s: string, start: number, end: number): number {
  // Fast path for the layout devices write (`2024-05-13 10:41:33`, no fraction): the general
  // reading below gives the same value and `civilEnd` for it.
  if (end - start >= 19) {
    const sep = s.charCodeAt(start + 4);
    const t = s.charCodeAt(start + 10);
    if ((sep === 45 || sep === 47) && s.charCodeAt(start + 7) === sep && (t === 32 || t === 84) && s.charCodeAt(start + 13) === 58 && s.charCodeAt(start + 16) === 58 && (end === start + 19 || s.charCodeAt(start + 19) !== 46)) {
      const y1 = two(s, start);
      const y2 = two(s, start + 2);
      const mo = two(s, start + 5);
      const d = two(s, start + 8);
      const h = two(s, start + 11);
      const mi = two(s, start + 14);
      const sec = two(s, start + 17);
      if (y1 >= 0 && y2 >= 0 && mo >= 0 && d >= 0 && h >= 0 && mi >= 0 && sec >= 0) {
        civilEnd = start + 19;
        return civilMs(y1 * 100 + y2, mo, d, h, mi, sec, 0);
      }
    }
  }
  let i = start;
  const y = num(s, i, end, 4);
  if (numLen !== 4) return NaN;
  i += 4;
  const sep = s.charCodeAt(i);
  if (sep !== 45 && sep !== 47) return NaN;
  const mo = num(s, ++i, end, 2);
  if (mo < 0 || s.charCodeAt((i += numLen)) !== sep) return NaN;
  const d = num(s, ++i, end, 2);
  if (d < 0) return NaN;
  i += numLen;
  const t = s.charCodeAt(i);
  if (t !== 32 && t !== 84) return NaN;
  return parseClock(s, i + 1, end, y, mo, d);
}

/** `hh:mm:ss[.fff]` after a date that is already read. Sets `civilEnd`. */
export function parseClock(s: string, i: number, end: number, y: number, mo: number, d: number): number {
  const h = num(s, i, end, 2);
  if (h < 0 || s.charCodeAt((i += numLen)) !== 58) return NaN;
  const mi = num(s, ++i, end, 2);
  if (mi < 0 || s.charCodeAt((i += numLen)) !== 58) return NaN;
  const sec = num(s, ++i, end, 2);
  if (sec < 0) return NaN;
  i += numLen;
  let ms = 0;
  if (i < end && s.charCodeAt(i) === 46) {
    let scale = 100;
    for (i++; i < end; i++) {
      const dd = s.charCodeAt(i) - 48;
      if (dd < 0 || dd > 9) break;
      ms += dd * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  civilEnd = i;
  return civilMs(y, mo, d, h, mi, sec, ms);
}

/**
 * A zone offset in minutes: `+0900`, `-05:00`, `+9`, `UTC+9:00`, `GMT-5`, `Z`, `UTC`; NaN otherwise.
 */
export function parseOffset(s: string, start: number, end: number): number {
  let i = start;
  if (end - i >= 3 && (s.startsWith('UTC', i) || s.startsWith('GMT', i))) i += 3;
  if (i === end) return i > start ? 0 : NaN;
  if (end - i === 1 && s.charCodeAt(i) === 90) return 0;
  const sign = s.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return NaN;
  i++;
  let h: number;
  let m = 0;
  const digits = num(s, i, end, 4);
  if (digits < 0) return NaN;
  if (numLen === 4) {
    h = Math.floor(digits / 100);
    m = digits % 100;
    i += 4;
  } else if (numLen <= 2) {
    h = digits;
    i += numLen;
    if (i < end && s.charCodeAt(i) === 58) {
      m = num(s, i + 1, end, 2);
      if (numLen !== 2) return NaN;
      i += 3;
    }
  } else return NaN;
  if (i !== end || h > 14 || m > 59) return NaN;
  const off = h * 60 + m;
  return sign === 45 ? -off : off;
}

/**
 * Epoch in s, ms, µs or ns told apart by digit count (10, 13, 16, 19 digits for present-day
 * times), as ms; NaN when it is not digits or out of range.
 */
export function parseEpoch(s: string, start: number, end: number): number {
  const n = end - start;
  if (n < 9 || n > 20) return NaN;
  const drop = n <= 11 ? 0 : n <= 14 ? 0 : n <= 17 ? 3 : 6;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    if (i < end - drop) v = v * 10 + d;
  }
  const ms = n <= 11 ? v * 1000 : v;
  return inRange(ms) ? ms : NaN;
}

/** RFC 3339 (`2024-05-13T01:10:44.123+09:00`, `Z`); NaN otherwise. */
export function parseRfc3339(s: string, start: number, end: number): number {
  const local = parseCivil(s, start, end);
  if (Number.isNaN(local)) return NaN;
  const off = parseOffset(s, civilEnd, end);
  return Number.isNaN(off) ? NaN : local - off * 60_000;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** Month 1–12 of a three-letter English month name at s[i], or -1. */
export function monthAt(s: string, i: number): number {
  const k = MONTHS.indexOf(s.slice(i, i + 3));
  return k >= 0 && k % 3 === 0 ? k / 3 + 1 : -1;
}

// ---------------------------------------------------------------------------------------------
// Named zones. Asia/Tokyo (the default) and UTC are fixed offsets; other zones ask Intl once per
// zone and hour and keep the answer.

const fixedZones = new Map<string, number>([
  ['Asia/Tokyo', 540],
  ['Japan', 540],
  ['UTC', 0],
  ['Etc/UTC', 0],
  ['GMT', 0],
]);
const formatters = new Map<string, Intl.DateTimeFormat | null>();
const offsetCache = new Map<string, Map<number, number>>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      f = null;
    }
    if (formatters.size < 1000) formatters.set(zone, f);
  }
  return f;
}

export function isValidZone(zone: string): boolean {
  return fixedZones.has(zone) || formatter(zone) !== null;
}

/** Offset of `zone` from UTC in minutes at the instant `utcMs`; NaN for an unknown zone. */
export function zoneOffset(zone: string, utcMs: number): number {
  const fixed = fixedZones.get(zone);
  if (fixed !== undefined) return fixed;
  const f = formatter(zone);
  if (!f || !Number.isFinite(utcMs)) return NaN;
  const hour = Math.floor(utcMs / 3_600_000);
  let cache = offsetCache.get(zone);
  if (!cache) offsetCache.set(zone, (cache = new Map()));
  const hit = cache.get(hour);
  if (hit !== undefined) return hit;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(hour * 3_600_000)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = civilMs(p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!);
  const off = Math.round((wall - hour * 3_600_000) / 60_000);
  if (cache.size > 50_000) cache.clear();
  cache.set(hour, off);
  return off;
}

/** The zone `zonedToUtc` saw last and its fixed offset (NaN when it has none): lines of one device repeat it. */
let lastZone = '';
let lastFixed = NaN;

/** UTC ms of a wall-clock time (`civilMs` value) in `zone`; NaN for an unknown zone. */
export function zonedToUtc(wallMs: number, zone: string): number {
  if (Number.isNaN(wallMs)) return NaN;
  if (zone !== lastZone) {
    lastZone = zone;
    lastFixed = fixedZones.get(zone) ?? NaN;
  }
  if (!Number.isNaN(lastFixed)) return wallMs - lastFixed * 60_000;
  const off = zoneOffset(zone, wallMs);
  const guess = wallMs - off * 60_000;
  const off2 = zoneOffset(zone, guess);
  return off2 === off ? guess : wallMs - off2 * 60_000;
}

/**
 * RFC 3164 `Mmm dd hh:mm:ss` at s[i] (day space-padded), in `zone`, with the year that puts it
 * closest before `refMs` (at most a month ahead, for clock skew); NaN when malformed.
 */
export function parseRfc3164(s: string, i: number, end: number, zone: string, refMs: number): number {
  if (end - i < 15) return NaN;
  const mo = monthAt(s, i);
  if (mo < 0 || s.charCodeAt(i + 3) !== 32) return NaN;
  let j = i + 4;
  if (s.charCodeAt(j) === 32) j++;
  const d = num(s, j, end, 2);
  if (d < 0 || s.charCodeAt((j += numLen)) !== 32) return NaN;
  const refTime = Number.isFinite(refMs) ? refMs : Date.now();
  const ref = yearOf(refTime);
  for (let y = ref + 1; y >= ref - 1; y--) {
    const utc = zonedToUtc(parseClock(s, j + 1, end, y, mo, d), zone);
    if (Number.isNaN(utc)) {
      if (mo === 2 && d === 29) continue;
      return NaN;
    }
    if (utc <= refTime + 31 * DAY_MS) return utc;
  }
  return NaN;
}

let yearCacheDay = NaN;
let yearCacheValue = 1970;
function yearOf(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  if (day !== yearCacheDay) {
    yearCacheDay = day;
    yearCacheValue = new Date(ms).getUTCFullYear();
  }
  return yearCacheValue;
}
