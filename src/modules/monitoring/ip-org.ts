import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * IPv4 address → network owner ("Google LLC", AS15169) from the offline @ip-location-db/asn list
 * (RouteViews, DB-IP and NRO data, CC BY 4.0: https://db-ip.com is credited wherever it is shown).
 * Loaded once on first use into sorted typed arrays (a few MB), then a binary search per lookup.
 * Without the package every lookup answers null.
 */
interface Table {
  starts: Uint32Array;
  ends: Uint32Array;
  asns: Uint32Array;
  orgIndex: Uint32Array;
  orgs: string[];
}

let table: Table | null | undefined;

function load(): Table | null {
  let text: string;
  try {
    const dir = createRequire(import.meta.url).resolve('@ip-location-db/asn/package.json').replace(/package\.json$/, '');
    text = readFileSync(`${dir}asn-ipv4-num.csv`, 'latin1');
  } catch {
    return null;
  }
  const n = text.split('\n').length;
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  const asns = new Uint32Array(n);
  const orgIndex = new Uint32Array(n);
  const orgs: string[] = [];
  const orgIds = new Map<string, number>();
  let count = 0;
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const c1 = text.indexOf(',', pos);
    const c2 = text.indexOf(',', c1 + 1);
    const c3 = text.indexOf(',', c2 + 1);
    if (c1 > 0 && c3 > 0 && c3 < nl) {
      let org = text.slice(c3 + 1, nl).trim();
      if (org.startsWith('"')) org = org.slice(1, -1).replace(/""/g, '"');
      // The file is UTF-8; read as Latin-1 for speed, decode the few names that need it.
      if (/[\x80-\xff]/.test(org)) org = Buffer.from(org, 'latin1').toString('utf8');
      let id = orgIds.get(org);
      if (id === undefined) orgIds.set(org, (id = orgs.push(org) - 1));
      starts[count] = Number(text.slice(pos, c1));
      ends[count] = Number(text.slice(c1 + 1, c2));
      asns[count] = Number(text.slice(c2 + 1, c3));
      orgIndex[count] = id;
      count++;
    }
    pos = nl + 1;
  }
  return { starts: starts.subarray(0, count), ends: ends.subarray(0, count), asns: asns.subarray(0, count), orgIndex: orgIndex.subarray(0, count), orgs };
}

function ipv4ToInt(ip: string): number {
  const p = ip.split('.');
  if (p.length !== 4) return -1;
  let v = 0;
  for (const x of p) {
    const n = Number(x);
    if (!Number.isInteger(n) || n < 0 || n > 255 || x === '') return -1;
    v = v * 256 + n;
  }
  return v;
}

export interface IpOwner {
  asn: number;
  org: string;
}

export function ipOwner(ip: string | null): IpOwner | null {
  if (!ip) return null;
  const v = ipv4ToInt(ip);
  if (v < 0) return null;
  if (table === undefined) table = load();
  if (!table) return null;
  const { starts, ends } = table;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! > v) hi = mid - 1;
    else if (ends[mid]! < v) lo = mid + 1;
    else return { asn: table.asns[mid]!, org: table.orgs[table.orgIndex[mid]!]! };
  }
  return null;
}
