/**
 * SLA clocks of a case: first-response and resolution targets per severity (business minutes,
 * configurable), counted on the help desk's business calendar — phone, web and outbound cases in
 * office hours, mail around the clock — and paused while waiting for the customer.
 */
import type { Config } from '../../platform/config/config.ts';
import { addBusinessMinutes, aroundTheClock, type BusinessCalendar, type Pause } from './business-calendar.ts';
import type { CaseSeverity } from './helpdesk.schemas.ts';

export function calendarFor(config: Pick<Config, 'helpdesk'>, channel: string): BusinessCalendar {
  if (channel === 'mail') return aroundTheClock;
  return { ...config.helpdesk.calendar };
}

export interface StoredPause {
  from: string;
  to: string;
}

export function parsePauses(json: string, pausedSince: string | null): Pause[] {
  const ended = (JSON.parse(json) as StoredPause[]).map((p) => ({ from: Date.parse(p.from), to: Date.parse(p.to) }));
  return pausedSince ? [...ended, { from: Date.parse(pausedSince), to: null }] : ended;
}

/** Due instants from the creation time, the targets and every pause so far. */
export function dueDates(config: Pick<Config, 'helpdesk'>, c: { channel: string; severity: string; createdAt: string; pauses: Pause[] }) {
  const cal = calendarFor(config, c.channel);
  const sev = c.severity as CaseSeverity;
  const from = Date.parse(c.createdAt);
  const closedPauses = c.pauses.filter((p) => p.to !== null);
  // While paused the due instants are open-ended; we keep the last known ones (before the pause) in
  // the row and report `paused`, so lists do not show a breach that the pause is preventing.
  return {
    firstResponseDueAt: new Date(addBusinessMinutes(cal, from, config.helpdesk.sla.firstResponse[sev], closedPauses)).toISOString(),
    resolutionDueAt: new Date(addBusinessMinutes(cal, from, config.helpdesk.sla.resolution[sev], closedPauses)).toISOString(),
  };
}

export interface SlaRow {
  status: string;
  first_response_due_at: string;
  resolution_due_at: string;
  first_responded_at: string | null;
  resolved_at: string | null;
  paused_since: string | null;
}

export function slaState(r: SlaRow, now: Date) {
  const nowIso = now.toISOString();
  // A paused clock stops at the moment the pause began.
  const clockAt = r.paused_since ?? nowIso;
  const finished = r.status === 'resolved' || r.status === 'closed';
  const firstAt = r.first_responded_at ?? (finished ? (r.resolved_at ?? clockAt) : clockAt);
  const resolvedAt = finished ? (r.resolved_at ?? clockAt) : clockAt;
  return {
    firstResponseDueAt: r.first_response_due_at,
    resolutionDueAt: r.resolution_due_at,
    firstRespondedAt: r.first_responded_at,
    firstResponseBreached: firstAt > r.first_response_due_at,
    resolutionBreached: resolvedAt > r.resolution_due_at,
    paused: r.paused_since !== null,
  };
}
