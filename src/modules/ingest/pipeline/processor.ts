import type { Deps } from '../../../platform/deps.ts';
import { parseWith, resolveContext, type LineContext, type ParseContext } from '../parsing/index.ts';
import { recordAt, SpoolReader, transports, type SpoolPart, type SpoolPosition } from '../spool/spool.ts';
import { aggregatesStream, ingestRepository } from '../ingest.repository.ts';
import { loadActiveSuppressions, SuppressionSet } from '../../monitoring/suppression.ts';
import { Aggregates, Batch } from './batch.ts';
import { ipOwner } from '../../monitoring/ip-org.ts';
import { DeviceDirectory, type KnownDevice } from './device-directory.ts';
import { bus } from '../../../platform/events/bus.ts';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';

const NO_DEVICE: ParseContext = {};

/** a comes before b in the spool. */
function before(a: SpoolPosition, b: SpoolPosition): boolean {
  return a.segment < b.segment || (a.segment === b.segment && a.offset < b.offset);
}

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
   * While lines keep coming, rollups, top hosts and IP/MAC bindings are kept over batches for up to
   * this long (or `maxAggregates` keys) and written with their own checkpoint; 0 writes them with
   * every batch. They are written at once whenever the spool runs dry.
   */
  aggregateMs?: number;
  maxAggregates?: number;
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
  /**
   * Rollups, top hosts and bindings of the committed lines in [aggPos, position), not written yet
   * (after a crash they are counted again from the spool, which is kept from aggPos on).
   */
  private agg = new Aggregates();
  private aggPos: SpoolPosition = { segment: 0, offset: 0 };
  private aggSince = 0;
  private readonly aggStream: string;
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
    this.aggStream = aggregatesStream(this.stream);
  }

  async start(): Promise<void> {
    await this.open();
    this.loop = this.run();
  }

  /** Loads checkpoints, devices and suppressions without starting the loop (start() does both; tests call step()). */
  async open(): Promise<void> {
    if (this.opts.walCheckpointFile && this.deps.db.engine === 'sqlite') {
      // Commits only append to the WAL; the checkpoint thread copies them into the database file.
      await sql`pragma wal_autocheckpoint = 0`.execute(this.deps.db.kysely);
      // This connection only writes the batches: a larger page cache keeps the detections' index pages in memory.
      await sql`pragma cache_size = -65536`.execute(this.deps.db.kysely);
      this.startCheckpointer(this.opts.walCheckpointFile);
    }
    await this.devices.refresh();
    await this.refreshSuppressions(true);
    await this.recover();
    bus.on('suppressions.changed', this.onSuppressions);
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
    try {
      await this.settle();
      await this.writeAggregates();
    } catch (err) {
      this.deps.logger.error({ err: (err as Error).message }, 'ingest write failed at stop; the lines are read again at the next start');
    }
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
    await this.locked(() => this.writeAggregates());
  }

  private async run() {
    while (!this.stopped) {
      try {
        if (await this.step(true)) continue;
        // Nothing new: write what was kept over the last batches, then wait.
        if (!(await this.locked(() => this.writeAggregates()))) await this.sleep(this.opts.idleMs ?? 50, true);
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
    return this.locked(() => this.stepOnce(live));
  }

  private locked<T>(f: () => Promise<T>): Promise<T> {
    const next = this.lock.then(f);
    this.lock = next.catch(() => undefined);
    return next;
  }

  /**
   * Loads the checkpoints and rebuilds the aggregates not written yet by reading their lines again
   * (only their rollups, top hosts and bindings: everything else of theirs is committed). At start,
   * and after a failed write.
   */
  private async recover(): Promise<void> {
    const repo = ingestRepository(this.deps.db);
    const position = (await repo.checkpoint(this.stream)) ?? { segment: 0, offset: 0 };
    let aggPos = await repo.checkpoint(this.aggStream);
    if (!aggPos) {
      // None yet (a new stream, or one from before aggregates were kept apart, when they went with
      // each batch): they are written up to the lines' checkpoint. Saved before any are kept.
      aggPos = position;
      await repo.setCheckpoint(this.aggStream, aggPos, this.deps.clock.now().toISOString());
    }
    if (before(position, aggPos)) aggPos = position;
    let pos = aggPos;
    const replay = new Batch(undefined, true);
    while (before(pos, position)) {
      const r = this.reader.readParts(pos, 100_000);
      if (r.count === 0) break;
      for (const part of r.parts) {
        if (!before({ segment: part.segment, offset: part.offset }, position)) continue;
        // A part of the checkpoint's segment may run past it: stop at the checkpoint.
        const end = part.segment === position.segment ? Math.min(part.end, part.start + (position.offset - part.offset)) : part.end;
        this.processPart(replay, { ...part, end });
      }
      pos = r.next;
    }
    this.position = position;
    this.aggPos = aggPos;
    this.readPos = undefined;
    this.pending = undefined;
    this.agg = replay.agg;
    this.aggSince = replay.agg.size > 0 ? performance.now() : 0;
    if (replay.agg.size > 0) this.deps.logger.info({ from: aggPos, to: position }, 'ingest: rollups of lines committed before the restart counted again from the spool');
  }

  /** Writes the aggregates kept over batches (with their checkpoint at `position`); false when there were none. */
  private async writeAggregates(): Promise<boolean> {
    await this.settle();
    await this.repair();
    if (this.agg.size === 0) return false;
    await ingestRepository(this.deps.db).flushAggregates(this.agg, this.aggStream, this.position, this.deps.clock.now().toISOString());
    this.agg = new Aggregates();
    this.aggSince = 0;
    this.aggPos = this.position;
    this.reader.purgeBefore(this.aggPos);
    return true;
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
      this.broken = true;
      throw err;
    }
  }

  /** A write failed: the next step starts from the checkpoints again (`recover`). */
  private broken = false;

  private async repair() {
    if (!this.broken) return;
    await this.recover();
    this.broken = false;
  }

  private async stepOnce(live: boolean): Promise<boolean> {
    await this.repair();
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
    /** The batch ended because nothing more came: write the aggregates with it. */
    let dry = !live;
    if (live) {
      const maxMs = this.opts.maxBatchMs ?? 400;
      const gatherMs = this.opts.gatherMs ?? 150;
      while (lines < maxBatch && !this.stopped) {
        const age = performance.now() - t0;
        if (age >= maxMs) break;
        if (this.pending) await new Promise((r) => setImmediate(r));
        const more = this.reader.readParts(next, maxBatch - lines, readBytes());
        if (more.count === 0) {
          if (age >= gatherMs) {
            dry = true;
            break;
          }
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
    const flushing = this.write(batch, next, lines, parseMs, dry);
    this.readPos = next;
    if (live && this.deps.db.engine === 'postgres') {
      // The database works on this batch while the next one is parsed (the server runs in its own process).
      this.pending = flushing;
      flushing.catch(() => undefined);
    } else {
      try {
        await flushing;
      } catch (err) {
        this.broken = true;
        throw err;
      }
    }
    return true;
  }

  /** Writes a batch with its checkpoint in one transaction, then moves the committed position. */
  private async write(batch: Batch, next: SpoolPosition, lines: number, parseMs: number, dry: boolean): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const tFlush = performance.now();
    // The batch's aggregates join those kept (a failed write rebuilds them from the spool: recover()).
    if (this.agg.size === 0) this.agg = batch.agg;
    else this.agg.merge(batch.agg);
    this.aggSince ||= performance.now();
    const due =
      dry ||
      this.stopped ||
      performance.now() - this.aggSince >= (this.opts.aggregateMs ?? 2_000) ||
      this.agg.size >= (this.opts.maxAggregates ?? 200_000);
    const { newAlerts } = await ingestRepository(this.deps.db).flush(batch, this.stream, next, now, due ? { agg: this.agg, stream: this.aggStream } : undefined);
    this.deps.logger.debug({ lines, parseMs: Math.round(parseMs), flushMs: Math.round(performance.now() - tFlush), detections: batch.detections.length, alerts: batch.alerts.size, aggregates: due }, 'ingest batch');
    this.position = next;
    if (due) {
      this.agg = new Aggregates();
      this.aggSince = 0;
      this.aggPos = next;
    }
    await this.afterCommit();
    this.reader.purgeBefore(this.aggPos);
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
    // Written with the batch, or kept: either way only after the batch's own transaction committed.
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
