/**
 * Which side of the firewall an address is on, from what the device says (interface, zone, role)
 * or the company's LAN prefixes, and the direction of a line from its two sides.
 */
import { isPrivateIp, type CidrSet } from './net.ts';
import type { Direction } from './types.ts';

export const UNKNOWN = 0;
export const INSIDE = 1;
export const OUTSIDE = 2;
export type Side = typeof UNKNOWN | typeof INSIDE | typeof OUTSIDE;

/**
 * Inside when the device says so or the address is in the LAN prefixes; outside when the device
 * says so; otherwise by the prefixes when configured, else by private address ranges.
 */
export function sideOf(ip: string | null, hint: Side, lan: CidrSet | null): Side {
  if (hint === INSIDE) return INSIDE;
  if (ip !== null && lan !== null && lan.contains(ip)) return INSIDE;
  if (hint === OUTSIDE) return OUTSIDE;
  if (ip === null || ip === '') return UNKNOWN;
  if (lan !== null) return OUTSIDE;
  return isPrivateIp(ip) ? INSIDE : OUTSIDE;
}

export function directionOf(src: Side, dst: Side): Direction | null {
  if (src === INSIDE) return dst === INSIDE ? 'internal' : 'outbound';
  if (src === OUTSIDE) return 'inbound';
  if (dst === INSIDE) return 'inbound';
  if (dst === OUTSIDE) return 'outbound';
  return null;
}

/** Side named by a zone or interface role (SonicWall zones, FortiGate `*intfrole`). */
const namedSides = new Map<string, Side>([
  ['lan', INSIDE],
  ['LAN', INSIDE],
  ['Trusted', INSIDE],
  ['trusted', INSIDE],
  ['DMZ', INSIDE],
  ['dmz', INSIDE],
  ['VPN', INSIDE],
  ['SSLVPN', INSIDE],
  ['WLAN', INSIDE],
  ['MGMT', INSIDE],
  ['wan', OUTSIDE],
  ['WAN', OUTSIDE],
  ['Untrusted', OUTSIDE],
  ['untrusted', OUTSIDE],
]);

export function sideOfName(name: string | null): Side {
  return name === null ? UNKNOWN : (namedSides.get(name) ?? UNKNOWN);
}

/** The names above by length, for `sideAt`. */
const namesByLength: [string, Side][][] = [];
for (const [name, side] of namedSides) (namesByLength[name.length] ??= []).push([name, side]);

/**
 * `sideOfName` of s[start, end) read in place (no string cut out per line). A key=value value
 * with backslash escapes can never be one of the names (they hold no backslash), so the raw
 * range gives the same answer as its unescaped text.
 */
export function sideAt(s: string, start: number, end: number): Side {
  const list = start >= 0 ? namesByLength[end - start] : undefined;
  if (list === undefined) return UNKNOWN;
  for (let k = 0; k < list.length; k++) if (s.startsWith(list[k]![0], start)) return list[k]![1];
  return UNKNOWN;
}
