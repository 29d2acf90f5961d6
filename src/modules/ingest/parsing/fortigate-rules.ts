/**
 * FortiGate classification (issue 3 mapping rules; reference §2.3–2.5), shared by the key=value
 * and the CEF parsers. FortiOS 6.x+ writes `type=utm subtype=ips eventtype=signature`; 5.x wrote
 * `type=ips subtype=signature`; both reduce to a family and an event type here.
 */
import type { Category } from './categories.ts';
import { INSIDE, type Side } from './sides.ts';
import type { Action } from './types.ts';

/** The fields classification looks at, whichever format they came from. */
export interface FortiFields {
  type: string | null;
  subtype: string | null;
  eventtype: string | null;
  action: string | null;
  attack: string | null;
  logid: string | null;
  /** -1 when absent. */
  cpu: number;
  mem: number;
}

export interface FortiVerdict {
  category: Category | null;
  /** Which field names the detection. */
  name: 'attack' | 'virus' | 'catdesc' | 'perf' | null;
}

const NONE: FortiVerdict = { category: null, name: null };
/** Every verdict is one of these constants (no object or key built per line). */
const V = {
  cpuMem: { category: 'health.cpu_mem', name: 'perf' },
  scanInternal: { category: 'scan.internal', name: 'attack' },
  scanProbable: { category: 'scan.inbound.probable', name: 'attack' },
  dos: { category: 'dos.inbound', name: 'attack' },
  ips: { category: 'ips.inbound', name: 'attack' },
  botnetOut: { category: 'c2.botnet.outbound', name: 'attack' },
  botnetIn: { category: 'c2.botnet.inbound', name: 'attack' },
  virus: { category: 'malware.virus', name: 'virus' },
  url: { category: 'block.url_category', name: 'catdesc' },
} as const satisfies Record<string, FortiVerdict>;

/** Family of a line: traffic, event, ips, anomaly, virus, webfilter, … (6.x `utm` subtypes, 5.x types). */
export function fortiFamily(f: FortiFields): string | null {
  return f.type === 'utm' ? f.subtype : f.type;
}

/** Event type within the family (`signature`, `botnet`, `infected`, `ftgd_blk`, `system`, …). */
export function fortiEvent(f: FortiFields): string | null {
  if (f.type === 'utm') return f.eventtype;
  if (f.type === 'traffic' || f.type === 'event') return f.subtype;
  return f.eventtype ?? f.subtype;
}

/** Anomaly names: scans and sweeps vs floods and session limits (reference §2.4). */
function anomalyKind(attack: string | null): 'scan' | 'dos' | 'other' {
  if (!attack) return 'other';
  if (attack.endsWith('_scan') || attack.endsWith('_sweep')) return 'scan';
  if (attack.endsWith('_flood') || attack.endsWith('_session')) return 'dos';
  return 'other';
}

function isPerfStats(f: FortiFields, event: string | null): boolean {
  return event === 'system' && (f.action === 'perf-stats' || (f.logid !== null && f.logid.endsWith('0100040704')) || (f.cpu >= 0 && f.mem >= 0));
}

export function classifyFortigate(f: FortiFields, srcSide: Side): FortiVerdict {
  const event = fortiEvent(f);
  switch (fortiFamily(f)) {
    case 'traffic':
      return NONE;
    case 'event':
      return isPerfStats(f, event) && (f.cpu >= 80 || f.mem >= 80) ? V.cpuMem : NONE;
    case 'anomaly': {
      const kind = anomalyKind(f.attack);
      if (kind === 'scan') return srcSide === INSIDE ? V.scanInternal : V.scanProbable;
      // Anomalies that are neither scans nor floods (5.x `IP.Bad.Header`) are IPS-like detections.
      return kind === 'dos' ? V.dos : V.ips;
    }
    case 'ips':
      if (event === 'botnet') return srcSide === INSIDE ? V.botnetOut : V.botnetIn;
      return event === 'signature' || event === 'malicious-url' ? V.ips : NONE;
    case 'virus':
      return event === 'infected' ? V.virus : NONE;
    case 'webfilter':
      return event === 'ftgd_blk' ? V.url : NONE;
    default:
      return NONE;
  }
}

const actions = new Map<string, Action>([
  ['blocked', 'blocked'],
  ['block', 'blocked'],
  ['dropped', 'blocked'],
  ['drop', 'blocked'],
  ['deny', 'blocked'],
  ['reset', 'blocked'],
  ['reset_client', 'blocked'],
  ['reset_server', 'blocked'],
  ['drop_session', 'blocked'],
  ['clear_session', 'blocked'],
  ['detected', 'detected'],
  ['monitored', 'detected'],
  ['passthrough', 'detected'],
  ['pass_session', 'detected'],
]);

export function fortiAction(action: string | null): Action | null {
  return action === null ? null : (actions.get(action) ?? null);
}

/** Name for `health.cpu_mem`: which of the two crossed 80 %. */
export function perfName(cpu: number, mem: number): string {
  return cpu >= 80 && mem >= 80 ? 'cpu+mem' : cpu >= 80 ? 'cpu' : 'mem';
}
