/**
 * FortiGate key=value syslog (FortiOS 5.x–7.x, also relayed by FortiAnalyzer), read from the
 * shared slots. Identity `devid`; time from `eventtime` (s, ms, µs or ns), else `date`+`time`
 * with `tz` (the `±hhmm` one when FortiAnalyzer adds a second `tz`), else the device zone.
 */
import type { FieldSlots } from './field-slots.ts';
import { classifyFortigate, fortiAction, perfName, type FortiFields } from './fortigate-rules.ts';
import { K } from './kv-fields.ts';
import { normalizeMac } from './net.ts';
import { deadLetter, newRecord, protoName, reusedRecord } from './record.ts';
import { directionOf, INSIDE, sideAt, sideOf } from './sides.ts';
import { inRange, parseClock, parseEpoch, parseOffset, zonedToUtc } from './time.ts';
import type { Envelope, LineContext, ParsedRecord, ParseResult } from './types.ts';

/** `YYYY-MM-DD` (unpadded month/day tolerated) followed by the `time` value, as wall-clock ms. */
function wallClock(f: FieldSlots): number {
  const s = f.s;
  const ds = f.at(K.date);
  const de = f.endOf(K.date);
  let i = ds;
  const parts = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    let n = 0;
    let digits = 0;
    while (i < de && digits < 4) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      i++;
      digits++;
    }
    if (digits === 0 || (k < 2 && s.charCodeAt(i++) !== 45)) return NaN;
    parts[k] = n;
  }
  if (i !== de) return NaN;
  return parseClock(s, f.at(K.time), f.endOf(K.time), parts[0]!, parts[1]!, parts[2]!);
}

/** Offset in minutes from `tz`, preferring a `±hhmm` occurrence; NaN when none reads. */
function offsetOf(f: FieldSlots): number {
  let fallback = NaN;
  for (const last of f.occurrences(K.tz) > 1 ? [true, false] : [false]) {
    const vs = f.at(K.tz, last);
    const off = parseOffset(f.s, vs, f.endOf(K.tz, last));
    if (Number.isNaN(off)) continue;
    const c = f.s.charCodeAt(vs);
    if (c === 43 || c === 45) return off;
    fallback = off;
  }
  return fallback;
}

/** Event time in ms; NaN when the line's own time is impossible, undefined when it has none. */
function eventTime(f: FieldSlots, zone: string): number | undefined {
  if (f.has(K.eventtime)) {
    const t = parseEpoch(f.s, f.at(K.eventtime), f.endOf(K.eventtime));
    if (!Number.isNaN(t) || f.length(K.date) <= 0) return t;
  }
  if (f.length(K.date) <= 0 || !f.has(K.time)) return undefined;
  const wall = wallClock(f);
  if (Number.isNaN(wall)) return NaN;
  const off = f.has(K.tz) ? offsetOf(f) : NaN;
  return Number.isNaN(off) ? zonedToUtc(wall, zone) : wall - off * 60_000;
}

const fields: FortiFields = { type: null, subtype: null, eventtype: null, action: null, attack: null, logid: null, cpu: -1, mem: -1 };

/** The fields classification reads, into the shared `fields`. */
function readFields(f: FieldSlots): FortiFields {
  fields.type = f.str(K.type);
  fields.subtype = f.str(K.subtype);
  fields.eventtype = f.str(K.eventtype);
  fields.action = f.str(K.action);
  fields.attack = f.str(K.attack);
  fields.logid = f.str(K.logid);
  fields.cpu = f.int(K.cpu);
  fields.mem = f.int(K.mem);
  return fields;
}

function port(f: FieldSlots, id: number): number | null {
  const p = f.int(id);
  return p >= 0 && p <= 65535 ? p : null;
}

export function readFortigate(f: FieldSlots, env: Envelope, lc: LineContext, host: string | null): ParseResult {
  const lean = lc.lean;
  const deviceKey = lean ? (f.text(K.devid) ?? f.text(K.device_id)) : (f.interned(K.devid) ?? f.interned(K.device_id));
  let time = eventTime(f, lc.zone);
  if (time === undefined) time = Number.isNaN(env.time) ? (Number.isNaN(lc.receivedAt) ? Date.now() : lc.receivedAt) : env.time;
  if (!inRange(time)) return deadLetter('bad_time', 'fortigate', deviceKey, host);

  const srcIp = f.text(K.srcip);
  const dstIp = f.text(K.dstip);
  const srcSide = sideOf(srcIp, sideAt(f.s, f.at(K.srcintfrole), f.endOf(K.srcintfrole)), lc.lan);
  const dstSide = sideOf(dstIp, sideAt(f.s, f.at(K.dstintfrole), f.endOf(K.dstintfrole)), lc.lan);

  if (lean) {
    // Only what `ParseContext.lean` promises. Connection logs, most lines, are never detections
    // (`classifyFortigate`), so their other fields are not read.
    const rec = reusedRecord('fortigate', time, deviceKey, host);
    rec.direction = directionOf(srcSide, dstSide);
    rec.srcIp = srcIp;
    rec.dstIp = dstIp;
    rec.srcMac = f.mac(K.srcmac);
    rec.dstMac = f.mac(K.dstmac);
    rec.category = f.eq(K.type, 'traffic') ? null : classifyFortigate(readFields(f), srcSide).category;
    return rec;
  }
  const v = classifyFortigate(readFields(f), srcSide);
  const rec: ParsedRecord = newRecord('fortigate', time, deviceKey, host);
  rec.eventId = fields.logid ?? f.text(K.log_id);
  rec.direction = directionOf(srcSide, dstSide);
  rec.srcIp = srcIp;
  rec.srcPort = port(f, K.srcport);
  rec.dstIp = dstIp;
  rec.dstPort = port(f, K.dstport);
  if (f.has(K.proto)) rec.proto = protoName(f.s, f.at(K.proto), f.endOf(K.proto));
  if (f.has(K.srcmac)) rec.srcMac = normalizeMac(f.str(K.srcmac)!);
  if (f.has(K.dstmac)) rec.dstMac = normalizeMac(f.str(K.dstmac)!);
  if (srcSide === INSIDE) rec.hostname = f.text(K.srcname);
  if (v.category !== null) {
    rec.category = v.category;
    rec.action = fortiAction(fields.action) ?? (v.category === 'health.cpu_mem' ? null : 'detected');
    rec.name = v.name === 'attack' ? fields.attack : v.name === 'virus' ? f.text(K.virus) : v.name === 'catdesc' ? f.text(K.catdesc) : v.name === 'perf' ? perfName(fields.cpu, fields.mem) : null;
  } else if (fields.action === 'deny') rec.action = 'blocked';
  return rec;
}
