/**
 * RFC 6587 framing for syslog over TCP/TLS, detected per connection from the first byte:
 * a digit means octet counting (`123 <PRI>…`), anything else LF (or CR LF, or NUL) termination.
 * Frames may be split across reads and several frames may arrive in one read.
 */
export interface FramingStats {
  frames: number;
  oversize: number;
  badLength: number;
}

/** A frame is `buf[start, end)`; the bytes are only valid during the call (copy what you keep). */
export type FrameHandler = (buf: Buffer, start: number, end: number) => void;

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SP = 0x20;

export class SyslogFramer {
  private mode: 'unknown' | 'octet' | 'lf' = 'unknown';
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of an oversize frame still to skip (octet counting), or skip-to-LF mode. */
  private skip = 0;
  private skippingLine = false;
  /** Position of the next NUL in the buffer being framed (-1: none), so it is searched once per buffer, not per frame. */
  private nextNul = -1;
  private nulBuf: Buffer | undefined;
  readonly stats: FramingStats = { frames: 0, oversize: 0, badLength: 0 };

  constructor(
    private readonly onFrame: FrameHandler,
    private readonly maxFrame = 64 * 1024,
  ) {}

  push(chunk: Buffer): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    this.nulBuf = undefined;
    let pos = 0;
    while (pos < buf.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, buf.length - pos);
        this.skip -= n;
        pos += n;
        continue;
      }
      if (this.mode === 'unknown') {
        // Skip stray whitespace between frames before deciding.
        const b = buf[pos]!;
        if (b === LF || b === CR || b === NUL || b === SP) {
          pos++;
          continue;
        }
        this.mode = b >= 0x30 && b <= 0x39 ? 'octet' : 'lf';
      }
      pos = this.mode === 'octet' ? this.octet(buf, pos) : this.lf(buf, pos);
      if (pos < 0) return; // the rest is pending
    }
  }

  /** Flushes a last LF-framed message that had no terminator when the connection closed. */
  end(): void {
    if (this.mode === 'lf' && this.pending.length > 0 && !this.skippingLine) this.emit(this.pending, 0, this.pending.length);
    this.pending = Buffer.alloc(0);
  }

  private emit(buf: Buffer, start: number, end: number) {
    while (end > start && (buf[end - 1] === CR || buf[end - 1] === LF || buf[end - 1] === NUL)) end--;
    if (end === start) return;
    this.stats.frames++;
    this.onFrame(buf, start, end);
  }

  private octet(buf: Buffer, pos: number): number {
    // Skip separators a sender may put between counted frames.
    while (pos < buf.length && (buf[pos] === LF || buf[pos] === CR || buf[pos] === SP)) pos++;
    if (pos >= buf.length) return pos;
    let len = 0;
    let i = pos;
    while (i < buf.length && buf[i]! >= 0x30 && buf[i]! <= 0x39 && i - pos < 10) len = len * 10 + (buf[i++]! - 0x30);
    if (i >= buf.length) {
      this.pending = Buffer.from(buf.subarray(pos));
      return -1;
    }
    if (buf[i] !== SP || i === pos) {
      // Not a length: the sender is not counting octets after all. Fall back to LF framing.
      this.stats.badLength++;
      this.mode = 'lf';
      return pos;
    }
    const start = i + 1;
    if (len > this.maxFrame) {
      this.stats.oversize++;
      this.skip = len;
      return start;
    }
    if (start + len > buf.length) {
      this.pending = Buffer.from(buf.subarray(pos));
      return -1;
    }
    this.emit(buf, start, start + len);
    return start + len;
  }

  private lf(buf: Buffer, pos: number): number {
    let nl = buf.indexOf(LF, pos);
    // Some senders end frames with NUL instead of LF.
    if (this.nulBuf !== buf || (this.nextNul !== -1 && this.nextNul < pos)) {
      this.nulBuf = buf;
      this.nextNul = buf.indexOf(NUL, pos);
    }
    const nul = this.nextNul;
    if (nul !== -1 && (nl === -1 || nul < nl)) nl = nul;
    if (nl === -1) {
      const rest = buf.length - pos;
      if (this.skippingLine) return buf.length;
      if (rest > this.maxFrame) {
        this.stats.oversize++;
        this.skippingLine = true;
        return buf.length;
      }
      this.pending = Buffer.from(buf.subarray(pos));
      return -1;
    }
    if (this.skippingLine) {
      this.skippingLine = false;
      return nl + 1;
    }
    if (nl - pos > this.maxFrame) this.stats.oversize++;
    else this.emit(buf, pos, nl);
    return nl + 1;
  }
}
