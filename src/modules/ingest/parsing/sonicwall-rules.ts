/**
 * SonicWall classification by message id `m` (issue 3 mapping rules; reference §1.4–1.5), as a
 * table indexed by `m`. Shared by the key=value and the CEF ("ArcSight") parsers.
 */
import type { Category } from './categories.ts';
import { INSIDE, type Side } from './sides.ts';
import type { Action } from './types.ts';

/** Where the record's `name` comes from. */
export type NameSource = 'ipscat' | 'detail' | 'country' | 'cfsCategory' | 'label' | 'none';

export interface SonicwallRule {
  category: Category;
  /** Category when the source is inside the company (scans and Xmas tree → `scan.internal`). */
  fromInside: Category | null;
  action: Action;
  name: NameSource;
  /** Static name for events whose text carries no useful detail. */
  label: string | null;
}

const rules: (SonicwallRule | undefined)[] = [];

function add(ids: number[], category: Category, action: Action, name: NameSource, label: string | null = null, fromInside: Category | null = null) {
  for (const m of ids) rules[m] = { category, fromInside, action, name, label };
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

add([82], 'scan.inbound.possible', 'detected', 'label', 'Possible port scan', 'scan.internal');
add([83], 'scan.inbound.probable', 'detected', 'label', 'Probable port scan', 'scan.internal');
add([177], 'scan.inbound.probable', 'detected', 'label', 'TCP FIN scan', 'scan.internal');
add([178], 'scan.inbound.probable', 'detected', 'label', 'TCP Xmas scan', 'scan.internal');
add([179], 'scan.inbound.probable', 'detected', 'label', 'TCP Null scan', 'scan.internal');
add([267], 'attack.tcp_xmas', 'blocked', 'label', 'TCP Xmas Tree', 'scan.internal');
add([608, 789], 'ips.inbound', 'detected', 'ipscat');
add([609, 790], 'ips.inbound', 'blocked', 'ipscat');
add([809], 'malware.virus', 'blocked', 'detail');
add([794], 'malware.spyware', 'blocked', 'detail');
add([795], 'malware.spyware', 'detected', 'detail');
add([1200, 1476, 1518], 'c2.botnet.inbound', 'blocked', 'none');
add([1201, 1477, 1519], 'c2.botnet.outbound', 'blocked', 'none');
add([28], 'attack.fragmentation', 'blocked', 'label', 'Fragmented packet');
add([1373, 1374, 1375], 'attack.fragmentation', 'blocked', 'label', 'Invalid fragment');
add([1376], 'attack.fragmentation', 'blocked', 'label', 'Nestea/Teardrop');
add([1198, 1474], 'block.geoip', 'blocked', 'country');
add([1199, 1475], 'block.geoip', 'blocked', 'country');
add([14], 'block.url_category', 'blocked', 'cfsCategory');

const floods: [number[], string][] = [
  [[25, 859, 860, 864, 866, 867], 'SYN flood'],
  [[898, 904], 'RST flood'],
  [[901, 905], 'FIN flood'],
  [range(1180, 1182), 'DoS protection on WAN'],
  [[1213, 1450], 'UDP flood'],
  [[1214, 1451], 'ICMP flood'],
  [[1366, ...range(1369, 1371)], 'TCP flood'],
  [[1452], 'Half-open TCP connections'],
  [[22], 'Ping of death'],
  [[23], 'IP spoof'],
  [[27], 'Land attack'],
  [[81], 'Smurf amplification'],
  [[580], 'TCP SYN/FIN packet'],
];
for (const [ids, label] of floods) add(ids, 'dos.inbound', 'blocked', 'label', label);

export function sonicwallRule(m: number): SonicwallRule | undefined {
  return m >= 0 && m < rules.length ? rules[m] : undefined;
}

/** The category of a line with rule `rule` whose source is on `srcSide`. */
export function sonicwallCategory(rule: SonicwallRule, srcSide: Side): Category {
  return srcSide === INSIDE && rule.fromInside !== null ? rule.fromInside : rule.category;
}

/**
 * The `%s` detail of a message (`Gateway Anti-Virus Alert: EICAR (Test) blocked.` →
 * `EICAR (Test)`; `IPS Detection Alert: X, SID: 316, Priority: Low` → `X`).
 */
export function messageDetail(msg: string): string | null {
  const colon = msg.indexOf(': ');
  let d = colon >= 0 ? msg.slice(colon + 2) : msg;
  const sid = d.indexOf(', SID: ');
  if (sid >= 0) d = d.slice(0, sid);
  if (d.endsWith(' blocked.')) d = d.slice(0, -9);
  else if (d.endsWith(' blocked')) d = d.slice(0, -8);
  d = d.trim();
  return d === '' ? null : d;
}

/** `… Country Name:Singapore` → `Singapore`. */
export function countryFrom(msg: string): string | null {
  const at = msg.indexOf('Country Name:');
  if (at < 0) return null;
  let end = msg.indexOf(',', at);
  if (end < 0) end = msg.length;
  const c = msg.slice(at + 13, end).trim();
  return c === '' ? null : c;
}
