/**
 * Pulls a fixed set of keys out of a key=value line without allocating: a `KeyTable` maps the
 * scanner's key hash to a small id, and `FieldSlots` keeps, per id, where the first and the last
 * occurrence of the value are. Vendor parsers then compare, parse numbers or slice only what
 * they need.
 */
import { Interner } from './interner.ts';
import { isNormalMacAt, normalizeMac } from './net.ts';
import { SLOT_COUNT, SLOT_END, SLOT_FLAGS, SLOT_LAST_END, SLOT_LAST_FLAGS, SLOT_LAST_START, SLOT_SEEN, SLOT_START, type ByteScanner } from './kv-bytes.ts';
import { bareEnd, EQ, hasNoTab, KEY_CHAR, keyHash, QuoteState, SPACE, TAB, unescapeKv } from './kv-scanner.ts';

const interner = new Interner();

export class KeyTable<K extends string> {
  /** Id of each key name. */
  readonly id: Readonly<Record<K, number>>;
  readonly names: readonly K[];
  readonly slotHash: Int32Array;
  readonly slotId: Int16Array;
  private readonly mask: number;

  constructor(names: readonly K[]) {
    this.names = names;
    let size = 16;
    while (size < names.length * 4) size *= 2;
    this.mask = size - 1;
    this.slotHash = new Int32Array(size);
    this.slotId = new Int16Array(size).fill(-1);
    const id = {} as Record<K, number>;
    names.forEach((name, i) => {
      id[name] = i;
      const h = keyHash(name);
      let at = spread(h) & this.mask;
      while (this.slotId[at]! >= 0) at = (at + 1) & this.mask;
      this.slotHash[at] = h;
      this.slotId[at] = i;
    });
    this.id = id;
  }

  /** Id of the key at [start, end) of `s` whose scanner hash is `h`, or -1. */
  lookup(s: string, start: number, end: number, h: number): number {
    let at = spread(h) & this.mask;
    for (;;) {
      const id = this.slotId[at]!;
      if (id < 0) return -1;
      if (this.slotHash[at] === h && sameKey(this.names[id]!, s, start, end)) return id;
      at = (at + 1) & this.mask;
    }
  }
}

/**
 * The key at s[start, end) is `name`, given that their 32-bit hashes already match: same length
 * and same first and last characters on top of the hash (a full compare costs more than it buys).
 */
function sameKey(name: string, s: string, start: number, end: number): boolean {
  const n = end - start;
  return name.length === n && name.charCodeAt(0) === s.charCodeAt(start) && name.charCodeAt(n - 1) === s.charCodeAt(end - 1);
}

function spread(h: number): number {
  return h ^ (h >>> 15);
}

const FLAG_QUOTED = 1;
const FLAG_ESCAPED = 2;

export class FieldSlots {
  s = '';
  /** Number of pairs on the line (known or not). */
  pairs = 0;
  /** Id of the first key on the line, -1 when it is not in the table. */
  firstId = -1;
  sawControl = false;
  private gen = 1;
  private readonly seen: Int32Array;
  private readonly count: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly flags: Uint8Array;
  private readonly lastStart: Int32Array;
  private readonly lastEnd: Int32Array;
  private readonly lastFlags: Uint8Array;
  private readonly quotes = new QuoteState();

  /**
   * With a `ByteScanner`, the slots live in its memory, and lines of the window registered with
   * it are scanned there (from their bytes) instead of here; the results are the same.
   */
  constructor(
    size: number,
    private readonly bytes: ByteScanner | null = null,
  ) {
    const m = bytes?.memory.buffer;
    this.seen = m ? new Int32Array(m, SLOT_SEEN, size) : new Int32Array(size);
    this.count = m ? new Uint8Array(m, SLOT_COUNT, size) : new Uint8Array(size);
    this.start = m ? new Int32Array(m, SLOT_START, size) : new Int32Array(size);
    this.end = m ? new Int32Array(m, SLOT_END, size) : new Int32Array(size);
    this.flags = m ? new Uint8Array(m, SLOT_FLAGS, size) : new Uint8Array(size);
    this.lastStart = m ? new Int32Array(m, SLOT_LAST_START, size) : new Int32Array(size);
    this.lastEnd = m ? new Int32Array(m, SLOT_LAST_END, size) : new Int32Array(size);
    this.lastFlags = m ? new Uint8Array(m, SLOT_LAST_FLAGS, size) : new Uint8Array(size);
  }

  /**
   * Scans [start, end) of `s` (the `KvCursor` walk fused with the key table, for speed);
   * returns the scanner's error (unbalanced quote) or null.
   */
  fill(table: KeyTable<string>, s: string, start: number, end: number): 'unbalanced_quote' | null {
    const bytes = this.bytes;
    if (bytes !== null && s === bytes.window && table === bytes.table) {
      this.s = s;
      const error = bytes.fill(start, end, ++this.gen);
      this.pairs = bytes.pairs;
      this.firstId = bytes.firstId;
      this.sawControl = bytes.sawControl;
      return error;
    }
    const gen = ++this.gen;
    const qs = this.quotes;
    qs.reset();
    this.s = s;
    this.sawControl = false;
    let pairs = 0;
    let firstId = -1;
    let i = start;
    // Without tabs, a bare value ends at the next space: `indexOf` finds it faster than a loop
    // (control characters in such values are left for the dead-letter check to notice).
    const spacesOnly = hasNoTab(s, start, end);
    while (i < end) {
      let c = s.charCodeAt(i);
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      const ks = i;
      let h = 0;
      if (i === qs.nextKeyStart) {
        i = qs.nextKeyEnd;
        h = qs.nextKeyHash;
      } else {
        while (c < 128 && KEY_CHAR[c] === 1) {
          h = (Math.imul(h, 31) + c) | 0;
          if (++i >= end) break;
          c = s.charCodeAt(i);
        }
      }
      const ke = i;
      if (ke === ks || i >= end || s.charCodeAt(i) !== EQ) {
        const e = bareEnd(s, i, end);
        if (e < 0) this.sawControl = true;
        i = e < 0 ? -e - 1 : e;
        continue;
      }
      i++;
      const q = i < end ? s.charCodeAt(i) : SPACE;
      let vs = i;
      let ve: number;
      let f = 0;
      if (q === 34 || q === 39) {
        const close = qs.close(s, i + 1, end, q);
        if (close < 0) {
          this.pairs = pairs;
          this.firstId = firstId;
          return 'unbalanced_quote';
        }
        vs = i + 1;
        ve = close;
        i = close + 1;
        f = qs.escaped ? FLAG_QUOTED | FLAG_ESCAPED : FLAG_QUOTED;
      } else if (spacesOnly) {
        const sp = s.indexOf(' ', i);
        ve = i = sp < 0 || sp > end ? end : sp;
      } else {
        const e = bareEnd(s, i, end);
        if (e < 0) this.sawControl = true;
        ve = i = e < 0 ? -e - 1 : e;
      }
      const id = table.lookup(s, ks, ke, h);
      if (pairs++ === 0) firstId = id;
      if (id < 0) continue;
      if (this.seen[id] !== gen) {
        this.seen[id] = gen;
        this.count[id] = 1;
        this.start[id] = vs;
        this.end[id] = ve;
        this.flags[id] = f;
      } else {
        if (this.count[id]! < 255) this.count[id]!++;
        this.lastStart[id] = vs;
        this.lastEnd[id] = ve;
        this.lastFlags[id] = f;
      }
    }
    this.pairs = pairs;
    this.firstId = firstId;
    return null;
  }

  has(id: number): boolean {
    return this.seen[id] === this.gen;
  }

  /** How many times the key occurred (duplicates kept: SonicWall `msg`, FortiAnalyzer `tz`). */
  occurrences(id: number): number {
    return this.seen[id] === this.gen ? this.count[id]! : 0;
  }

  /** Value start index of the first (or, with `last`, the last) occurrence; -1 when absent. */
  at(id: number, last = false): number {
    if (this.seen[id] !== this.gen) return -1;
    return last && this.count[id]! > 1 ? this.lastStart[id]! : this.start[id]!;
  }

  endOf(id: number, last = false): number {
    return last && this.count[id]! > 1 ? this.lastEnd[id]! : this.end[id]!;
  }

  /** The value as a string, null when absent. Empty values give ''. */
  str(id: number, last = false): string | null {
    if (this.seen[id] !== this.gen) return null;
    const useLast = last && this.count[id]! > 1;
    const v = useLast ? this.s.slice(this.lastStart[id]!, this.lastEnd[id]!) : this.s.slice(this.start[id]!, this.end[id]!);
    return ((useLast ? this.lastFlags[id]! : this.flags[id]!) & FLAG_ESCAPED) !== 0 ? unescapeKv(v) : v;
  }

  /** Like `str`, but null for empty values too. */
  text(id: number, last = false): string | null {
    const v = this.str(id, last);
    return v === '' ? null : v;
  }

  /**
   * Like `text`, through a cache of recent values: for serials, ids and enum-like fields that
   * repeat from line to line (the same string object comes back; it never pins the line).
   */
  interned(id: number): string | null {
    if (this.seen[id] !== this.gen) return null;
    const st = this.start[id]!;
    const en = this.end[id]!;
    if (en === st) return null;
    return (this.flags[id]! & FLAG_ESCAPED) !== 0 ? unescapeKv(this.s.slice(st, en)) : interner.get(this.s, st, en);
  }

  /**
   * `normalizeMac` of the (first) value, null when absent: a value already in normal form is
   * checked where it lies and cut out as is.
   */
  mac(id: number): string | null {
    if (this.seen[id] !== this.gen) return null;
    const st = this.start[id]!;
    if (this.end[id]! - st === 17 && isNormalMacAt(this.s, st)) return this.s.slice(st, st + 17);
    return normalizeMac(this.str(id)!);
  }

  /** True when the (first) value equals `lit` exactly. */
  eq(id: number, lit: string): boolean {
    if (this.seen[id] !== this.gen) return false;
    const st = this.start[id]!;
    return this.end[id]! - st === lit.length && this.s.startsWith(lit, st);
  }

  /** The value as a non-negative integer, or -1 when absent, empty or not all digits. */
  int(id: number, last = false): number {
    if (this.seen[id] !== this.gen) return -1;
    return parseDigits(this.s, this.at(id, last), this.endOf(id, last));
  }

  length(id: number): number {
    return this.seen[id] === this.gen ? this.end[id]! - this.start[id]! : -1;
  }
}

/** Non-negative decimal integer in s[start, end) (at most 15 digits), or -1. */
export function parseDigits(s: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
