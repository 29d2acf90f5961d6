import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addBusinessMinutes, aroundTheClock, businessMinutesBetween, isBusinessDay, officeHours } from './business-calendar.ts';

/** JST wall time → epoch ms. */
const jst = (s: string) => Date.parse(`${s}+09:00`);
const iso = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const day = (s: string) => Math.floor((jst(`${s}T12:00:00`) / 60_000 + 540) / 1440);

describe('business calendar (weekdays 9:00–17:00 JST, Japanese holidays)', () => {
  it('knows weekends and public holidays', () => {
    assert.equal(isBusinessDay(officeHours, day('2026-11-20')), true); // Friday
    assert.equal(isBusinessDay(officeHours, day('2026-11-21')), false); // Saturday
    assert.equal(isBusinessDay(officeHours, day('2026-11-23')), false); // 勤労感謝の日 (Monday)
    assert.equal(isBusinessDay(officeHours, day('2026-11-24')), true);
    assert.equal(isBusinessDay({ ...officeHours, closedDays: ['2026-12-29'] }, day('2026-12-29')), false);
    assert.equal(isBusinessDay(aroundTheClock, day('2026-11-23')), true);
  });

  it('a 4-hour target set on Friday 15:00 runs over the weekend and the holiday to Tuesday 11:00', () => {
    assert.equal(iso(addBusinessMinutes(officeHours, jst('2026-11-20T15:00:00'), 240)), '2026-11-24 11:00');
  });

  it('a call at 20:00 starts its clock the next business morning', () => {
    assert.equal(iso(addBusinessMinutes(officeHours, jst('2026-11-19T20:00:00'), 60)), '2026-11-20 10:00');
    assert.equal(businessMinutesBetween(officeHours, jst('2026-11-19T20:00:00'), jst('2026-11-20T10:00:00')), 60);
  });

  it('mail counts every minute', () => {
    assert.equal(iso(addBusinessMinutes(aroundTheClock, jst('2026-11-21T23:30:00'), 60)), '2026-11-22 00:30');
    assert.equal(businessMinutesBetween(aroundTheClock, jst('2026-11-21T00:00:00'), jst('2026-11-23T00:00:00')), 2880);
  });

  it('pauses while waiting for the customer stop the clock, also across days', () => {
    const start = jst('2026-11-24T10:00:00'); // Tuesday
    const pause = { from: jst('2026-11-24T11:00:00'), to: jst('2026-11-25T10:00:00') };
    // 1 h before the pause, 1 h after it resumes (Wednesday 10:00 → 11:00).
    assert.equal(businessMinutesBetween(officeHours, start, jst('2026-11-25T11:00:00'), [pause]), 120);
    assert.equal(iso(addBusinessMinutes(officeHours, start, 120, [pause])), '2026-11-25 11:00');
    // An open pause (still waiting) counts up to now.
    assert.equal(businessMinutesBetween(officeHours, start, jst('2026-11-26T12:00:00'), [{ from: jst('2026-11-24T11:00:00'), to: null }]), 60);
    // Overlapping pauses are not subtracted twice.
    const twice = [pause, { from: jst('2026-11-24T16:00:00'), to: jst('2026-11-24T18:00:00') }];
    assert.equal(businessMinutesBetween(officeHours, start, jst('2026-11-25T11:00:00'), twice), 120);
  });
});
