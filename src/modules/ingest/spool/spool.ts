import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readdirSync, readSync, fstatSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * The ingest write-ahead spool: every received line is appended here (receive time, transport,
 * sender address, raw bytes) before it is parsed, so nothing acknowledged is lost if the process
 * dies. Segments are append-only files `NNNNNNNNNNNN.spool`; a record is
 * `[u32 length][f64 receivedAt][u8 transport][u8 senderLength][sender][line]`.
 * A writer always starts a new segment when it opens, so a torn record at the tail of a segment
 * left by a crash is never followed by more data; the reader stops at it.
 */
export const transports = ['udp', 'tcp', 'tls', 'http', 'file'] as const;
export type Transport = (typeof transports)[number];

export interface SpoolRecord {
  receivedAt: number;
  transport: Transport;
  sender: string;
  line: Buffer;
}

export interface SpoolPosition {
  segment: number;
  offset: number;
}

const HEADER = 4 + 8 + 1 + 1;
const segName = (n: number) => `${String(n).padStart(12, '0')}.spool`;

export function listSegments(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d{12}\.spool$/.test(f))
    .map((f) => Number(f.slice(0, 12)))
    .sort((a, b) => a - b);
}

export interface SpoolWriterOptions {
  segmentBytes?: number;
  /** How often buffered records are written and fsynced. */
  syncIntervalMs?: number;
}

export class SpoolWriter {
  private fd: number;
  private segment: number;
  private size = 0;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout;
  private closed = false;
  appended = 0;

  constructor(
    readonly dir: string,
    private readonly opts: SpoolWriterOptions = {},
  ) {
    mkdirSync(dir, { recursive: true });
    const segs = listSegments(dir);
    this.segment = (segs.at(-1) ?? 0) + 1;
    this.fd = openSync(path.join(dir, segName(this.segment)), 'a');
    this.timer = setInterval(() => this.sync(), opts.syncIntervalMs ?? 20);
    this.timer.unref();
  }

  append(r: SpoolRecord): void {
    if (this.closed) throw new Error('spool is closed');
    const sender = Buffer.from(r.sender.slice(0, 255), 'latin1');
    const rec = Buffer.allocUnsafe(HEADER + sender.length + r.line.length);
    rec.writeUInt32BE(rec.length - 4, 0);
    rec.writeDoubleBE(r.receivedAt, 4);
    rec.writeUInt8(transports.indexOf(r.transport), 12);
    rec.writeUInt8(sender.length, 13);
    sender.copy(rec, HEADER);
    r.line.copy(rec, HEADER + sender.length);
    this.chunks.push(rec);
    this.buffered += rec.length;
    this.appended++;
    if (this.buffered >= 1 << 20 || this.size + this.buffered >= (this.opts.segmentBytes ?? 64 << 20)) this.sync();
  }

  /** Resolves once everything appended so far is on disk (fsynced). */
  durable(): Promise<void> {
    if (this.buffered === 0 && this.waiters.length === 0) return Promise.resolve();
    // Group commit: every caller in this turn of the event loop shares one fsync.
    if (this.waiters.length === 0) setImmediate(() => this.sync());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Writes and fsyncs the buffer; rotates to a new segment past the size limit. */
  sync(): void {
    const waiters = this.waiters;
    this.waiters = [];
    if (this.buffered > 0) {
      const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
      this.chunks = [];
      this.buffered = 0;
      let off = 0;
      while (off < data.length) off += writeSync(this.fd, data, off);
      fdatasyncSync(this.fd);
      this.size += data.length;
      if (this.size >= (this.opts.segmentBytes ?? 64 << 20)) this.rotate();
    }
    for (const w of waiters) w();
  }

  private rotate() {
    closeSync(this.fd);
    this.segment++;
    this.size = 0;
    this.fd = openSync(path.join(this.dir, segName(this.segment)), 'a');
  }

  close(): void {
    if (this.closed) return;
    this.sync();
    this.closed = true;
    clearInterval(this.timer);
    closeSync(this.fd);
  }
}

/** Reads records from a position on; `next` is where to continue (saved as the checkpoint). */
export class SpoolReader {
  constructor(readonly dir: string) {}

  read(from: SpoolPosition, maxRecords: number, maxBytes = 8 << 20): { records: SpoolRecord[]; next: SpoolPosition } {
    const records: SpoolRecord[] = [];
    let pos = { ...from };
    let bytes = 0;
    const nextSegment = () => listSegments(this.dir).find((s) => s > pos.segment);
    if (!existsSync(path.join(this.dir, segName(pos.segment)))) {
      const later = nextSegment();
      if (later === undefined) return { records, next: pos };
      pos = { segment: later, offset: 0 };
    }
    while (records.length < maxRecords && bytes < maxBytes) {
      const fd = openSync(path.join(this.dir, segName(pos.segment)), 'r');
      let size: number;
      let parsed = 0;
      let reachedEof = false;
      try {
        size = fstatSync(fd).size;
        const want = Math.min(size - pos.offset, maxBytes - bytes);
        if (want > 0) {
          const buf = Buffer.allocUnsafe(want);
          let got = 0;
          while (got < want) {
            const n = readSync(fd, buf, got, want - got, pos.offset + got);
            if (n === 0) break;
            got += n;
          }
          reachedEof = pos.offset + got >= size;
          let off = 0;
          while (off + 4 <= got && records.length < maxRecords) {
            const len = buf.readUInt32BE(off);
            if (len < HEADER - 4 || off + 4 + len > got) break; // incomplete: still being written, or torn
            const senderLen = buf.readUInt8(off + 13);
            records.push({
              receivedAt: buf.readDoubleBE(off + 4),
              transport: transports[buf.readUInt8(off + 12)] ?? 'file',
              sender: buf.toString('latin1', off + HEADER, off + HEADER + senderLen),
              // buf is allocated per read, so views into it are safe to keep.
              line: buf.subarray(off + HEADER + senderLen, off + 4 + len),
            });
            off += 4 + len;
          }
          parsed = off;
          pos = { segment: pos.segment, offset: pos.offset + off };
          bytes += off;
        }
      } finally {
        closeSync(fd);
      }
      if (records.length >= maxRecords || bytes >= maxBytes) break;
      if (parsed > 0 && pos.offset < size) continue; // more to read in this segment
      const later = nextSegment();
      // The writer never appends to a segment once a later one exists, so leftover bytes at the
      // end of a sealed segment are a torn write from a crash: skip them.
      if (later === undefined || (pos.offset < size && !reachedEof)) break;
      pos = { segment: later, offset: 0 };
    }
    return { records, next: pos };
  }

  /** Deletes segments wholly before the checkpoint. */
  purgeBefore(pos: SpoolPosition): number {
    let n = 0;
    for (const s of listSegments(this.dir)) {
      if (s < pos.segment) {
        unlinkSync(path.join(this.dir, segName(s)));
        n++;
      }
    }
    return n;
  }
}
