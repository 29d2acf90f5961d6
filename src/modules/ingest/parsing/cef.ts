/**
 * ArcSight Common Event Format (reference §4.5):
 * `CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension`.
 * Header fields escape `|` and `\` with a backslash; extension values run until the next
 * ` key=` and escape `=`, `\`, and newlines (`\n`, `\r`). Linear: the extension is read left to
 * right, and each space looks ahead only over the key characters that follow it.
 */
import { isKeyChar } from './kv-scanner.ts';

export interface CefLine {
  version: string;
  vendor: string;
  product: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  /** Extension pairs; the first of duplicate keys is kept. */
  ext: Map<string, string>;
}

function unescapeHeader(v: string): string {
  return v.indexOf('\\') < 0 ? v : v.replace(/\\([\\|])/g, '$1');
}

const extEscapes: Record<string, string> = { '\\': '\\', '=': '=', n: '\n', r: '\r', '|': '|' };

export function unescapeExtension(v: string): string {
  return v.indexOf('\\') < 0 ? v : v.replace(/\\([\\=nr|])/g, (_m, c: string) => extEscapes[c]!);
}

/** Index of the `=` that ends a key starting at `i`, or -1 when no key starts there. */
function keyAt(s: string, i: number, end: number): number {
  let j = i;
  while (j < end && isKeyChar(s.charCodeAt(j))) j++;
  return j > i && j < end && s.charCodeAt(j) === 61 ? j : -1;
}

/** Extension pairs of s[i, end). */
export function parseExtension(s: string, i: number, end: number): Map<string, string> {
  const ext = new Map<string, string>();
  while (i < end && s.charCodeAt(i) === 32) i++;
  let eq = keyAt(s, i, end);
  while (eq >= 0) {
    const key = s.slice(i, eq);
    const vs = eq + 1;
    let j = vs;
    let next = -1;
    let nextEq = -1;
    while (j < end) {
      if (s.charCodeAt(j) === 32) {
        let k = j + 1;
        while (k < end && s.charCodeAt(k) === 32) k++;
        const e = keyAt(s, k, end);
        if (e >= 0) {
          next = k;
          nextEq = e;
          break;
        }
        j = k;
      } else j++;
    }
    const ve = next < 0 ? end : j;
    if (!ext.has(key)) ext.set(key, unescapeExtension(s.slice(vs, ve).trimEnd()));
    i = next;
    eq = nextEq;
  }
  return ext;
}

/** The CEF line starting at s[i] (at `CEF:`), or null when the header is incomplete. */
export function parseCef(s: string, i: number, end: number): CefLine | null {
  const fields: string[] = [];
  let from = i + 4;
  let j = from;
  while (j < end && fields.length < 7) {
    const c = s.charCodeAt(j);
    if (c === 92) j += 2;
    else if (c === 124) {
      fields.push(unescapeHeader(s.slice(from, j)));
      from = ++j;
    } else j++;
  }
  if (fields.length < 7) return null;
  const [version, vendor, product, deviceVersion, signatureId, name, severity] = fields as [string, string, string, string, string, string, string];
  return { version, vendor, product, deviceVersion, signatureId, name, severity, ext: parseExtension(s, from, end) };
}

/** A value without the double quotes SonicWall puts around some CEF values. */
export function unquote(v: string | undefined): string | null {
  if (v === undefined || v === '') return null;
  if (v.length >= 2 && v.charCodeAt(0) === 34 && v.charCodeAt(v.length - 1) === 34) {
    const inner = v.slice(1, -1);
    return inner === '' ? null : inner;
  }
  return v;
}
