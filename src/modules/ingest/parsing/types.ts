/**
 * Types of the log-parsing core: one normalised record per log line, or a dead-letter result with
 * a stable reason code. Parsers never throw; everything they cannot read becomes a dead letter.
 */
import type { Category } from './categories.ts';
import type { CidrSet } from './net.ts';

export type { Category } from './categories.ts';

/** Which parser understood the line. `cef` is a CEF line from a vendor we have no mapping for. */
export type Vendor = 'sonicwall' | 'fortigate' | 'yamaha' | 'cef' | 'json';

export const vendors: readonly Vendor[] = ['sonicwall', 'fortigate', 'yamaha', 'cef', 'json'];

/** Seen from the company: from the internet in, from the company out, or inside the company. */
export type Direction = 'inbound' | 'outbound' | 'internal';

export type Action = 'blocked' | 'detected';

/** Stable dead-letter reason codes (stored, counted and shown to staff; never rename). */
export const deadLetterReasons = [
  'empty',
  'too_long', // more than 64 KiB
  'binary', // NUL or other control bytes where text was expected
  'unknown_format', // no envelope or payload we recognise
  'unbalanced_quote', // a quoted value never closes
  'truncated', // the line stops before its grammar is complete (CEF header, Yamaha tuple, …)
  'missing_field', // recognised vendor, but a field we need (m, type, …) is absent
  'bad_field', // a field we need has a value we cannot read (address, port, category, …)
  'bad_time', // impossible date or time, epoch out of range
  'bad_timezone', // the device's configured time zone is not an IANA zone
  'bad_json', // JSON line that does not parse, or is not an object
  'parser_error', // a bug in a parser (never expected; the line is kept, not lost)
] as const;
export type DeadLetterReason = (typeof deadLetterReasons)[number];

/** Per-line context: what the receiver knows about the sender, and the device's settings. */
export interface ParseContext {
  /** Address the datagram/connection came from; the identity of devices that log none (Yamaha). */
  senderIp?: string;
  /** Receive time (epoch ms): the event time of lines without a usable time of their own. */
  receivedAt?: number;
  /** IANA zone of the device clock for times logged without a zone (default Asia/Tokyo). */
  timezone?: string;
  /** The company's LAN prefixes (`192.168.1.0/24`, `2001:db8:1::/48`); they decide direction. */
  lanCidrs?: readonly string[];
  /** The registered vendor of the device, used when a line alone is ambiguous. */
  vendorHint?: string;
  /**
   * The caller reads only `vendor`, `deviceKey`, `host`, `time`, `category`, `direction`, the
   * addresses, the MACs and `binding` of a record, and nothing of it after the next call
   * (`otasuke analyze`). Parsers may then leave ports, protocol, name, action, hostname and event
   * id null, return strings that point into the line, and reuse one record object.
   */
  lean?: boolean;
}

export interface IpMacBinding {
  ip: string;
  mac: string;
}

/** One understood log line. `category` is null for lines that are not detections. */
export interface ParsedRecord {
  ok: true;
  /** Event time, epoch milliseconds (UTC). */
  time: number;
  vendor: Vendor;
  /** Serial from the line (SonicWall `sn`, FortiGate `devid`), null when the line carries none. */
  deviceKey: string | null;
  /** Host from a syslog header (device name or address a relay wrote), else the sender address. */
  host: string | null;
  category: Category | null;
  direction: Direction | null;
  srcIp: string | null;
  srcPort: number | null;
  dstIp: string | null;
  dstPort: number | null;
  /** Lower-case protocol name: tcp, udp, icmp, icmp6, or the number when unknown. */
  proto: string | null;
  /** Lower-case, colon-separated. */
  srcMac: string | null;
  dstMac: string | null;
  /** Signature, virus, URL category, country or reputation category, as fits the category. */
  name: string | null;
  action: Action | null;
  /** Host name of the internal host where the line logs one. */
  hostname: string | null;
  /** The vendor's event id: SonicWall `m`, FortiGate `logid`, CEF signature id. */
  eventId: string | null;
  /** IP↔MAC pair the line proves (Yamaha DHCP). */
  binding: IpMacBinding | null;
}

export interface DeadLetter {
  ok: false;
  reason: DeadLetterReason;
  /** What was recognised before the line failed, so dead letters can be counted per device. */
  vendor: Vendor | null;
  deviceKey: string | null;
  host: string | null;
}

export type ParseResult = ParsedRecord | DeadLetter;

/** The syslog envelope around a payload. */
export interface Envelope {
  /** Index in the line where the payload starts. */
  payloadStart: number;
  /** What the payload looks like. */
  format: PayloadFormat;
  /** Host from a syslog header (RFC 3164/5424 HOSTNAME, or the address a relay prepended). */
  host: string | null;
  /** Header time in epoch ms, NaN when there is none. RFC 3164 times take the year from `receivedAt`. */
  time: number;
  /** `<PRI>` value, -1 when absent (the innermost one when a relay wrapped a device line). */
  pri: number;
}

export type PayloadFormat = 'kv' | 'cef' | 'yamaha' | 'json' | 'unknown';

/** A `ParseContext` made ready for the hot path (zone checked, prefixes compiled). */
export interface LineContext {
  zone: string;
  isZoneValid: boolean;
  /** The company's LAN prefixes; null when none are configured (private ranges count as inside). */
  lan: CidrSet | null;
  vendorHint: Vendor | null;
  senderIp: string | null;
  /** Epoch ms, NaN when unknown. */
  receivedAt: number;
  /** See `ParseContext.lean`. */
  lean: boolean;
}

/** A parser for one payload format: reads s[start, end) into a record or a dead letter. */
export interface Parser {
  readonly name: string;
  parse(s: string, start: number, end: number, env: Envelope, lc: LineContext): ParseResult;
}
