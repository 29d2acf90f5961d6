import { fastId } from '../../../platform/ids/ids.ts';
import { alertCategories, type Category, type ParsedRecord } from '../parsing/index.ts';
import type { KnownDevice } from './device-directory.ts';
import { jstDay, jstWeek, rollupKey } from './rollup-key.ts';
import { SpaceSaving } from './space-saving.ts';
import { ipOwner } from '../../monitoring/ip-org.ts';

export interface AlertCandidate {
  companyId: string;
  deviceId: string;
  category: Category;
  hostIp: string | null;
  hostMac: string | null;
  hostName: string | null;
  remoteIp: string | null;
  remoteOrg: string | null;
  count: number;
  first: number;
  last: number;
  /** A few raw lines (the first ones) to show with the alert. */
  samples: { at: number; raw: string }[];
}

export interface Binding {
  companyId: string;
  ip: string;
  mac: string;
  hostname: string | null;
  first: number;
  last: number;
}

const MAX_SAMPLES = 5;
const RAW_LIMIT = 8_192;

export type Rollup = { company_id: string; day: string; category: string; key: string; device_id: string; count: number };

/**
 * Counts that are only ever added to (rollups, top hosts, IP/MAC bindings). The processor may keep
 * them over several batches and write them every second or two with their own spool checkpoint:
 * the distinct keys of a few batches are far fewer than the sum of each batch's.
 */
export class Aggregates {
  readonly rollups = new Map<string, Rollup>();
  /** Bounded top-K per (company, week, kind): `company|week|kind` → sketch. */
  readonly topHosts = new Map<string, SpaceSaving>();
  readonly bindings = new Map<string, Binding>();

  get size(): number {
    return this.rollups.size + this.topHosts.size * 100 + this.bindings.size;
  }

  /** Adds another batch's counts (top-K sketches merged as Space-Saving does: counts added, bounded). */
  merge(o: Aggregates): void {
    for (const [k, r] of o.rollups) {
      const mine = this.rollups.get(k);
      if (mine) mine.count += r.count;
      else this.rollups.set(k, { ...r });
    }
    for (const [k, sketch] of o.topHosts) {
      let mine = this.topHosts.get(k);
      if (!mine) this.topHosts.set(k, (mine = new SpaceSaving(100)));
      for (const [ip, n] of sketch.top()) mine.add(ip, n);
    }
    for (const [k, b] of o.bindings) {
      const mine = this.bindings.get(k);
      if (!mine) this.bindings.set(k, { ...b });
      else {
        mine.first = Math.min(mine.first, b.first);
        mine.last = Math.max(mine.last, b.last);
        mine.hostname ??= b.hostname;
      }
    }
  }
}

/** Everything one pass over a run of spool records produced, written to the database in one transaction. */
export class Batch {
  /** Rollups, top hosts and bindings (written with this batch, or kept and written later). */
  readonly agg = new Aggregates();
  readonly detections: {
    id: string; company_id: string; device_id: string; at: string; category: string; direction: string | null; src_ip: string | null; src_port: number | null;
    dst_ip: string | null; dst_port: number | null; proto: string | null; src_mac: string | null; name: string | null; action: string | null; raw: string;
  }[] = [];
  readonly deadLetters: { id: string; device_id: string | null; sender: string; received_at: string; reason: string; raw: string }[] = [];
  readonly unassigned: { id: string; device_key: string; vendor: string | null; sender: string; transport: string; received_at: string; raw: string }[] = [];
  readonly stats = new Map<string, { device_id: string; day: string; lines: number; dead_letters: number }>();
  readonly alerts = new Map<string, AlertCandidate>();
  readonly lastSeen = new Map<string, number>();
  lines = 0;

  private stat(deviceId: string, ms: number) {
    const day = jstDay(ms);
    const k = `${deviceId}|${day}`;
    let s = this.stats.get(k);
    if (!s) this.stats.set(k, (s = { device_id: deviceId, day, lines: 0, dead_letters: 0 }));
    return s;
  }

  seen(device: KnownDevice, receivedAt: number) {
    if (this.aggregatesOnly) return;
    this.lines++;
    this.stat(device.id, receivedAt).lines++;
    if ((this.lastSeen.get(device.id) ?? 0) < receivedAt) this.lastSeen.set(device.id, receivedAt);
  }

  deadLetter(device: KnownDevice | undefined, sender: string, receivedAt: number, reason: string, raw: string) {
    if (this.aggregatesOnly) return;
    if (device) this.stat(device.id, receivedAt).dead_letters++;
    this.deadLetters.push({ id: fastId('dl'), device_id: device?.id ?? null, sender, received_at: new Date(receivedAt).toISOString(), reason, raw: raw.slice(0, RAW_LIMIT) });
  }

  unknownDevice(key: string, vendor: string | null, sender: string, transport: string, receivedAt: number, raw: string) {
    if (this.aggregatesOnly) return;
    this.unassigned.push({ id: fastId('ul'), device_key: key.slice(0, 100), vendor, sender, transport, received_at: new Date(receivedAt).toISOString(), raw: raw.slice(0, RAW_LIMIT) });
  }

  /** Lines that matched a suppression rule: counted in the rollups, no alert. */
  suppressed = 0;

  constructor(
    private readonly isSuppressed: (companyId: string, category: Category, hostIp: string | null, remoteIp: string | null, at: number) => boolean = () => false,
    /** Replaying lines whose other results are already committed: collect only `agg`. */
    private readonly aggregatesOnly = false,
  ) {}

  /** Counts a parsed line, keeps it if it is a detection, and feeds the alert rules. */
  record(device: KnownDevice, r: ParsedRecord, raw: string): void {
    this.observeIdentity(device, r);
    const category = r.category;
    if (!category) return;
    const day = jstDay(r.time);
    const key = rollupKey(r, category);
    const rk = `${device.companyId}|${day}|${category}|${key}|${device.id}`;
    const roll = this.agg.rollups.get(rk);
    if (roll) roll.count++;
    else this.agg.rollups.set(rk, { company_id: device.companyId, day, category, key, device_id: device.id, count: 1 });
    if (r.direction === 'inbound' && r.srcIp) this.topHost(device.companyId, r.time, 'source', r.srcIp);
    else if (r.srcIp && (r.direction === 'outbound' || r.direction === 'internal')) this.topHost(device.companyId, r.time, 'internal', r.srcIp);
    if (this.aggregatesOnly) return;
    this.detections.push({
      id: fastId('det'), company_id: device.companyId, device_id: device.id, at: new Date(r.time).toISOString(), category, direction: r.direction,
      src_ip: r.srcIp, src_port: r.srcPort, dst_ip: r.dstIp, dst_port: r.dstPort, proto: r.proto, src_mac: r.srcMac, name: r.name, action: r.action, raw: raw.slice(0, RAW_LIMIT),
    });
    if (!alertCategories.has(category)) return;
    if (this.isSuppressed(device.companyId, category, r.srcIp, r.dstIp, r.time)) {
      this.suppressed++;
      return;
    }
    const ak = `${device.companyId}|${category}|${r.srcIp ?? ''}`;
    let a = this.alerts.get(ak);
    if (!a) {
      a = { companyId: device.companyId, deviceId: device.id, category, hostIp: r.srcIp, hostMac: r.srcMac, hostName: r.hostname, remoteIp: r.dstIp, remoteOrg: null, count: 0, first: r.time, last: r.time, samples: [] };
      this.alerts.set(ak, a);
    }
    a.count++;
    a.first = Math.min(a.first, r.time);
    a.last = Math.max(a.last, r.time);
    a.hostMac ??= r.srcMac;
    a.hostName ??= r.hostname;
    if (r.dstIp && r.dstIp !== a.remoteIp) a.remoteOrg = null;
    a.remoteIp = r.dstIp ?? a.remoteIp;
    a.remoteOrg ??= ipOwner(a.remoteIp)?.org ?? null;
    if (a.samples.length < MAX_SAMPLES) a.samples.push({ at: r.time, raw: raw.slice(0, RAW_LIMIT) });
  }

  private topHost(companyId: string, ms: number, kind: 'source' | 'internal', ip: string) {
    const k = `${companyId}|${jstWeek(ms)}|${kind}`;
    let s = this.agg.topHosts.get(k);
    if (!s) this.agg.topHosts.set(k, (s = new SpaceSaving(100)));
    s.add(ip);
  }

  private observeIdentity(device: KnownDevice, r: ParsedRecord) {
    const pairs: [string | null, string | null][] = [];
    if (r.binding) pairs.push([r.binding.ip, r.binding.mac]);
    if (r.srcMac && r.srcIp && r.direction !== 'inbound') pairs.push([r.srcIp, r.srcMac]);
    for (const [ip, mac] of pairs) {
      if (!ip || !mac) continue;
      const k = `${device.companyId}|${ip}|${mac}`;
      const b = this.agg.bindings.get(k);
      if (b) {
        b.first = Math.min(b.first, r.time);
        b.last = Math.max(b.last, r.time);
        b.hostname ??= r.hostname;
      } else this.agg.bindings.set(k, { companyId: device.companyId, ip, mac, hostname: r.hostname, first: r.time, last: r.time });
    }
  }
}
