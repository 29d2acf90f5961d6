/**
 * Addresses without a library: IPv4/IPv6 parsing from char codes, the company's LAN prefixes,
 * private ranges (the fallback for direction when no prefixes are configured), MAC normalisation.
 */

/** IPv4 dotted quad in s[start, end) as an unsigned 32-bit number, or -1. */
export function parseIpv4(s: string, start = 0, end = s.length): number {
  let value = 0;
  let part = -1;
  let parts = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (part < 0 || parts === 3) return -1;
      value = value * 256 + part;
      parts++;
      part = -1;
      digits = 0;
    } else {
      const d = c - 48;
      if (d < 0 || d > 9 || ++digits > 3) return -1;
      part = part < 0 ? d : part * 10 + d;
      if (part > 255) return -1;
    }
  }
  if (part < 0 || parts !== 3) return -1;
  return value * 256 + part;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** IPv6 (with `::` and an optional trailing dotted quad) as 8 hextets, or null. */
export function parseIpv6(s: string, start = 0, end = s.length): number[] | null {
  if (end - start < 2 || end - start > 45) return null;
  const head: number[] = [];
  const tail: number[] = [];
  let cur = head;
  let sawGap = false;
  let i = start;
  if (s.charCodeAt(i) === 58) {
    if (s.charCodeAt(i + 1) !== 58) return null;
    sawGap = true;
    cur = tail;
    i += 2;
    if (i === end) return [0, 0, 0, 0, 0, 0, 0, 0];
  }
  while (i < end) {
    let j = i;
    let v = 0;
    while (j < end && j - i < 5) {
      const h = hexValue(s.charCodeAt(j));
      if (h < 0) break;
      v = v * 16 + h;
      j++;
    }
    if (j < end && s.charCodeAt(j) === 46) {
      const v4 = parseIpv4(s, i, end);
      if (v4 < 0) return null;
      cur.push(Math.floor(v4 / 65536), v4 % 65536);
      i = end;
      break;
    }
    if (j === i || j - i > 4) return null;
    cur.push(v);
    if (j === end) {
      i = end;
      break;
    }
    if (s.charCodeAt(j) !== 58) return null;
    if (s.charCodeAt(j + 1) === 58) {
      if (sawGap) return null;
      sawGap = true;
      cur = tail;
      i = j + 2;
      if (i === end) break;
    } else {
      i = j + 1;
      if (i === end) return null;
    }
  }
  const n = head.length + tail.length;
  if (sawGap ? n > 7 : n !== 8) return null;
  return [...head, ...new Array<number>(8 - n).fill(0), ...tail];
}

export function isIp(s: string, start = 0, end = s.length): boolean {
  return parseIpv4(s, start, end) >= 0 || parseIpv6(s, start, end) !== null;
}

interface V4Net {
  net: number;
  mask: number;
}
interface V6Net {
  words: number[];
  bits: number;
}

function v4Mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

function inV6(words: number[], n: V6Net): boolean {
  let bits = n.bits;
  for (let k = 0; k < 8 && bits > 0; k++, bits -= 16) {
    const m = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((words[k]! & m) !== (n.words[k]! & m)) return false;
  }
  return true;
}

/** A set of CIDR prefixes (`192.168.1.0/24`, `2001:db8::/32`; a bare address is a /32 or /128). */
export class CidrSet {
  private readonly v4: V4Net[] = [];
  private readonly v6: V6Net[] = [];
  /** Entries that are not CIDRs (ignored). */
  readonly invalid: string[] = [];

  constructor(cidrs: readonly string[]) {
    for (const raw of cidrs) {
      const c = raw.trim();
      const slash = c.indexOf('/');
      const addr = slash < 0 ? c : c.slice(0, slash);
      const bitsText = slash < 0 ? '' : c.slice(slash + 1);
      const bits = bitsText === '' ? NaN : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : -1;
      const a4 = parseIpv4(addr);
      if (a4 >= 0 && (Number.isNaN(bits) || (bits >= 0 && bits <= 32))) {
        const mask = v4Mask(Number.isNaN(bits) ? 32 : bits);
        this.v4.push({ net: (a4 & mask) >>> 0, mask });
        continue;
      }
      const a6 = parseIpv6(addr);
      if (a6 && (Number.isNaN(bits) || (bits >= 0 && bits <= 128))) this.v6.push({ words: a6, bits: Number.isNaN(bits) ? 128 : bits });
      else this.invalid.push(raw);
    }
  }

  get size(): number {
    return this.v4.length + this.v6.length;
  }

  contains(ip: string): boolean {
    const a4 = parseIpv4(ip);
    if (a4 >= 0) {
      for (const n of this.v4) if (((a4 & n.mask) >>> 0) === n.net) return true;
      return false;
    }
    if (this.v6.length === 0) return false;
    const a6 = parseIpv6(ip);
    if (!a6) return false;
    for (const n of this.v6) if (inV6(a6, n)) return true;
    return false;
  }
}

/** RFC 1918, loopback, link-local, CGNAT-free private ranges and IPv6 ULA/link-local/loopback. */
export function isPrivateIp(ip: string): boolean {
  const a = parseIpv4(ip);
  if (a >= 0) {
    const o1 = Math.floor(a / 16777216);
    const o2 = Math.floor(a / 65536) % 256;
    return o1 === 10 || o1 === 127 || (o1 === 172 && o2 >= 16 && o2 <= 31) || (o1 === 192 && o2 === 168) || (o1 === 169 && o2 === 254);
  }
  const w = parseIpv6(ip);
  if (!w) return false;
  const w0 = w[0]!;
  return (w0 & 0xfe00) === 0xfc00 || (w0 & 0xffc0) === 0xfe80 || (w.slice(0, 7).every((x) => x === 0) && w[7] === 1);
}

/** 1 for `0-9a-f`. */
const LOWER_HEX = new Uint8Array(128);
for (const c of '0123456789abcdef') LOWER_HEX[c.charCodeAt(0)] = 1;

/**
 * s[start, start + 17) is a MAC already in the form `normalizeMac` gives (checked in place, so
 * a caller cuts out only what it keeps).
 */
export function isNormalMacAt(s: string, start: number): boolean {
  for (let k = 0; k < 17; k += 3) {
    const a = s.charCodeAt(start + k);
    const b = s.charCodeAt(start + k + 1);
    if (a >= 128 || b >= 128 || LOWER_HEX[a] === 0 || LOWER_HEX[b] === 0) return false;
    if (k < 15 && s.charCodeAt(start + k + 2) !== 58) return false;
  }
  return true;
}

/**
 * MAC as lower-case `aa:bb:cc:dd:ee:ff`, from colon, dash or Cisco-dot forms; null otherwise.
 * Returns the input itself when it is already in that form (no allocation).
 */
export function normalizeMac(s: string): string | null {
  if (s.length === 17) {
    let clean = true;
    for (let i = 0; i < 17; i++) {
      const c = s.charCodeAt(i);
      if (i % 3 === 2) {
        if (c !== 58) clean = false;
      } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) clean = false;
    }
    if (clean) return s;
  }
  let hex = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 58 || c === 45 || c === 46) continue;
    if (hexValue(c) < 0) return null;
    hex += s[i];
  }
  if (hex.length !== 12) return null;
  hex = hex.toLowerCase();
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}:${hex.slice(10, 12)}`;
}
