/**
 * Splits a byte stream into lines with bounded memory. Each chunk's complete lines become one
 * string and are handed out as [start, end) ranges (no per-line string is cut); only a partial
 * last line is carried to the next chunk. A line longer than `maxBytes` is reported once and
 * skipped up to its newline, however long it is.
 *
 * Decoding: ASCII chunks (the common case) are read as Latin-1, a plain copy; chunks with other
 * bytes are read the same way and each line that holds such bytes is decoded again as UTF-8
 * (invalid sequences replaced), so Japanese text survives and bad bytes never drop a line.
 * Regular files are read synchronously into one reused buffer (the fastest path in Node).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';

export interface LineSink {
  line(s: string, start: number, end: number): void;
  tooLong(): void;
  /**
   * Called before the lines of each decoded window: `s` was read as Latin-1 from `bytes` (one
   * char per byte), so positions in `s` are positions in `bytes`. Lines that hold non-ASCII
   * bytes are decoded again and handed out as strings of their own.
   */
  window?(s: string, bytes: Uint8Array): void;
}

export const MAX_LINE_BYTES = 65_536;
const CHUNK = 1 << 20;
/** Reads that feed a stream (gzip files, pipes): smaller, as each is a buffer of its own. */
const STREAM_CHUNK = 1 << 18;
const WINDOW = 1 << 16;
const HIGH = /[\x80-\xff]/g;

/**
 * Emits the lines of buf[from, to) (no newline at `to`), decoding at most about 64 KiB at a
 * time: V8 reads short one-byte strings much faster than long external ones.
 */
function emitLines(buf: Buffer, from: number, to: number, sink: LineSink): void {
  while (to - from > WINDOW) {
    const cut = buf.lastIndexOf(10, from + WINDOW);
    if (cut < from) break;
    emitWindow(buf, from, cut, sink);
    from = cut + 1;
  }
  emitWindow(buf, from, to, sink);
}

function emitWindow(buf: Buffer, from: number, to: number, sink: LineSink): void {
  const s = buf.toString("latin1", from, to);
  sink.window?.(s, buf.subarray(from, to));
  const ascii = isAscii(buf.subarray(from, to));
  let high = ascii ? -1 : 0;
  let i = 0;
  for (;;) {
    let nl = s.indexOf('\n', i);
    if (nl < 0) nl = s.length;
    if (high >= 0 && high < nl) {
      HIGH.lastIndex = i;
      high = HIGH.exec(s) ? HIGH.lastIndex - 1 : -1;
    }
    if (high >= 0 && high < nl) {
      const line = buf.toString('utf8', from + i, from + nl);
      sink.line(line, 0, line.length);
    } else if (nl > i) sink.line(s, i, nl);
    if (nl >= s.length) return;
    i = nl + 1;
  }
}

/** Feeds chunks in order; call `end()` after the last one. */
export class LineSplitter {
  private carry: Buffer | null = null;
  private skipping = false;

  constructor(
    private readonly sink: LineSink,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  push(buf: Buffer): void {
    let from = 0;
    if (this.skipping || this.carry) {
      const nl = buf.indexOf(10);
      if (nl < 0) {
        if (this.carry) this.carry = Buffer.concat([this.carry, buf]);
        if (this.carry && this.carry.length > this.maxBytes) this.startSkipping();
        return;
      }
      if (this.carry) {
        const line = Buffer.concat([this.carry, buf.subarray(0, nl)]);
        if (line.length > this.maxBytes) this.sink.tooLong();
        else emitLines(line, 0, line.length, this.sink);
      }
      this.carry = null;
      this.skipping = false;
      from = nl + 1;
    }
    const last = buf.lastIndexOf(10);
    if (last >= from) {
      emitLines(buf, from, last, this.sink);
      from = last + 1;
    }
    if (from < buf.length) {
      if (buf.length - from > this.maxBytes) this.startSkipping();
      else this.carry = Buffer.from(buf.subarray(from));
    }
  }

  end(): void {
    if (this.carry && this.carry.length) emitLines(this.carry, 0, this.carry.length, this.sink);
    this.carry = null;
  }

  private startSkipping(): void {
    this.sink.tooLong();
    this.carry = null;
    this.skipping = true;
  }
}

function isGzip(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * Pushes every chunk; with `into`, each chunk that fits is first copied there, so streamed input
 * (gzip, stdin) is split from the same buffer as a regular file (`push` keeps nothing of it).
 */
async function pushAll(chunks: AsyncIterable<Buffer | string>, splitter: LineSplitter, into?: Buffer): Promise<void> {
  for await (const c of chunks) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    if (into !== undefined && b.length <= into.length) {
      b.copy(into);
      splitter.push(into.subarray(0, b.length));
    } else splitter.push(b);
  }
}

/** A stream whose first bytes may be gzip (stdin). */
async function pushSniffed(source: AsyncIterable<Buffer>, splitter: LineSplitter, into?: Buffer): Promise<void> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  async function* all() {
    yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  if (isGzip(first.value)) await pushAll(Readable.from(all()).pipe(createGunzip({ chunkSize: 256 * 1024 })), splitter, into);
  else await pushAll(all(), splitter, into);
}

/**
 * Every line of a log file (`-` for stdin; gzip recognised by its magic bytes, not its name).
 * Throws the file system's error when the file cannot be opened. `readBuffer`, when given, is
 * where the bytes are split from: a regular file is read into it (its size is the chunk size),
 * and streamed chunks are copied into it when they fit.
 */
export async function forEachLine(path: string, sink: LineSink, maxBytes = MAX_LINE_BYTES, readBuffer?: Buffer): Promise<void> {
  const splitter = new LineSplitter(sink, maxBytes);
  if (path === '-') {
    await pushSniffed(process.stdin, splitter, readBuffer);
    splitter.end();
    return;
  }
  const fd = openSync(path, 'r');
  try {
    const buf = readBuffer ?? Buffer.allocUnsafe(CHUNK);
    const size = buf.length;
    let n = readSync(fd, buf, 0, size, null);
    if ((n >= 2 && isGzip(buf)) || !fstatSync(fd).isFile()) {
      // Read ahead a little only: every chunk handed to the stream is a new buffer.
      await pushSniffed(Readable.from(chunksFrom(fd, Buffer.from(buf.subarray(0, n))), { highWaterMark: 2 }), splitter, readBuffer);
    } else {
      while (n > 0) {
        splitter.push(buf.subarray(0, n));
        n = readSync(fd, buf, 0, size, null);
      }
    }
  } finally {
    closeSync(fd);
  }
  splitter.end();
}

/** Chunks of an open file after the already-read `first` (for the gzip and non-file paths). */
function* chunksFrom(fd: number, first: Buffer): Generator<Buffer> {
  if (first.length) yield first;
  for (;;) {
    const b = Buffer.allocUnsafe(STREAM_CHUNK);
    const n = readSync(fd, b, 0, STREAM_CHUNK, null);
    if (n <= 0) return;
    yield b.subarray(0, n);
  }
}
