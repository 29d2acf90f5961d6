import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dueWeek } from './weekly-send.ts';

const at = (jst: string) => Date.parse(`${jst}+09:00`);

describe('weekly report schedule (Monday 08:00 Asia/Tokyo by default)', () => {
  const monday8 = { weeklyReportWeekday: 1, weeklyReportTime: '08:00' };
  it('from Monday 08:00 JST the previous Monday–Sunday is due', () => {
    assert.equal(dueWeek(monday8, at('2026-11-23T08:00:00')), '2026-11-16');
    assert.equal(dueWeek(monday8, at('2026-11-26T15:00:00')), '2026-11-16', 'still due later in the week (a restarted worker catches up)');
  });
  it('before Monday 08:00 JST the week before that is still the due one', () => {
    assert.equal(dueWeek(monday8, at('2026-11-23T07:59:00')), '2026-11-09');
    assert.equal(dueWeek(monday8, at('2026-11-22T23:00:00')), '2026-11-09', 'Sunday night');
  });
  it('another weekday and time can be configured', () => {
    const tuesday930 = { weeklyReportWeekday: 2, weeklyReportTime: '09:30' };
    assert.equal(dueWeek(tuesday930, at('2026-11-24T09:29:00')), '2026-11-09');
    assert.equal(dueWeek(tuesday930, at('2026-11-24T09:30:00')), '2026-11-16');
  });
});
