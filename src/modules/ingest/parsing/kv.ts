/**
 * Key=value payloads: scans the line once with the shared key table, then hands the slots to the
 * SonicWall or the FortiGate reader, chosen by the keys present (`sn`/`m` vs `devid`/`logid`) or,
 * failing that, by the device's registered vendor.
 */
import { K, kvSlots, kvTable } from './kv-fields.ts';
import { deadLetter } from './record.ts';
import { readFortigate } from './fortigate.ts';
import { readSonicwall } from './sonicwall.ts';
import type { Envelope, LineContext, Parser, ParseResult, Vendor } from './types.ts';

/**
 * SonicWall lines start with `id=` (the syslog ID); FortiGate lines carry `devid`/`logid`
 * (FortiManager/Analyzer: `device_id`/`log_id`) and may also carry an unrelated `sn=` (admin
 * sessions), so the FortiGate keys are checked before `sn`/`m`.
 */
function vendorOf(lc: LineContext): Vendor | null {
  const slots = kvSlots;
  if (slots.firstId === K.id) return 'sonicwall';
  if (slots.has(K.devid) || slots.has(K.logid) || slots.has(K.device_id) || slots.has(K.log_id)) return 'fortigate';
  if (slots.has(K.sn) || slots.has(K.m)) return 'sonicwall';
  if (lc.vendorHint === 'sonicwall' || lc.vendorHint === 'fortigate') return lc.vendorHint;
  return slots.firstId === K.date || slots.firstId === K.devname ? 'fortigate' : null;
}

export const kvParser: Parser = {
  name: 'kv',
  parse(s: string, start: number, end: number, env: Envelope, lc: LineContext): ParseResult {
    const slots = kvSlots;
    const error = slots.fill(kvTable, s, start, end);
    const vendor = vendorOf(lc);
    const host = env.host ?? lc.senderIp;
    if (error) {
      const key = vendor === 'sonicwall' ? slots.text(K.sn) : vendor === 'fortigate' ? slots.text(K.devid) : null;
      return deadLetter(error, vendor, key, host);
    }
    if (vendor === 'sonicwall') return readSonicwall(slots, env, lc, host);
    if (vendor === 'fortigate') return readFortigate(slots, env, lc, host);
    return deadLetter(slots.sawControl ? 'binary' : 'unknown_format', null, null, host);
  },
};
