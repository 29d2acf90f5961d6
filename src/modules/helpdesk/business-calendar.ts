import holidayJp from '@holiday-jp/holiday_jp';

/**
 * The help desk's business calendar for SLA clocks: working hours on weekdays in Asia/Tokyo,
 * Japanese public holidays (from @holiday-jp/holiday_jp) and extra closed days (e.g. New Year
 * 12/29–1/3) off. Mail is received around the clock, so mail cases use a 24/365 calendar.
 * All arithmetic is in minutes on UTC instants; JST has no daylight saving, so a day is 1,440 min.
 */
export interface BusinessCalendar {
  /** Opening and closing time, minutes after local midnight (default 9:00 and 17:00). */
  openMinute: number;
  closeMinute: number;
  /** ISO weekdays that are open (1 = Monday … 7 = Sunday); default Monday–Friday. */
  openWeekdays: readonly number[];
  /** Extra closed days, YYYY-MM-DD (company holidays, year-end). */
  closedDays: readonly string[];
  /** Count Japanese public holidays as closed (default true). */
  publicHolidays: boolean;
  /** Around the clock (mail): every minute counts. */
  alwaysOpen?: boolean;
}

export const officeHours: BusinessCalendar = { openMinute: 9 * 60, closeMinute: 17 * 60, openWeekdays: [1, 2, 3, 4, 5], closedDays: [], publicHolidays: true };
export const aroundTheClock: BusinessCalendar = { ...officeHours, alwaysOpen: true };

const JST = 9 * 60; // minutes
const DAY = 1440;
const holidays = holidayJp.holidays as Record<string, { name: string; name_en: string }>;

/** A pause of the clock (e.g. waiting for the customer): [from, to) in epoch ms; `to` null = still paused. */
export interface Pause {
  from: number;
  to: number | null;
}

function jstDayNumber(ms: number): number {
  return Math.floor((ms / 60_000 + JST) / DAY);
}

function dayName(dayNumber: number): string {
  return new Date(dayNumber * DAY * 60_000).toISOString().slice(0, 10);
}

/** Whether the desk is open at all on this JST day. */
export function isBusinessDay(cal: BusinessCalendar, dayNumber: number): boolean {
  if (cal.alwaysOpen) return true;
  const isoWeekday = ((dayNumber + 3) % 7) + 1; // day 0 (1970-01-01) was a Thursday
  if (!cal.openWeekdays.includes(isoWeekday)) return false;
  const name = dayName(dayNumber);
  if (cal.publicHolidays && holidays[name]) return false;
  return !cal.closedDays.includes(name);
}

/** The open interval [start, end) of a JST day in epoch ms, or null when closed. */
function openInterval(cal: BusinessCalendar, dayNumber: number): [number, number] | null {
  if (!isBusinessDay(cal, dayNumber)) return null;
  const dayStart = (dayNumber * DAY - JST) * 60_000;
  if (cal.alwaysOpen) return [dayStart, dayStart + DAY * 60_000];
  return [dayStart + cal.openMinute * 60_000, dayStart + cal.closeMinute * 60_000];
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/** Business minutes between two instants, leaving out pauses (overlapping pauses are merged). */
export function businessMinutesBetween(cal: BusinessCalendar, from: number, to: number, pauses: readonly Pause[] = []): number {
  if (to <= from) return 0;
  const merged = mergePauses(pauses, to);
  let ms = 0;
  for (let d = jstDayNumber(from); d <= jstDayNumber(to); d++) {
    const open = openInterval(cal, d);
    if (!open) continue;
    const s = Math.max(open[0], from);
    const e = Math.min(open[1], to);
    if (e <= s) continue;
    ms += e - s;
    for (const [p0, p1] of merged) ms -= overlap(s, e, p0, p1);
  }
  return Math.round(ms / 60_000);
}

/** The instant when `minutes` business minutes have passed after `from` (skipping closed time and pauses). */
export function addBusinessMinutes(cal: BusinessCalendar, from: number, minutes: number, pauses: readonly Pause[] = []): number {
  let left = minutes * 60_000;
  const merged = mergePauses(pauses, Infinity);
  for (let d = jstDayNumber(from), guard = 0; guard < 3660; d++, guard++) {
    const open = openInterval(cal, d);
    if (!open) continue;
    // Walk the open part of the day in pieces between pauses.
    let t = Math.max(open[0], from);
    while (t < open[1]) {
      const pause = merged.find(([p0, p1]) => p1 > t && p0 < open[1]);
      const pieceEnd = pause ? Math.max(t, Math.min(open[1], pause[0])) : open[1];
      if (pieceEnd - t >= left) return t + left;
      left -= pieceEnd - t;
      if (!pause) break;
      t = Math.max(pieceEnd, pause[1]);
    }
  }
  throw new Error('no business time within ten years');
}

function mergePauses(pauses: readonly Pause[], until: number): [number, number][] {
  const xs = pauses.map((p): [number, number] => [p.from, p.to ?? until]).filter(([a, b]) => b > a).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const p of xs) {
    const last = out.at(-1);
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else out.push([p[0], p[1]]);
  }
  return out;
}
