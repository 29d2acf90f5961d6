/**
 * MAC vendor from the IEEE OUI list (`oui-data`: 6 upper-case hex digits → "Apple, Inc.\n<address>").
 * The list is 5–6 MB of JSON, so it is loaded only when a caller has MACs to name: a handful of
 * look-ups search the raw text, more parse it once. Locally administered (randomised) MACs, as
 * phones use on Wi-Fi, have no vendor. Without the package every vendor is null.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export type VendorLookup = (mac: string) => string | null;

/** `AABBCC` of a normalised MAC, or null for locally administered ones. */
export function ouiPrefix(mac: string): string | null {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (hex.length !== 12) return null;
  if ((parseInt(hex[1]!, 16) & 2) !== 0) return null;
  return hex.slice(0, 6);
}

function firstLine(v: string): string {
  const nl = v.indexOf('\n');
  return (nl < 0 ? v : v.slice(0, nl)).trim();
}

/** Text of the oui-data list, or null when the package is not installed. */
async function readList(): Promise<string | null> {
  try {
    const path = createRequire(import.meta.url).resolve('oui-data');
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** A lookup for the given MACs (pass every MAC you will ask about, so the list is read once). */
export async function loadVendorLookup(macs: Iterable<string>): Promise<VendorLookup> {
  const prefixes = new Set<string>();
  for (const m of macs) {
    const p = ouiPrefix(m);
    if (p) prefixes.add(p);
  }
  if (prefixes.size === 0) return () => null;
  const text = await readList();
  if (text === null) return () => null;
  const found = new Map<string, string>();
  if (prefixes.size <= 32) {
    for (const p of prefixes) {
      const at = text.indexOf(`"${p}":`);
      if (at < 0) continue;
      const open = text.indexOf('"', at + 9);
      if (open < 0 || open > at + 16) continue;
      const vs = open + 1;
      let ve = vs;
      while (ve < text.length && text.charCodeAt(ve) !== 34) ve += text.charCodeAt(ve) === 92 ? 2 : 1;
      try {
        found.set(p, firstLine(JSON.parse(`"${text.slice(vs, ve)}"`) as string));
      } catch {
        /* a malformed entry names no vendor */
      }
    }
  } else {
    const all = JSON.parse(text) as Record<string, string>;
    for (const p of prefixes) if (typeof all[p] === 'string') found.set(p, firstLine(all[p]));
  }
  return (mac) => {
    const p = ouiPrefix(mac);
    return p ? (found.get(p) ?? null) : null;
  };
}
