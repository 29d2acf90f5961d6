import { closeSync, existsSync, fdatasync, fdatasyncSync, mkdirSync, openSync, readdirSync, readSync, fstatSync, unlinkSync, write, writeSync } from 'node:fs';
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
  /** Called when records reached the file (the processor can read them now). */
  onWritten?: () => void;
}

const BUFFER_BYTES = 4 << 20;
type Waiter = (err?: Error) => void;

/** End of the whole records of data[off, length) that fit in `room` bytes (at least one record). */
function piece(data: Buffer, off: number, length: number, room: number): number {
  let end = off;
  do end += 4 + data.readUInt32BE(end);
  while (end < length && end + 4 + data.readUInt32BE(end) - off <= room);
  return end;
}

/**
 * Appends go into an in-memory buffer. Every `syncIntervalMs` (or once 1 MB is waiting) the buffer
 * is written to the segment file and fdatasynced; the fdatasync runs off the event loop (libuv
 * thread pool) while appends go on: group commit, one fsync in flight at a time, and the next one
 * covers everything written meanwhile. `durable()` resolves after an fsync that began after
 * everything appended before the call was written.
 */
export class SpoolWriter {
  private fd: number;
  private segment: number;
  /** Bytes written to the current segment. */
  private size = 0;
  private buf: Buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private buffered = 0;
  /** Callers of durable() waiting for what is buffered / written but not yet fsynced / in the fsync in flight. */
  private waiters: Waiter[] = [];
  private writtenWaiters: Waiter[] = [];
  private flightWaiters: Waiter[] = [];
  /** Written since the last fsync began. */
  private unsynced = false;
  private fsyncing = false;
  /** Old segments' descriptors to close once the fsync in flight ends. */
  private closeAfterFsync: number[] = [];
  private timer: NodeJS.Timeout;
  private closed = false;
  private senderCache: { text: string; bytes: Buffer } = { text: '', bytes: Buffer.alloc(0) };
  appended = 0;
  /** Set when a write or fsync failed: appends and durable() fail from then on (nothing more is acknowledged). */
  private failure: Error | undefined;

  constructor(
    readonly dir: string,
    private readonly opts: SpoolWriterOptions = {},
  ) {
    mkdirSync(dir, { recursive: true });
    const segs = listSegments(dir);
    this.segment = (segs.at(-1) ?? 0) + 1;
    this.fd = this.openSegment();
    this.timer = setInterval(() => this.sync(), opts.syncIntervalMs ?? 20);
    this.timer.unref();
  }

  private get segmentBytes() {
    return this.opts.segmentBytes ?? 64 << 20;
  }

  append(r: SpoolRecord): void {
    let sender = this.senderCache;
    if (sender.text !== r.sender) sender = this.senderCache = { text: r.sender, bytes: senderBytes(r.sender) };
    this.appendLine(r.line, 0, r.line.length, r.receivedAt, transports.indexOf(r.transport), sender.bytes);
  }

  /**
   * Appends `src[start, end)` as one record without allocating: `transport` is an index into
   * `transports`, `sender` the sender's bytes (`senderBytes`).
   */
  appendLine(src: Uint8Array, start: number, end: number, receivedAt: number, transport: number, sender: Uint8Array): void {
    if (this.closed) throw new Error('spool is closed');
    if (this.failure) throw this.failure;
    const len = HEADER + sender.length + (end - start);
    if (this.buffered + len > this.buf.length) {
      if (this.buffered > 0) this.write();
      if (len > this.buf.length) this.buf = Buffer.allocUnsafe(len);
    }
    const b = this.buf;
    let o = this.buffered;
    b.writeUInt32BE(len - 4, o);
    b.writeDoubleBE(receivedAt, o + 4);
    b[o + 12] = transport;
    b[o + 13] = sender.length;
    o += HEADER;
    b.set(sender, o);
    o += sender.length;
    if (src instanceof Buffer) src.copy(b, o, start, end);
    else b.set(src.subarray(start, end), o);
    this.buffered = o + (end - start);
    this.appended++;
    if (this.buffered >= 1 << 20 || this.size + this.buffered >= this.segmentBytes) this.write();
  }

  /** Resolves once everything appended so far is on disk (fsynced). */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.buffered === 0 && !this.unsynced && !this.fsyncing) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w: Waiter = (err) => (err ? reject(err) : resolve());
      if (this.buffered > 0) {
        // Group commit: every caller in this turn of the event loop shares one write and fsync.
        if (this.waiters.length === 0) setImmediate(() => this.sync());
        this.waiters.push(w);
      } else if (this.unsynced) {
        this.writtenWaiters.push(w);
        this.startFsync();
      } else this.flightWaiters.push(w);
    });
  }

  /** Writes the buffer to the segment file and starts an fsync (or the next one, when one is in flight). */
  sync(): void {
    if (this.failure || this.closed) return;
    if (this.buffered > 0) this.write();
    this.startFsync();
  }

  /** Writes the buffered records to the file (whole records per segment; rotates when one is full). */
  private write(): void {
    const data = this.buf;
    const length = this.buffered;
    this.buffered = 0;
    this.writtenWaiters.push(...this.waiters.splice(0));
    try {
      let off = 0;
      while (off < length) {
        if (this.size > 0 && this.size + 4 + data.readUInt32BE(off) > this.segmentBytes) this.rotate();
        const end = piece(data, off, length, this.segmentBytes - this.size);
        while (off < end) {
          const n = writeSync(this.fd, data, off, end - off, null);
          off += n;
          this.size += n;
        }
        this.unsynced = true;
      }
    } catch (e) {
      this.fail(e as Error);
      return;
    }
    this.opts.onWritten?.();
  }

  private startFsync() {
    if (this.fsyncing || !this.unsynced || this.failure) return;
    this.fsyncing = true;
    this.unsynced = false;
    this.flightWaiters = this.writtenWaiters;
    this.writtenWaiters = [];
    fdatasync(this.fd, (err) => {
      this.fsyncing = false;
      for (const fd of this.closeAfterFsync.splice(0)) closeSync(fd);
      if (err) return this.fail(err);
      release(this.flightWaiters.splice(0));
      if (this.closed) return;
      // Someone waits for data written meanwhile: fsync again now rather than at the timer's next tick.
      if (this.writtenWaiters.length > 0) this.startFsync();
    });
  }

  private fail(err: Error) {
    this.failure ??= err;
    release(this.flightWaiters.splice(0), err);
    release(this.writtenWaiters.splice(0), err);
    release(this.waiters.splice(0), err);
  }

  /** Opens segment `this.segment` as a new file (the next free number if another writer took it). */
  private openSegment(): number {
    for (;;) {
      try {
        return openSync(path.join(this.dir, segName(this.segment)), 'wx');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        this.segment++;
      }
    }
  }

  /** Makes the full segment durable and moves on to a new one. */
  private rotate() {
    fdatasyncSync(this.fd);
    if (this.fsyncing) this.closeAfterFsync.push(this.fd);
    else closeSync(this.fd);
    this.segment++;
    this.size = 0;
    this.fd = this.openSegment();
  }

  /** Writes and fsyncs what is buffered (synchronously) and closes the segment. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    if (this.buffered > 0) this.write();
    if (!this.failure) {
      try {
        fdatasyncSync(this.fd);
        this.unsynced = false;
        release(this.writtenWaiters.splice(0));
      } catch (e) {
        this.fail(e as Error);
      }
    }
    if (this.fsyncing) this.closeAfterFsync.push(this.fd);
    else closeSync(this.fd);
  }
}

function release(fs: Waiter[], err?: Error) {
  for (const f of fs) f(err);
}

/** A sender address as stored in a record (latin1, at most 255 bytes). */
export function senderBytes(sender: string): Buffer {
  return Buffer.from(sender.slice(0, 255), 'latin1');
}

/** Whole records read from one segment: `buf[start, end)`, `count` records (`[u32 length][…]` each), from `offset` of `segment`. */
export interface SpoolPart {
  buf: Buffer;
  start: number;
  end: number;
  count: number;
  segment: number;
  offset: number;
}

/** Header fields of the record at `off` of a part's buffer. */
export const recordAt = {
  length: (buf: Buffer, off: number) => 4 + buf.readUInt32BE(off),
  receivedAt: (buf: Buffer, off: number) => buf.readDoubleBE(off + 4),
  transport: (buf: Buffer, off: number) => buf[off + 12]!,
  senderStart: (off: number) => off + HEADER,
  senderLength: (buf: Buffer, off: number) => buf[off + 13]!,
};

/** Reads records from a position on; `next` is where to continue (saved as the checkpoint). */
export class SpoolReader {
  constructor(readonly dir: string) {}

  read(from: SpoolPosition, maxRecords: number, maxBytes = 8 << 20): { records: SpoolRecord[]; next: SpoolPosition } {
    const { parts, next } = this.readParts(from, maxRecords, maxBytes);
    const records: SpoolRecord[] = [];
    for (const { buf, start, end } of parts) {
      for (let off = start; off < end; off += recordAt.length(buf, off)) {
        const senderLen = recordAt.senderLength(buf, off);
        records.push({
          receivedAt: recordAt.receivedAt(buf, off),
          transport: transports[recordAt.transport(buf, off)] ?? 'file',
          sender: buf.toString('latin1', off + HEADER, off + HEADER + senderLen),
          // buf is allocated per read, so views into it are safe to keep.
          line: buf.subarray(off + HEADER + senderLen, off + recordAt.length(buf, off)),
        });
      }
    }
    return { records, next };
  }

  /** Reads up to `maxRecords` whole records (about `maxBytes`) as buffers, without a record object each. */
  readParts(from: SpoolPosition, maxRecords: number, maxBytes = 8 << 20): { parts: SpoolPart[]; count: number; next: SpoolPosition } {
    const parts: SpoolPart[] = [];
    let count = 0;
    let pos = { ...from };
    let bytes = 0;
    const nextSegment = () => listSegments(this.dir).find((s) => s > pos.segment);
    const open = (segment: number) => {
      try {
        return openSync(path.join(this.dir, segName(segment)), 'r');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return -1;
        throw e;
      }
    };
    let first = open(pos.segment);
    if (first < 0) {
      const later = nextSegment();
      if (later === undefined) return { parts, count, next: pos };
      pos = { segment: later, offset: 0 };
    }
    while (count < maxRecords && bytes < maxBytes) {
      const fd = first >= 0 ? first : open(pos.segment);
      first = -1;
      if (fd < 0) break;
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
          let n = 0;
          while (off + 4 <= got && count + n < maxRecords) {
            const len = buf.readUInt32BE(off);
            if (len < HEADER - 4 || off + 4 + len > got) break; // incomplete: still being written, or torn
            off += 4 + len;
            n++;
          }
          if (n > 0) parts.push({ buf, start: 0, end: off, count: n, segment: pos.segment, offset: pos.offset });
          count += n;
          parsed = off;
          pos = { segment: pos.segment, offset: pos.offset + off };
          bytes += off;
        }
      } finally {
        closeSync(fd);
      }
      if (count >= maxRecords || bytes >= maxBytes) break;
      if (parsed > 0 && pos.offset < size) continue; // more to read in this segment
      const later = nextSegment();
      // The writer never appends to a segment once a later one exists, so leftover bytes at the
      // end of a sealed segment are a torn write from a crash: skip them.
      if (later === undefined || (pos.offset < size && !reachedEof)) break;
      pos = { segment: later, offset: 0 };
    }
    if (first >= 0) closeSync(first);
    return { parts, count, next: pos };
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
