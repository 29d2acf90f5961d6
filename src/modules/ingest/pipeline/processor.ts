import type { Deps } from '../../../platform/deps.ts';
import { parseWith, resolveContext, type LineContext, type ParseContext } from '../parsing/index.ts';
import { recordAt, SpoolReader, transports, type SpoolPart, type SpoolPosition } from '../spool/spool.ts';
import { ingestRepository } from '../ingest.repository.ts';
import { loadActiveSuppressions, SuppressionSet } from '../../monitoring/suppression.ts';
import { Batch } from './batch.ts';
import { ipOwner } from '../../monitoring/ip-org.ts';
import { DeviceDirectory, type KnownDevice } from './device-directory.ts';
import { bus } from '../../../platform/events/bus.ts';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';

const NO_DEVICE: ParseContext = {};

export interface ProcessorOptions {
  spoolDir: string;
  /** Checkpoint name (one per spool). */
  stream?: string;
  /** Most lines in one batch (one transaction). */
  maxBatch?: number;
  idleMs?: number;
  /** When the spool runs dry, how long a batch may wait for more lines before it is written. */
  gatherMs?: number;
  /** How long a running batch may keep reading before it is written (bounds alert latency). */
  maxBatchMs?: number;
  /**
   * SQLite: the database file, to run WAL checkpoints in a thread of their own instead of inside
   * the processor's commits (set by the worker-thread processor of `serve`).
   */
  walCheckpointFile?: string;
}

/** WAL frames (pages) after which the processor checkpoints itself if the checkpoint thread falls behind (~256 MB). */
const WAL_LIMIT_FRAMES = 65_536;

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
    if (this.opts.walCheckpointFile && this.deps.db.engine === 'sqlite') {
      // Commits only append to the WAL; the checkpoint thread copies them into the database file.
      await sql`pragma wal_autocheckpoint = 0`.execute(this.deps.db.kysely);
      this.startCheckpointer(this.opts.walCheckpointFile);
    }
    this.position = (await ingestRepository(this.deps.db).checkpoint(this.stream)) ?? { segment: 0, offset: 0 };
    this.readPos = undefined;
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
    await this.lock;
    await this.settle().catch((err: Error) => this.deps.logger.error({ err: err.message }, 'ingest batch failed at stop; it is read again at the next start'));
    if (this.checkpointer) {
      await this.checkpointer.terminate();
      this.checkpointer = undefined;
      await sql`pragma wal_checkpoint(PASSIVE)`.execute(this.deps.db.kysely);
    }
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
        if (!(await this.step(true))) await this.sleep(this.opts.idleMs ?? 50, true);
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
   * `live` (the loop): keep reading what arrives until the batch is full or `maxBatchMs` old, and
   * when the spool runs dry give it `gatherMs` to fill before writing (fewer, larger transactions).
   */
  step(live = false): Promise<boolean> {
    const next = this.lock.then(() => this.stepOnce(live));
    this.lock = next.catch(() => undefined);
    return next;
  }

  /** Where the next batch starts reading: `position` (committed), or past a batch still being written. */
  private readPos: SpoolPosition | undefined;
  /** PostgreSQL: the previous batch's transaction, still running while the next batch is parsed. */
  private pending: Promise<void> | undefined;

  /** Waits for the batch still being written; if it failed, reading starts again after the last commit. */
  private async settle(): Promise<void> {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    try {
      await p;
    } catch (err) {
      this.readPos = this.position;
      throw err;
    }
  }

  private async stepOnce(live: boolean): Promise<boolean> {
    const maxBatch = this.opts.maxBatch ?? 100_000;
    // While a transaction is running, read in small pieces and let it go on between them.
    const readBytes = () => (this.pending ? 1 << 20 : 8 << 20);
    const from = this.readPos ?? this.position;
    const first = this.reader.readParts(from, maxBatch, readBytes());
    if (first.count === 0) {
      if (!live) await this.settle();
      if (first.next.segment !== from.segment) {
        this.readPos = first.next;
        if (!this.pending) this.position = first.next;
      }
      return false;
    }
    const t0 = performance.now();
    await this.devices.maybeRefresh();
    await this.refreshSuppressions();
    let batch = this.newBatch();
    const parts: SpoolPart[] = [];
    let next = first.next;
    let lines = 0;
    const take = (r: { parts: SpoolPart[]; count: number; next: SpoolPosition }) => {
      for (const part of r.parts) this.processPart(batch, part);
      parts.push(...r.parts);
      lines += r.count;
      next = r.next;
    };
    take(first);
    let parseMs = performance.now() - t0;
    if (live) {
      const maxMs = this.opts.maxBatchMs ?? 400;
      const gatherMs = this.opts.gatherMs ?? 150;
      while (lines < maxBatch && !this.stopped) {
        const age = performance.now() - t0;
        if (age >= maxMs) break;
        if (this.pending) await new Promise((r) => setImmediate(r));
        const more = this.reader.readParts(next, maxBatch - lines, readBytes());
        if (more.count === 0) {
          if (age >= gatherMs) break;
          await this.sleep(gatherMs - age, true);
          continue;
        }
        const tp = performance.now();
        take(more);
        parseMs += performance.now() - tp;
      }
    }
    // Lines of a device registered a moment ago: reload the device map and read the batch again.
    if (batch.unassigned.length > 0 && (await this.devices.maybeRefresh(true))) {
      batch = this.newBatch();
      for (const part of parts) this.processPart(batch, part);
    }
    // Transactions commit in order: the previous one first (if it failed, this batch is dropped and read again).
    await this.settle();
    const flushing = this.write(batch, next, lines, parseMs);
    this.readPos = next;
    if (live && this.deps.db.engine === 'postgres') {
      // The database works on this batch while the next one is parsed (the server runs in its own process).
      this.pending = flushing;
      flushing.catch(() => undefined);
    } else {
      try {
        await flushing;
      } catch (err) {
        this.readPos = this.position;
        throw err;
      }
    }
    return true;
  }

  /** Writes a batch with its checkpoint in one transaction, then moves the committed position. */
  private async write(batch: Batch, next: SpoolPosition, lines: number, parseMs: number): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const tFlush = performance.now();
    const { newAlerts } = await ingestRepository(this.deps.db).flush(batch, this.stream, next, now);
    this.deps.logger.debug({ lines, parseMs: Math.round(parseMs), flushMs: Math.round(performance.now() - tFlush), detections: batch.detections.length, alerts: batch.alerts.size }, 'ingest batch');
    this.position = next;
    await this.afterCommit();
    this.reader.purgeBefore(next);
    this.stats.lines += lines;
    this.stats.batches++;
    this.stats.deadLetters += batch.deadLetters.length;
    this.stats.unassigned += batch.unassigned.length;
    this.stats.suppressed += batch.suppressed;
    this.stats.alertsRaised += newAlerts.length;
  }

  private checkpointer: Worker | undefined;
  private walFrames = 0;

  private startCheckpointer(file: string) {
    const w = new Worker(new URL('./wal-checkpointer.worker.mjs', import.meta.url), { workerData: { file } });
    w.on('message', (m: { log?: number; error?: string }) => {
      if (m.error) this.deps.logger.warn({ err: m.error }, 'WAL checkpoint failed');
      else this.walFrames = m.log ?? 0;
    });
    w.on('error', (err) => this.deps.logger.error({ err: err.message }, 'WAL checkpoint thread failed'));
    w.unref();
    this.checkpointer = w;
  }

  private async afterCommit() {
    if (!this.checkpointer) return;
    if (this.walFrames > WAL_LIMIT_FRAMES) {
      // The checkpoint thread cannot keep the log short (readers in the way, or it falls behind):
      // wait for a full checkpoint here, which lets the next commit start the log over.
      this.walFrames = 0;
      await sql`pragma wal_checkpoint(RESTART)`.execute(this.deps.db.kysely);
    }
    this.checkpointer.postMessage('checkpoint');
  }

  private newBatch(): Batch {
    return new Batch(
      (companyId, category, host, remote, at) =>
        this.suppressions.size > 0 && this.suppressions.match(companyId, category, host, remote, at, this.suppressions.needsOrg ? (ipOwner(remote)?.org ?? null) : null) !== null,
    );
  }

  /** The sender of the previous record, decoded once while the bytes stay the same. */
  private lastSender = { bytes: Buffer.alloc(0), text: '' };

  private senderOf(buf: Buffer, start: number, length: number): string {
    const last = this.lastSender;
    if (last.bytes.length === length && buf.compare(last.bytes, 0, length, start, start + length) === 0) return last.text;
    const bytes = Buffer.from(buf.subarray(start, start + length));
    this.lastSender = { bytes, text: bytes.toString('latin1') };
    return this.lastSender.text;
  }

  private processPart(batch: Batch, { buf, start, end }: SpoolPart): void {
    for (let off = start; off < end; ) {
      const len = recordAt.length(buf, off);
      const senderLen = recordAt.senderLength(buf, off);
      const senderStart = recordAt.senderStart(off);
      const sender = this.senderOf(buf, senderStart, senderLen);
      // Undecodable bytes become U+FFFD: shown replaced, never dropped.
      const raw = buf.toString('utf8', senderStart + senderLen, off + len);
      this.processOne(batch, raw, sender, recordAt.receivedAt(buf, off), transports[recordAt.transport(buf, off)] ?? 'file');
      off += len;
    }
  }

  /** The resolved parse context of each device's settings (and of "no device"), reused line after line. */
  private readonly contexts = new WeakMap<ParseContext, LineContext>();

  private ctxOf(d: KnownDevice | undefined, sender: string, receivedAt: number): LineContext {
    // resolveContext caches the compiled form per context object, so pass the device's own object.
    const ctx = d?.ctx ?? NO_DEVICE;
    let lc = this.contexts.get(ctx);
    if (!lc) this.contexts.set(ctx, (lc = resolveContext(ctx)));
    lc.senderIp = sender;
    lc.receivedAt = receivedAt;
    return lc;
  }

  /** Returns true when the line came from a device nobody registered. */
  private processOne(batch: Batch, raw: string, sender: string, receivedAt: number, transport: string): boolean {
    const guess = this.bySender.get(sender);
    let r = parseWith(raw, 0, raw.length, this.ctxOf(guess, sender, receivedAt));
    const device = this.devices.get(r.deviceKey) ?? this.devices.get(sender) ?? this.devices.get(r.host);
    if (!device) {
      batch.unknownDevice(r.deviceKey ?? r.host ?? sender, r.vendor, sender, transport, receivedAt, raw);
      return true;
    }
    if (device !== guess) {
      this.bySender.set(sender, device);
      // Parsed with another device's time zone and LAN prefixes: read it again with its own.
      r = parseWith(raw, 0, raw.length, this.ctxOf(device, sender, receivedAt));
    }
    batch.seen(device, receivedAt);
    if (!r.ok) batch.deadLetter(device, sender, receivedAt, r.reason, raw);
    else batch.record(device, r, raw);
    return false;
  }
}
