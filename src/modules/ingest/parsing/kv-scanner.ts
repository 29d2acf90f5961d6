/**
 * Quote-aware key=value scanner (SonicWall, FortiGate and friends).
 *
 * Values are bare (`proto=tcp/https`, may contain `=`), double-quoted or single-quoted (may contain
 * spaces and backslash escapes), or empty (`key=` / `key=""`). Duplicate keys are reported each
 * time. The scanner works on char codes over a [start, end) range of a string and allocates
 * nothing: callers read positions and slice only the values they keep. `KvCursor` walks the
 * pairs one by one; `FieldSlots.fill` (field-slots.ts) is the same walk fused with a key table,
 * for the hot path. Both share the quote rules below.
 *
 * Linear time whatever the input: a closing quote is a quote followed by white space and then
 * `key=` or the end of the line (so `msg="say "hi" now" n=1` keeps its inner quotes). If a value
 * never finds such a quote, the scanner falls back once per line to the first quote followed by
 * white space (and accepts those from then on), and once per line to reading backslashes
 * literally; each fallback rescans at most the rest of the line once.
 */

export const SPACE = 32;
export const TAB = 9;
export const EQ = 61;
const DQ = 34;
const SQ = 39;
const BACKSLASH = 92;

/** Characters allowed in keys: letters, digits, `_`, `-`, `.` (1 = allowed). */
export const KEY_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) KEY_CHAR[c] = /[A-Za-z0-9_.-]/.test(String.fromCharCode(c)) ? 1 : 0;

export function isKeyChar(c: number): boolean {
  return c < 128 && KEY_CHAR[c] === 1;
}

/** Hash of a key as the scanners compute it (for `KeyTable`). */
export function keyHash(s: string, start = 0, end = s.length): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Position of the next `ch` at or after `from` in `s`, cached per character: the lines of one
 * chunk are scanned in order, so one `indexOf` serves many lines (-1 when there is none). Used
 * for characters that are rare in logs (backslash, tab) to pick fast paths per line.
 */
export class NextIndex {
  private str = '';
  private from = 0;
  private pos = -1;
  constructor(private readonly ch: string) {}

  find(s: string, from: number): number {
    if (s === this.str && from >= this.from && (this.pos < 0 || from <= this.pos)) return this.pos;
    this.str = s;
    this.from = from;
    this.pos = s.indexOf(this.ch, from);
    return this.pos;
  }
}

const backslashes = new NextIndex('\\');
const tabs = new NextIndex('\t');

function nextBackslash(s: string, from: number): number {
  return backslashes.find(s, from);
}

/** True when s[from, end) holds no tab (bare values may then end at the next space alone). */
export function hasNoTab(s: string, from: number, end: number): boolean {
  const t = tabs.find(s, from);
  return t < 0 || t >= end;
}

/** The quote rules and their per-line fallbacks; also remembers the key its look-ahead found. */
export class QuoteState {
  /** The last closed value contained backslash escapes. */
  escaped = false;
  /** A key the look-ahead already read (so the scanner need not read it twice); -1 when none. */
  nextKeyStart = -1;
  nextKeyEnd = -1;
  nextKeyHash = 0;
  private literalBackslash = false;
  private lenientClose = false;

  reset(): void {
    this.escaped = false;
    this.nextKeyStart = -1;
    this.literalBackslash = false;
    this.lenientClose = false;
  }

  /** Index of the quote (`q`) that closes a value opened just before `from`, or -1. */
  close(s: string, from: number, end: number, q: number): number {
    this.escaped = false;
    if (this.literalBackslash) return this.closeFast(s, from, end, q);
    const bs = nextBackslash(s, from);
    if (bs < 0 || bs >= end) return this.closeFast(s, from, end, q);
    let firstWeak = -1;
    let escaped = false;
    for (let j = from; j < end; j++) {
      const c = s.charCodeAt(j);
      if (c === q) {
        if (j + 1 >= end || this.isClosing(s, j + 1, end)) {
          this.escaped = escaped;
          return j;
        }
        if (firstWeak < 0 && isBlank(s.charCodeAt(j + 1))) firstWeak = j;
      } else if (c === BACKSLASH) {
        escaped = true;
        j++;
      }
    }
    if (firstWeak >= 0) {
      this.lenientClose = true;
      this.escaped = escaped;
      return firstWeak;
    }
    // Maybe a backslash ended the value (`path="C:\dir\"`): read backslashes literally from now on.
    this.literalBackslash = true;
    return this.closeFast(s, from, end, q);
  }

  /**
   * `close` for a value with no escapes: jumps from quote to quote with `indexOf`. A search that
   * runs past the line stops at the next quote in the string; searches from later values start
   * after it, so a chunk is still read once overall.
   */
  private closeFast(s: string, from: number, end: number, q: number): number {
    const quote = q === DQ ? '"' : "'";
    let firstWeak = -1;
    for (let j = s.indexOf(quote, from); j >= 0 && j < end; j = s.indexOf(quote, j + 1)) {
      if (j + 1 >= end || this.isClosing(s, j + 1, end)) return j;
      if (firstWeak < 0 && isBlank(s.charCodeAt(j + 1))) firstWeak = j;
    }
    if (firstWeak >= 0) this.lenientClose = true;
    return firstWeak;
  }

  /** After a candidate quote: white space, then the end of the range or `key=`. */
  private isClosing(s: string, i: number, end: number): boolean {
    if (!isBlank(s.charCodeAt(i))) return false;
    if (this.lenientClose) return true;
    while (i < end && isBlank(s.charCodeAt(i))) i++;
    if (i >= end) return true;
    const ks = i;
    let h = 0;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c >= 128 || KEY_CHAR[c] === 0) break;
      h = (Math.imul(h, 31) + c) | 0;
      i++;
    }
    if (i === ks || i >= end || s.charCodeAt(i) !== EQ) return false;
    this.nextKeyStart = ks;
    this.nextKeyEnd = i;
    this.nextKeyHash = h;
    return true;
  }
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

export class KvCursor {
  s = '';
  pos = 0;
  end = 0;
  keyStart = 0;
  keyEnd = 0;
  keyHash = 0;
  valStart = 0;
  valEnd = 0;
  /** 0 for a bare value, else the quote character code (34 or 39). */
  quote = 0;
  /** The quoted value contains backslash escapes (`unescapeKv` undoes them). */
  escaped = false;
  /** Set when a value never closes its quote; `next()` then returns false. */
  error: 'unbalanced_quote' | null = null;
  /** A bare value or skipped token ran into a control character (binary input). */
  sawControl = false;
  private readonly quotes = new QuoteState();

  reset(s: string, start = 0, end = s.length): this {
    this.s = s;
    this.pos = start;
    this.end = end;
    this.error = null;
    this.sawControl = false;
    this.quotes.reset();
    return this;
  }

  /** Moves to the next key=value pair; false at the end of the range or on error. */
  next(): boolean {
    const s = this.s;
    const end = this.end;
    const qs = this.quotes;
    let i = this.pos;
    for (;;) {
      while (i < end && isBlank(s.charCodeAt(i))) i++;
      if (i >= end) {
        this.pos = end;
        return false;
      }
      const ks = i;
      let h = 0;
      if (i === qs.nextKeyStart) {
        i = qs.nextKeyEnd;
        h = qs.nextKeyHash;
      } else {
        while (i < end) {
          const c = s.charCodeAt(i);
          if (c >= 128 || KEY_CHAR[c] === 0) break;
          h = (Math.imul(h, 31) + c) | 0;
          i++;
        }
      }
      if (i > ks && i < end && s.charCodeAt(i) === EQ) {
        this.keyStart = ks;
        this.keyEnd = i;
        this.keyHash = h;
        return this.readValue(i + 1);
      }
      // Not a pair (free text, a relay's junk): skip the token.
      while (i < end) {
        const c = s.charCodeAt(i);
        if (isBlank(c)) break;
        if (c < SPACE) this.sawControl = true;
        i++;
      }
    }
  }

  private readValue(i: number): boolean {
    const s = this.s;
    const end = this.end;
    const c = i < end ? s.charCodeAt(i) : SPACE;
    if (c === DQ || c === SQ) {
      const close = this.quotes.close(s, i + 1, end, c);
      if (close < 0) {
        this.error = 'unbalanced_quote';
        this.pos = end;
        return false;
      }
      this.valStart = i + 1;
      this.valEnd = close;
      this.quote = c;
      this.escaped = this.quotes.escaped;
      this.pos = close + 1;
      return true;
    }
    const j = bareEnd(s, i, end);
    if (j < 0) this.sawControl = true;
    this.valStart = i;
    this.valEnd = j < 0 ? -j - 1 : j;
    this.quote = 0;
    this.escaped = false;
    this.pos = this.valEnd;
    return true;
  }

  key(): string {
    return this.s.slice(this.keyStart, this.keyEnd);
  }

  value(): string {
    const v = this.s.slice(this.valStart, this.valEnd);
    return this.escaped ? unescapeKv(v) : v;
  }
}

/**
 * End of a bare value starting at `i` (the next space or tab, or `end`); encoded as `-end - 1`
 * when the value held a control character.
 */
export function bareEnd(s: string, i: number, end: number): number {
  let control = false;
  for (;;) {
    while (i < end && s.charCodeAt(i) > SPACE) i++;
    if (i >= end || isBlank(s.charCodeAt(i))) return control ? -i - 1 : i;
    control = true;
    i++;
  }
}

/** Undoes `\"`, `\'` and `\\` in a quoted value; other backslashes stay (Windows paths). */
export function unescapeKv(v: string): string {
  let out = '';
  let from = 0;
  for (let i = v.indexOf('\\'); i >= 0 && i + 1 < v.length; i = v.indexOf('\\', i)) {
    const n = v.charCodeAt(i + 1);
    if (n === DQ || n === SQ || n === BACKSLASH) {
      out += v.slice(from, i);
      from = i + 1;
    }
    i += 2;
  }
  return from === 0 ? v : out + v.slice(from);
}

export type KvPairs = [key: string, value: string][];

/**
 * All pairs of a line in order, duplicates kept (for tests, tools and the generic path; the hot
 * path uses `FieldSlots.fill` instead).
 */
export function collectKv(s: string, start = 0, end = s.length): { pairs: KvPairs; error: 'unbalanced_quote' | null } {
  const cur = new KvCursor().reset(s, start, end);
  const pairs: KvPairs = [];
  while (cur.next()) pairs.push([cur.key(), cur.value()]);
  return { pairs, error: cur.error };
}
