/** Factories that give every record and dead letter the same shape (one hidden class each). */
import type { DeadLetter, DeadLetterReason, ParsedRecord, Vendor } from './types.ts';

export function newRecord(vendor: Vendor, time: number, deviceKey: string | null, host: string | null): ParsedRecord {
  return {
    ok: true,
    time,
    vendor,
    deviceKey,
    host,
    category: null,
    direction: null,
    srcIp: null,
    srcPort: null,
    dstIp: null,
    dstPort: null,
    proto: null,
    srcMac: null,
    dstMac: null,
    name: null,
    action: null,
    hostname: null,
    eventId: null,
    binding: null,
  };
}

const scratch: Record<Vendor, ParsedRecord> = {
  sonicwall: newRecord('sonicwall', 0, null, null),
  fortigate: newRecord('fortigate', 0, null, null),
  yamaha: newRecord('yamaha', 0, null, null),
  cef: newRecord('cef', 0, null, null),
  json: newRecord('json', 0, null, null),
};

/**
 * `newRecord` for lean callers (`ParseContext.lean`): one reused record per vendor, every field
 * reset, valid until the next line.
 */
export function reusedRecord(vendor: Vendor, time: number, deviceKey: string | null, host: string | null): ParsedRecord {
  const r = scratch[vendor];
  r.time = time;
  r.deviceKey = deviceKey;
  r.host = host;
  r.category = null;
  r.direction = null;
  r.srcIp = null;
  r.srcPort = null;
  r.dstIp = null;
  r.dstPort = null;
  r.proto = null;
  r.srcMac = null;
  r.dstMac = null;
  r.name = null;
  r.action = null;
  r.hostname = null;
  r.eventId = null;
  r.binding = null;
  return r;
}

export function deadLetter(reason: DeadLetterReason, vendor: Vendor | null = null, deviceKey: string | null = null, host: string | null = null): DeadLetter {
  return { ok: false, reason, vendor, deviceKey, host };
}

/** Lower-case protocol names for the numbers and spellings devices use. */
const protoNames = new Map<string, string>([
  ['6', 'tcp'],
  ['17', 'udp'],
  ['1', 'icmp'],
  ['58', 'icmp6'],
  ['tcp', 'tcp'],
  ['udp', 'udp'],
  ['icmp', 'icmp'],
  ['icmp6', 'icmp6'],
  ['ipv6-icmp', 'icmp6'],
  ['icmpv6', 'icmp6'],
  ['TCP', 'tcp'],
  ['UDP', 'udp'],
  ['ICMP', 'icmp'],
  ['ICMP6', 'icmp6'],
  ['ICMPV6', 'icmp6'],
  ['ICMPv6', 'icmp6'],
  ['gre', 'gre'],
  ['GRE', 'gre'],
  ['47', 'gre'],
  ['esp', 'esp'],
  ['ESP', 'esp'],
  ['50', 'esp'],
]);

/** Protocol name for s[start, end) without allocating for the common spellings. */
export function protoName(s: string, start: number, end: number): string | null {
  if (end <= start) return null;
  const n = end - start;
  if (n === 3) {
    if (s.startsWith('tcp', start)) return 'tcp';
    if (s.startsWith('udp', start)) return 'udp';
  } else if (n === 1 && s.charCodeAt(start) === 54) return 'tcp';
  else if (n === 2 && s.startsWith('17', start)) return 'udp';
  const raw = s.slice(start, end);
  return protoNames.get(raw) ?? protoNames.get(raw.toLowerCase()) ?? (n <= 16 ? raw.toLowerCase() : null);
}

/** Copies a string so that it no longer points into the (large) line or chunk it was cut from. */
export function detach(s: string): string {
  return (' ' + s).slice(1);
}
