/**
 * Offline analysis (`otasuke analyze`): log files in, per-device category counts and the default
 * alerts out, without a database. Streaming with bounded memory: lines are parsed where they lie
 * in the decoded chunk, and only small aggregates are kept (device map, alert groups, IP↔MAC
 * bindings of internal hosts, each capped), with their keys copied out of the chunk.
 */
import { alertCategories, categories, categoryIndex, detach, parseWith, resolveContext, type Category, type LineContext, type ParsedRecord, type Vendor } from './parsing/index.ts';
import { kvBytes } from './parsing/kv-fields.ts';
import { forEachLine, MAX_LINE_BYTES, type LineSink } from './parsing/line-reader.ts';
import { loadVendorLookup } from './parsing/oui.ts';

export interface AnalyzeOptions {
  /** Zone of device clocks that log local time (default Asia/Tokyo). */
  timezone?: string;
  /** LAN prefixes that decide inside/outside when the line does not say. */
  lanCidrs?: string[];
  /** Registered vendor, for lines that are ambiguous alone. */
  vendorHint?: string;
  /** Caps that keep memory bounded on hostile input. */
  maxDevices?: number;
  maxAlertGroups?: number;
  maxBindingsPerDevice?: number;
}

export interface DeviceSummary {
  device: string;
  vendor: Vendor;
  categories: Partial<Record<Category, number>>;
}

export interface AlertSummary {
  device: string;
  category: Category;
  host: string;
  mac: string | null;
  vendor: string | null;
  count: number;
  first: string;
  last: string;
}

/** The `--json` output, exactly. */
export interface AnalyzeReport {
  lines: number;
  parsed: number;
  deadLetter: number;
  devices: DeviceSummary[];
  alerts: AlertSummary[];
}

/** The report plus what the readable summary shows besides. */
export interface AnalyzeResult extends AnalyzeReport {
  deviceLines: Record<string, number>;
  deadLetterReasons: Record<string, number>;
  deadLetterByDevice: Record<string, number>;
  notes: string[];
}

interface DeviceAgg {
  /** Small number for the binding cache. */
  id: number;
  device: string;
  vendor: Vendor;
  lines: number;
  counts: number[];
  /** Internal host IP → its last MAC. */
  bindings: Map<string, Binding>;
}

interface Binding {
  ip: string;
  mac: string;
}

interface AlertAgg {
  device: DeviceAgg;
  category: Category;
  host: string;
  mac: string | null;
  count: number;
  first: number;
  last: number;
}

const UNKNOWN_DEVICE = '(unknown)';
const BIND_SLOTS = 65_536;

export class Analyzer implements LineSink {
  lines = 0;
  parsed = 0;
  deadLetter = 0;
  private readonly lc: LineContext;
  private readonly devices = new Map<string, DeviceAgg>();
  private readonly alerts = new Map<string, AlertAgg>();
  private readonly reasons = new Map<string, number>();
  private readonly deadByDevice = new Map<string, number>();
  private readonly caps: { devices: number; alerts: number; bindings: number };
  private dropped = { devices: 0, alerts: 0 };
  private readonly recentDev = new Int32Array(BIND_SLOTS).fill(-1);
  private readonly recentIp = new Int32Array(BIND_SLOTS);
  private readonly recentMac = new Int32Array(BIND_SLOTS);
  private lastKey: string | null = null;
  private lastDevice: DeviceAgg | null = null;

  constructor(opts: AnalyzeOptions = {}) {
    this.lc = resolveContext({ timezone: opts.timezone, lanCidrs: opts.lanCidrs, vendorHint: opts.vendorHint, lean: true });
    this.caps = { devices: opts.maxDevices ?? 100_000, alerts: opts.maxAlertGroups ?? 100_000, bindings: opts.maxBindingsPerDevice ?? 65_536 };
  }

  /** One line s[start, end); blank lines are not counted. */
  line(s: string, start: number, end: number): void {
    let i = start;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c !== 32 && c !== 13 && c !== 9) break;
      i++;
    }
    if (i === end) return;
    this.lines++;
    const r = parseWith(s, start, end, this.lc);
    if (!r.ok) {
      this.dead(r.reason, r.deviceKey ?? r.host);
      return;
    }
    this.parsed++;
    const dev = this.device(r);
    if (!dev) return;
    dev.lines++;
    if (r.category !== null) {
      dev.counts[categoryIndex(r.category)]!++;
      if (alertCategories.has(r.category)) this.alert(dev, r);
    }
    this.bind(dev, r);
  }

  tooLong(): void {
    this.lines++;
    this.dead('too_long', null);
  }

  /** Lines of a window read into the byte scanner's memory are scanned from their bytes. */
  window(s: string, bytes: Uint8Array): void {
    kvBytes?.setWindow(s, bytes);
  }

  private dead(reason: string, device: string | null): void {
    this.deadLetter++;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    const d = device ?? UNKNOWN_DEVICE;
    if (this.deadByDevice.has(d) || this.deadByDevice.size < this.caps.devices) this.deadByDevice.set(detach(d), (this.deadByDevice.get(d) ?? 0) + 1);
  }

  private device(r: ParsedRecord): DeviceAgg | null {
    const key = r.deviceKey ?? r.host ?? UNKNOWN_DEVICE;
    if (key === this.lastKey) return this.lastDevice;
    let dev = this.devices.get(key);
    if (!dev) {
      if (this.devices.size >= this.caps.devices) {
        this.dropped.devices++;
        return null;
      }
      const id = detach(key);
      dev = { id: this.devices.size, device: id, vendor: r.vendor, lines: 0, counts: categories.map(() => 0), bindings: new Map() };
      this.devices.set(id, dev);
    }
    this.lastKey = dev.device;
    this.lastDevice = dev;
    return dev;
  }

  /** The internal host of an alert line is the source, unless the line comes in from outside. */
  private alert(dev: DeviceAgg, r: ParsedRecord): void {
    const inbound = r.direction === 'inbound';
    const host = inbound ? r.dstIp : r.srcIp;
    if (!host) return;
    const key = `${dev.device}\u0000${r.category}\u0000${host}`;
    let a = this.alerts.get(key);
    if (!a) {
      if (this.alerts.size >= this.caps.alerts) {
        this.dropped.alerts++;
        return;
      }
      a = { device: dev, category: r.category!, host: detach(host), mac: null, count: 0, first: r.time, last: r.time };
      this.alerts.set(detach(key), a);
    }
    a.count++;
    if (r.time < a.first) a.first = r.time;
    if (r.time > a.last) a.last = r.time;
    const mac = inbound ? r.dstMac : r.srcMac;
    if (mac) a.mac = detach(mac);
  }

  /** IP↔MAC of internal hosts: the side a line proves (DHCP lease, the internal side's MAC). */
  private bind(dev: DeviceAgg, r: ParsedRecord): void {
    let ip: string | null = null;
    let mac: string | null = null;
    if (r.binding) {
      ip = r.binding.ip;
      mac = r.binding.mac;
    } else if (r.srcMac !== null && (r.direction === 'outbound' || r.direction === 'internal')) {
      ip = r.srcIp;
      mac = r.srcMac;
    } else if (r.dstMac !== null && (r.direction === 'inbound' || r.direction === 'internal')) {
      ip = r.dstIp;
      mac = r.dstMac;
    }
    if (ip === null || mac === null) return;
    // Most lines repeat a binding already known. A direct-mapped cache of (device, IP hash, MAC
    // hash) answers that with integer compares: strings cut out of a chunk are slow to compare
    // and to hash into a Map, and this runs for nearly every connection line.
    const hi = hashOf(ip);
    const hm = hashOf(mac);
    const at = (hi ^ (hi >>> 16) ^ dev.id) & (BIND_SLOTS - 1);
    if (this.recentDev[at] === dev.id && this.recentIp[at] === hi && this.recentMac[at] === hm) return;
    this.recentDev[at] = dev.id;
    this.recentIp[at] = hi;
    this.recentMac[at] = hm;
    const key = detach(ip);
    const b = dev.bindings.get(key);
    if (b === undefined) {
      if (dev.bindings.size < this.caps.bindings) dev.bindings.set(key, { ip: key, mac: detach(mac) });
    } else if (b.mac !== mac) b.mac = detach(mac);
  }

  /** Final report; names MAC vendors from the OUI list. */
  async result(): Promise<AnalyzeResult> {
    const alerts = [...this.alerts.values()];
    for (const a of alerts) a.mac ??= a.device.bindings.get(a.host)?.mac ?? null;
    const vendorOf = await loadVendorLookup(alerts.flatMap((a) => (a.mac ? [a.mac] : [])));
    const devices = [...this.devices.values()].sort((a, b) => cmp(a.device, b.device));
    const notes: string[] = [];
    if (this.dropped.devices) notes.push(`${this.dropped.devices} lines of devices beyond the first ${this.caps.devices} were counted as parsed but not per device`);
    if (this.dropped.alerts) notes.push(`${this.dropped.alerts} alert lines beyond ${this.caps.alerts} alert groups were not grouped`);
    return {
      lines: this.lines,
      parsed: this.parsed,
      deadLetter: this.deadLetter,
      devices: devices.map((d) => ({ device: d.device, vendor: d.vendor, categories: nonZero(d.counts) })),
      alerts: alerts
        .sort((a, b) => cmp(a.device.device, b.device.device) || cmp(a.category, b.category) || a.first - b.first || cmp(a.host, b.host))
        .map((a) => ({ device: a.device.device, category: a.category, host: a.host, mac: a.mac, vendor: a.mac ? vendorOf(a.mac) : null, count: a.count, first: iso(a.first), last: iso(a.last) })),
      deviceLines: Object.fromEntries(devices.map((d) => [d.device, d.lines])),
      deadLetterReasons: Object.fromEntries([...this.reasons].sort((a, b) => b[1] - a[1])),
      deadLetterByDevice: Object.fromEntries([...this.deadByDevice].sort((a, b) => b[1] - a[1])),
      notes,
    };
  }
}

function hashOf(s: string): number {
  let h = s.length;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function nonZero(counts: number[]): Partial<Record<Category, number>> {
  const out: Partial<Record<Category, number>> = {};
  counts.forEach((n, i) => {
    if (n > 0) out[categories[i]!] = n;
  });
  return out;
}

/** The `--json` document: exactly the keys of the contract, in order. */
export function reportOf(r: AnalyzeResult): AnalyzeReport {
  return { lines: r.lines, parsed: r.parsed, deadLetter: r.deadLetter, devices: r.devices, alerts: r.alerts };
}

/** Analyses log files (plain, gzip, or `-` for stdin) one after the other. */
export async function analyzeFiles(paths: string[], opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const analyzer = new Analyzer(opts);
  try {
    for (const p of paths) await forEachLine(p, analyzer, MAX_LINE_BYTES, kvBytes?.readBuffer());
  } finally {
    kvBytes?.setWindow(null, null);
  }
  return analyzer.result();
}
