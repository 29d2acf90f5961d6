import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../platform/config/config.ts';
import { dueDates, parsePauses, slaState } from './sla.ts';

const config = loadConfig({ env: { OTASUKE_DATA_DIR: '/tmp/otasuke-sla-test', OTASUKE_SESSION_SECRET: 'x'.repeat(40) } });
const jst = (s: string) => new Date(`${s}+09:00`).toISOString();

describe('SLA clocks on the business calendar', () => {
  it('a phone case opened late on Friday is due on Monday; a holiday Monday moves it to Tuesday', () => {
    // Friday 2026-12-04 16:00 JST, medium: first response within 240 business minutes.
    const d = dueDates(config, { channel: 'phone', severity: 'medium', createdAt: jst('2026-12-04T16:00:00'), pauses: [] });
    assert.equal(d.firstResponseDueAt, jst('2026-12-07T12:00:00'), '60 min on Friday, 180 on Monday');
    // Friday 2026-11-20 16:00 JST; Monday 2026-11-23 is 勤労感謝の日.
    const h = dueDates(config, { channel: 'web', severity: 'medium', createdAt: jst('2026-11-20T16:00:00'), pauses: [] });
    assert.equal(h.firstResponseDueAt, jst('2026-11-24T12:00:00'));
    // Resolution: 2,400 business minutes = 5 business days of 8 h (Fri 1 h, Tue–Fri 32 h, next Mon 7 h).
    assert.equal(h.resolutionDueAt, jst('2026-11-30T16:00:00'));
  });

  it('mail is counted around the clock', () => {
    const d = dueDates(config, { channel: 'mail', severity: 'medium', createdAt: jst('2026-12-04T16:00:00'), pauses: [] });
    assert.equal(d.firstResponseDueAt, jst('2026-12-04T20:00:00'));
  });

  it('a mail arriving on Saturday night with a critical severity is due 30 minutes later', () => {
    const d = dueDates(config, { channel: 'mail', severity: 'critical', createdAt: jst('2026-12-05T23:50:00'), pauses: [] });
    assert.equal(d.firstResponseDueAt, jst('2026-12-06T00:20:00'));
  });

  it('waiting for the customer pauses the clock: the paused business time is added', () => {
    const createdAt = jst('2026-12-07T09:00:00'); // Monday
    const pauses = parsePauses(JSON.stringify([{ from: jst('2026-12-07T10:00:00'), to: jst('2026-12-08T10:00:00') }]), null);
    const plain = dueDates(config, { channel: 'phone', severity: 'high', createdAt, pauses: [] });
    const paused = dueDates(config, { channel: 'phone', severity: 'high', createdAt, pauses });
    // high resolution 960 min = 2 business days → Tuesday 17:00; paused 7 h Monday + 1 h Tuesday = 480 min.
    assert.equal(plain.resolutionDueAt, jst('2026-12-08T17:00:00'));
    assert.equal(paused.resolutionDueAt, jst('2026-12-09T17:00:00'));
  });

  it('a paused case is not reported as breached while the pause lasts; a finished one is judged at its resolution', () => {
    const base = { first_response_due_at: jst('2026-12-07T12:00:00'), resolution_due_at: jst('2026-12-08T17:00:00'), first_responded_at: null, resolved_at: null };
    const late = new Date(jst('2026-12-10T09:00:00'));
    assert.equal(slaState({ ...base, status: 'in_progress', paused_since: null }, late).resolutionBreached, true);
    const s = slaState({ ...base, status: 'waiting_customer', paused_since: jst('2026-12-07T11:00:00') }, late);
    assert.equal(s.paused, true);
    assert.equal(s.firstResponseBreached, false);
    assert.equal(s.resolutionBreached, false);
    const done = slaState({ ...base, status: 'resolved', paused_since: null, first_responded_at: jst('2026-12-07T11:30:00'), resolved_at: jst('2026-12-08T16:00:00') }, late);
    assert.deepEqual([done.firstResponseBreached, done.resolutionBreached], [false, false]);
  });

  it('targets and the calendar come from the config file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'otasuke-sla-'));
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ helpdesk: { sla: { firstResponse: { critical: 15, high: 30, medium: 60, low: 120 }, resolution: { critical: 240, high: 480, medium: 960, low: 1920 } }, calendar: { openMinute: 600, closeMinute: 1080, closedDays: ['2026-12-07'] } } }),
    );
    const cfg = loadConfig({ env: { OTASUKE_DATA_DIR: dir, OTASUKE_SESSION_SECRET: 'x'.repeat(40) } });
    // Monday 12-07 is a configured closed day; the desk opens at 10:00 → Tuesday 10:00 + 60 min.
    const d = dueDates(cfg, { channel: 'phone', severity: 'medium', createdAt: jst('2026-12-07T09:00:00'), pauses: [] });
    assert.equal(d.firstResponseDueAt, jst('2026-12-08T11:00:00'));
  });
});
