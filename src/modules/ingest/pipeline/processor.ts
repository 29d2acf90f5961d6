import type { Deps } from '../../../platform/deps.ts';
import { parseWith, resolveContext, type ParseContext } from '../parsing/index.ts';
import { SpoolReader, type SpoolPosition, type SpoolRecord } from '../spool/spool.ts';
import { ingestRepository } from '../ingest.repository.ts';
import { loadActiveSuppressions, SuppressionSet } from '../../monitoring/suppression.ts';
import { Batch } from './batch.ts';
import { ipOwner } from '../../monitoring/ip-org.ts';
import { DeviceDirectory, type KnownDevice } from './device-directory.ts';
import { bus } from '../../../platform/events/bus.ts';

const NO_DEVICE: ParseContext = {};

export interface ProcessorOptions {
  spoolDir: string;
  /** Checkpoint name (one per spool). */
  stream?: string;
  maxBatch?: number;
  idleMs?: number;
  /** After a small batch, how long to let lines gather before the next one. */
  gatherMs?: number;
}

export interface ProcessorStats {
  lines: number;
  batches: number;
  deadLetters: number;
  unassigned: number;
  suppressed: number;
  alertsRaised: number;
}

/**
 * Reads the spool from the last checkpoint, parses each line with its device's settings, counts in
 * memory, and writes each batch with the new checkpoint in one transaction. Runs until stopped.
 */
export class IngestProcessor {
  readonly stats: ProcessorStats = { lines: 0, batches: 0, deadLetters: 0, unassigned: 0, suppressed: 0, alertsRaised: 0 };
  private readonly reader: SpoolReader;
  private readonly devices: DeviceDirectory;
  private readonly suppressions = new SuppressionSet();
  private suppressionsAt = 0;
  private position: SpoolPosition = { segment: 0, offset: 0 };
  /** The device last seen from each sender: its settings are the first guess for the sender's next line. */
  private readonly bySender = new Map<string, KnownDevice>();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private wakeAlways: (() => void) | undefined;
  private readonly stream: string;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'clock' | 'logger'>,
    private readonly opts: ProcessorOptions,
  ) {
    this.reader = new SpoolReader(opts.spoolDir);
    this.devices = new DeviceDirectory(deps.db);
    this.stream = opts.stream ?? 'local';
  }

  async start(): Promise<void> {
    this.position = (await ingestRepository(this.deps.db).checkpoint(this.stream)) ?? { segment: 0, offset: 0 };
    await this.devices.refresh();
    await this.refreshSuppressions(true);
    bus.on('suppressions.changed', this.onSuppressions);
    this.loop = this.run();
  }

  /** Asks the loop to look at the spool now (a receiver appended something). */
  poke(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.wakeAlways?.();
    await this.loop;
    this.devices.close();
    bus.off('suppressions.changed', this.onSuppressions);
  }

  /** Processes everything in the spool right now (for tests and the import command). */
  async drain(): Promise<void> {
    while (await this.step()) {
      /* keep going */
    }
  }

  private async run() {
    while (!this.stopped) {
      try {
        const lines = this.stats.lines;
        const more = await this.step();
        // Small batches cost a transaction each: after a small one, let lines gather for a moment
        // (bounded, so an alert still shows within a second or two).
        const small = this.stats.lines - lines < (this.opts.maxBatch ?? 20_000) / 4;
        if (!more || small) await this.sleep(more ? (this.opts.gatherMs ?? 150) : (this.opts.idleMs ?? 50), !more);
      } catch (err) {
        this.deps.logger.error({ err: (err as Error).message }, 'ingest batch failed; retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Waits; a poke ends the wait early only when the spool was empty (idle), not while gathering. */
  private sleep(ms: number, wakeOnPoke: boolean) {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      const end = () => (clearTimeout(t), (this.wake = undefined), (this.wakeAlways = undefined), resolve());
      this.wake = wakeOnPoke ? end : undefined;
      this.wakeAlways = end;
    });
  }

  private readonly onSuppressions = () => {
    this.suppressionsAt = 0;
  };

  private async refreshSuppressions(force = false) {
    if (!force && Date.now() - this.suppressionsAt < 2_000) return;
    this.suppressions.set(await loadActiveSuppressions(this.deps.db, this.deps.clock.now().toISOString()));
    this.suppressionsAt = Date.now();
  }

  private lock: Promise<unknown> = Promise.resolve();

  /**
   * One batch: read, process, flush. Returns false when the spool had nothing new. Steps never
   * overlap (the loop and drain() share the position), or a batch would be counted twice.
   */
  step(): Promise<boolean> {
    const next = this.lock.then(() => this.stepOnce());
    this.lock = next.catch(() => undefined);
    return next;
  }

  private async stepOnce(): Promise<boolean> {
    const { records, next } = this.reader.read(this.position, this.opts.maxBatch ?? 20_000);
    if (records.length === 0) {
      if (next.segment !== this.position.segment) this.position = next;
      return false;
    }
    await this.devices.maybeRefresh();
    await this.refreshSuppressions();
    const tParse = performance.now();
    let batch = this.processAll(records);
    const parseMs = performance.now() - tParse;
    // Lines of a device registered a moment ago: reload the device map and read the batch again.
    if (batch.unassigned.length > 0 && (await this.devices.maybeRefresh(true))) batch = this.processAll(records);
    const now = this.deps.clock.now().toISOString();
    const tFlush = performance.now();
    const { newAlerts } = await ingestRepository(this.deps.db).flush(batch, this.stream, next, now);
    this.deps.logger.debug({ lines: records.length, parseMs: Math.round(parseMs), flushMs: Math.round(performance.now() - tFlush), detections: batch.detections.length, alerts: batch.alerts.size }, 'ingest batch');
    this.position = next;
    this.reader.purgeBefore(next);
    this.stats.lines += records.length;
    this.stats.batches++;
    this.stats.deadLetters += batch.deadLetters.length;
    this.stats.unassigned += batch.unassigned.length;
    this.stats.suppressed += batch.suppressed;
    this.stats.alertsRaised += newAlerts.length;
    return true;
  }

  private processAll(records: SpoolRecord[]): Batch {
    const batch = new Batch(
      (companyId, category, host, remote, at) =>
        this.suppressions.size > 0 && this.suppressions.match(companyId, category, host, remote, at, this.suppressions.needsOrg ? (ipOwner(remote)?.org ?? null) : null) !== null,
    );
    for (const rec of records) this.processOne(batch, rec);
    return batch;
  }

  /** Returns true when the line came from a device nobody registered. */
  private processOne(batch: Batch, rec: SpoolRecord): boolean {
    // Undecodable bytes become U+FFFD: shown replaced, never dropped.
    const raw = rec.line.toString('utf8');
    const guess = this.bySender.get(rec.sender);
    // resolveContext caches the compiled form per context object, so pass the device's own object.
    const ctxOf = (d: KnownDevice | undefined) => {
      const lc = resolveContext(d?.ctx ?? NO_DEVICE);
      lc.senderIp = rec.sender;
      lc.receivedAt = rec.receivedAt;
      return lc;
    };
    let r = parseWith(raw, 0, raw.length, ctxOf(guess));
    const device = this.devices.get(r.deviceKey) ?? this.devices.get(rec.sender) ?? this.devices.get(r.host);
    if (!device) {
      batch.unknownDevice(r.deviceKey ?? r.host ?? rec.sender, r.vendor, rec.sender, rec.transport, rec.receivedAt, raw);
      return true;
    }
    if (device !== guess) {
      this.bySender.set(rec.sender, device);
      // Parsed with another device's time zone and LAN prefixes: read it again with its own.
      r = parseWith(raw, 0, raw.length, ctxOf(device));
    }
    batch.seen(device, rec.receivedAt);
    if (!r.ok) batch.deadLetter(device, rec.sender, rec.receivedAt, r.reason, raw);
    else batch.record(device, r, raw);
    return false;
  }
}
