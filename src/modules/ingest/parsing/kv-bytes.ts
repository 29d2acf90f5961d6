/**
 * `FieldSlots.fill` over bytes, in WebAssembly, for `otasuke analyze`. JavaScript reads a string
 * one char code at a time at a few nanoseconds each, which makes the key=value scan the largest
 * cost of the command; the same walk over the file's bytes in WebAssembly costs a fraction of it.
 *
 * The file is read straight into this module's memory (`readBuffer`), and each decoded window of
 * it is registered (`setWindow`) before its lines are parsed: a line of that window is then
 * scanned here from its bytes, and the slots (positions in the window string) are written where
 * `FieldSlots` reads them. Anything else (other strings, lines that were decoded as UTF-8 because
 * they hold non-ASCII bytes) goes through the JavaScript scanner. The algorithm is that of
 * `FieldSlots.fill` and `QuoteState` (kv-scanner.ts) step for step, including the fallbacks;
 * kv-bytes.test.ts checks that both give the same slots on fuzzed lines.
 */
import { KEY_CHAR } from './kv-scanner.ts';
import { assemble, w, type Op } from './wasm-emit.ts';

/** Size of the read buffer at the start of the memory. */
export const BYTES_CHUNK = 1 << 20;
/** Most keys a table may have here. */
const MAX_KEYS = 64;
const MAX_TABLE = 256;

// Layout after the read buffer.
const META = BYTES_CHUNK;
const KC = META; // 128 bytes: key characters
const THASH = META + 256; // i32[MAX_TABLE]: key table hashes
const TID = THASH + 4 * MAX_TABLE; // i32[MAX_TABLE]: key table ids (-1 empty)
const NLEN = TID + 4 * MAX_TABLE; // i32[MAX_KEYS]: name length, first and last char
const NFIRST = NLEN + 4 * MAX_KEYS;
const NLAST = NFIRST + 4 * MAX_KEYS;
export const SLOT_SEEN = NLAST + 4 * MAX_KEYS; // i32[MAX_KEYS]
export const SLOT_START = SLOT_SEEN + 4 * MAX_KEYS; // i32
export const SLOT_END = SLOT_START + 4 * MAX_KEYS; // i32
export const SLOT_LAST_START = SLOT_END + 4 * MAX_KEYS; // i32
export const SLOT_LAST_END = SLOT_LAST_START + 4 * MAX_KEYS; // i32
export const SLOT_COUNT = SLOT_LAST_END + 4 * MAX_KEYS; // u8
export const SLOT_FLAGS = SLOT_COUNT + MAX_KEYS; // u8
export const SLOT_LAST_FLAGS = SLOT_FLAGS + MAX_KEYS; // u8
const STATE = SLOT_LAST_FLAGS + MAX_KEYS; // i32 words below
const S_WINEND = STATE;
const S_TAB = STATE + 4; // [from, pos] of the last tab search
const S_BS = STATE + 12; // [from, pos] of the last backslash search
const S_NKS = STATE + 20; // look-ahead key: start, end, hash
const S_NKE = STATE + 24;
const S_NKH = STATE + 28;
const S_LIT = STATE + 32; // backslashes read literally (fallback)
const S_LEN = STATE + 36; // lenient closing quotes (fallback)
const S_ESC = STATE + 40; // the last closed value had escapes
const S_PAIRS = STATE + 44;
const S_FIRST = STATE + 48;
const S_CTRL = STATE + 52;
const S_MASK = STATE + 56;
const PAGES = Math.ceil((S_MASK + 4) / 65536);

const { get, set, tee, i32, block, loop, br, brIf, call, load, load8, store, store8 } = w;
/** mem[addr] as a byte, addr from local `n` (+ k). */
const byteAt = (n: string, k = 0): Op => [get(n), load8(k)];
const word = (addr: number): Op => [i32(0), load(addr)];
const setWord = (addr: number, value: Op): Op => [i32(0), value, store(addr)];
const isBlank = (c: Op): Op => [c, i32(32), w.eq, c, i32(9), w.eq, w.or];
const inc = (n: string): Op => [get(n), i32(1), w.add, set(n)];
/** The byte is a key character (`KEY_CHAR`): c < 128 and KC[c]. */
const isKey = (c: string): Op => [get(c), i32(128), w.ltU, w.if([get(c), load8(KC), set('t')], [i32(0), set('t')]), get('t')];
const hashStep = (h: string, c: string): Op => [get(h), i32(31), w.mul, get(c), w.add, set(h)];

/**
 * Moves local `i` to the first byte equal to local `ch` in [i, end), or to `end`: sixteen bytes
 * at a time (a look past `end` stays inside the memory, which is larger than the read buffer).
 */
const seek = (ch: string): Op =>
  block(
    'seek',
    loop(
      'lanes',
      [get('i'), get('end'), w.geS, brIf('seek')],
      [get('i'), w.v128Load(), get(ch), w.i8x16Splat, w.i8x16Eq, w.i8x16Bitmask, set('m')],
      [get('m')],
      w.if([get('i'), get('m'), w.ctz, w.add, set('i'), br('seek')]),
      [get('i'), i32(16), w.add, set('i')],
      br('lanes'),
    ),
  );
const clampToEnd: Op = [get('i'), get('end'), w.gtS, w.if([get('end'), set('i')])];

/** First `ch` at or after `from` up to the window end (-1 when none), cached like `NextIndex`. */
const findNext = {
  name: 'findNext',
  params: ['ch', 'from', 'cache'],
  locals: ['i', 'e', 'p'],
  result: true,
  body: [
    // Still valid when `from` lies between the last search's start and what it found.
    [get('from'), get('cache'), load(0), w.geS],
    w.if([[get('cache'), load(4), set('p')], [get('p'), i32(0), w.ltS, get('from'), get('p'), w.leS, w.or], w.if([get('p'), w.ret])]),
    [get('cache'), get('from'), store(0)],
    [get('from'), set('i'), word(S_WINEND), set('e')],
    loop(
      'scan',
      [get('i'), get('e'), w.geS],
      w.if([get('cache'), i32(-1), store(4), i32(-1), w.ret]),
      [byteAt('i'), get('ch'), w.eq],
      w.if([get('cache'), get('i'), store(4), get('i'), w.ret]),
      inc('i'),
      br('scan'),
    ),
    i32(-1),
  ],
};

/** `QuoteState.isClosing`: after a candidate quote at i - 1, white space then the end or `key=`. */
const isClosing = {
  name: 'isClosing',
  params: ['i', 'end'],
  locals: ['c', 'ks', 'h', 't'],
  result: true,
  body: [
    [byteAt('i'), set('c')],
    isBlank(get('c')),
    w.eqz,
    w.if([i32(0), w.ret]),
    word(S_LEN),
    w.if([i32(1), w.ret]),
    block('b', loop('skip', [get('i'), get('end'), w.geS, brIf('b')], isBlank(byteAt('i')), w.eqz, brIf('b'), inc('i'), br('skip'))),
    [get('i'), get('end'), w.geS],
    w.if([i32(1), w.ret]),
    [get('i'), set('ks'), i32(0), set('h')],
    block('k', loop('key', [get('i'), get('end'), w.geS, brIf('k')], [byteAt('i'), set('c')], isKey('c'), w.eqz, brIf('k'), hashStep('h', 'c'), inc('i'), br('key'))),
    [get('i'), get('ks'), w.eq, get('i'), get('end'), w.geS, w.or],
    w.if([i32(0), w.ret]),
    [byteAt('i'), i32(61), w.ne],
    w.if([i32(0), w.ret]),
    setWord(S_NKS, get('ks')),
    setWord(S_NKE, get('i')),
    setWord(S_NKH, get('h')),
    i32(1),
  ],
};

/** `QuoteState.closeFast`: the closing quote without escapes, or -1. */
const closeFast = {
  name: 'closeFast',
  params: ['from', 'end', 'q'],
  locals: ['j', 'weak', 'i', 'm'],
  result: true,
  body: [
    [i32(-1), set('weak'), get('from'), set('j')],
    block(
      'none',
      loop(
        'next',
        [get('j'), set('i')],
        seek('q'),
        clampToEnd,
        [get('i'), set('j')],
        [get('j'), get('end'), w.geS, brIf('none')],
        [get('j'), i32(1), w.add, get('end'), w.geS],
        w.if([get('j'), w.ret]),
        [get('j'), i32(1), w.add, get('end'), call('isClosing')],
        w.if([get('j'), w.ret]),
        [get('weak'), i32(0), w.ltS],
        w.if([isBlank(byteAt('j', 1)), w.if([get('j'), set('weak')])]),
        inc('j'),
        br('next'),
      ),
    ),
    [get('weak'), i32(0), w.geS],
    w.if([setWord(S_LEN, i32(1))]),
    get('weak'),
  ],
};

/** `QuoteState.close`: the quote `q` closing a value that starts at `from`, or -1; sets S_ESC. */
const close = {
  name: 'close',
  params: ['from', 'end', 'q'],
  locals: ['bs', 'j', 'c', 'weak', 'esc'],
  result: true,
  body: [
    setWord(S_ESC, i32(0)),
    word(S_LIT),
    w.if([get('from'), get('end'), get('q'), call('closeFast'), w.ret]),
    [i32(92), get('from'), i32(S_BS), call('findNext'), set('bs')],
    [get('bs'), i32(0), w.ltS, get('bs'), get('end'), w.geS, w.or],
    w.if([get('from'), get('end'), get('q'), call('closeFast'), w.ret]),
    [i32(-1), set('weak'), i32(0), set('esc'), get('from'), set('j')],
    block(
      'done',
      loop(
        'scan',
        [get('j'), get('end'), w.geS, brIf('done')],
        [byteAt('j'), set('c')],
        [get('c'), get('q'), w.eq],
        w.if(
          [
            [get('j'), i32(1), w.add, get('end'), w.geS],
            w.if([setWord(S_ESC, get('esc')), get('j'), w.ret]),
            [get('j'), i32(1), w.add, get('end'), call('isClosing')],
            w.if([setWord(S_ESC, get('esc')), get('j'), w.ret]),
            [get('weak'), i32(0), w.ltS],
            w.if([isBlank(byteAt('j', 1)), w.if([get('j'), set('weak')])]),
          ],
          [[get('c'), i32(92), w.eq], w.if([i32(1), set('esc'), inc('j')])],
        ),
        inc('j'),
        br('scan'),
      ),
    ),
    [get('weak'), i32(0), w.geS],
    w.if([setWord(S_LEN, i32(1)), setWord(S_ESC, get('esc')), get('weak'), w.ret]),
    setWord(S_LIT, i32(1)),
    [get('from'), get('end'), get('q'), call('closeFast')],
  ],
};

/** `bareEnd`: the next space or tab from i (or `end`), as `-end - 1` when a control byte came first. */
const bareEnd = {
  name: 'bareEnd',
  params: ['i', 'end'],
  locals: ['ctl', 'c'],
  result: true,
  body: [
    loop(
      'again',
      block('stop', loop('run', [get('i'), get('end'), w.geS, brIf('stop')], [byteAt('i'), i32(32), w.leU, brIf('stop')], inc('i'), br('run'))),
      [get('i'), get('end'), w.geS],
      w.if([[get('ctl')], w.if([i32(0), get('i'), w.sub, i32(1), w.sub, w.ret]), get('i'), w.ret]),
      [byteAt('i'), set('c')],
      isBlank(get('c')),
      w.if([[get('ctl')], w.if([i32(0), get('i'), w.sub, i32(1), w.sub, w.ret]), get('i'), w.ret]),
      [i32(1), set('ctl'), inc('i')],
      br('again'),
    ),
    i32(0),
  ],
};

/** `FieldSlots.fill` over mem[start, end); slot positions are stored relative to `base`. 1 = unbalanced quote. */
const fill = {
  name: 'fill',
  params: ['start', 'end', 'gen', 'base'],
  locals: ['i', 'c', 'ks', 'ke', 'h', 'q', 'vs', 've', 'f', 'id', 'a', 'pairs', 'first', 'ctl', 'spaces', 'e', 't', 'n', 'm', 'ch', 'at', 'mask'],
  result: true,
  body: [
    [word(S_MASK), set('mask')],
    setWord(S_NKS, i32(-1)),
    setWord(S_LIT, i32(0)),
    setWord(S_LEN, i32(0)),
    setWord(S_ESC, i32(0)),
    [i32(0), set('pairs'), i32(-1), set('first'), i32(0), set('ctl')],
    // Without tabs, a bare value ends at the next space (control bytes are then not reported).
    [i32(9), get('start'), i32(S_TAB), call('findNext'), set('t')],
    [get('t'), i32(0), w.ltS, get('t'), get('end'), w.geS, w.or, set('spaces')],
    [get('start'), set('i')],
    block(
      'done',
      loop(
        'pair',
        [get('i'), get('end'), w.geS, brIf('done')],
        [byteAt('i'), set('c')],
        isBlank(get('c')),
        w.if([inc('i'), br('pair')]),
        [get('i'), set('ks'), i32(0), set('h')],
        [get('i'), word(S_NKS), w.eq],
        w.if(
          [word(S_NKE), set('i'), word(S_NKH), set('h')],
          [
            block(
              'k',
              loop('key', isKey('c'), w.eqz, brIf('k'), hashStep('h', 'c'), inc('i'), [get('i'), get('end'), w.geS, brIf('k')], [byteAt('i'), set('c')], br('key')),
            ),
          ],
        ),
        [get('i'), set('ke')],
        // Not a pair (free text, junk): skip the token.
        [get('ke'), get('ks'), w.eq, get('i'), get('end'), w.geS, w.or],
        w.if([], [[byteAt('i'), i32(61), w.ne], w.if([i32(1), set('n')], [i32(0), set('n')])]),
        [get('ke'), get('ks'), w.eq, get('i'), get('end'), w.geS, w.or, get('n'), w.or],
        w.if([
          [get('i'), get('end'), call('bareEnd'), set('e')],
          [get('e'), i32(0), w.ltS],
          w.if([i32(1), set('ctl'), i32(0), get('e'), w.sub, i32(1), w.sub, set('e')]),
          [get('e'), set('i')],
          br('pair'),
        ]),
        inc('i'),
        [get('i'), get('end'), w.ltS],
        w.if([byteAt('i'), set('q')], [i32(32), set('q')]),
        [get('i'), set('vs'), i32(0), set('f')],
        [get('q'), i32(34), w.eq, get('q'), i32(39), w.eq, w.or],
        w.if(
          [
            [get('i'), i32(1), w.add, get('end'), get('q'), call('close'), set('e')],
            [get('e'), i32(0), w.ltS],
            w.if([setWord(S_PAIRS, get('pairs')), setWord(S_FIRST, get('first')), setWord(S_CTRL, get('ctl')), i32(1), w.ret]),
            [get('i'), i32(1), w.add, set('vs'), get('e'), set('ve'), get('e'), i32(1), w.add, set('i')],
            word(S_ESC),
            w.if([i32(3), set('f')], [i32(1), set('f')]),
          ],
          [
            get('spaces'),
            w.if(
              [i32(32), set('ch'), seek('ch'), clampToEnd, [get('i'), set('ve')]],
              [
                [get('i'), get('end'), call('bareEnd'), set('e')],
                [get('e'), i32(0), w.ltS],
                w.if([i32(1), set('ctl'), i32(0), get('e'), w.sub, i32(1), w.sub, set('e')]),
                [get('e'), set('i'), get('e'), set('ve')],
              ],
            ),
          ],
        ),
        // `KeyTable.lookup`, inline.
        [get('h'), get('h'), i32(15), w.shrU, w.xor, get('mask'), w.and, set('at')],
        block(
          'found',
          loop(
            'probe',
            [get('at'), i32(4), w.mul, load(TID), set('id')],
            [get('id'), i32(0), w.ltS, brIf('found')],
            [get('at'), i32(4), w.mul, load(THASH), get('h'), w.eq],
            w.if([
              [get('id'), i32(4), w.mul, set('a')],
              [get('a'), load(NLEN), get('ke'), get('ks'), w.sub, w.eq],
              w.if([[get('a'), load(NFIRST), byteAt('ks'), w.eq, get('a'), load(NLAST), get('ke'), i32(1), w.sub, load8(), w.eq, w.and], brIf('found')]),
            ]),
            [get('at'), i32(1), w.add, get('mask'), w.and, set('at')],
            br('probe'),
          ),
        ),
        [get('id'), i32(0), w.ltS],
        w.if([i32(-1), set('id')]),
        [get('pairs'), w.eqz],
        w.if([get('id'), set('first')]),
        inc('pairs'),
        [get('id'), i32(0), w.ltS, brIf('pair')],
        [get('id'), i32(4), w.mul, set('a')],
        [get('a'), load(SLOT_SEEN), get('gen'), w.ne],
        w.if(
          [
            [get('a'), get('gen'), store(SLOT_SEEN)],
            [get('id'), i32(1), store8(SLOT_COUNT)],
            [get('a'), get('vs'), get('base'), w.sub, store(SLOT_START)],
            [get('a'), get('ve'), get('base'), w.sub, store(SLOT_END)],
            [get('id'), get('f'), store8(SLOT_FLAGS)],
          ],
          [
            [get('id'), load8(SLOT_COUNT), tee('n'), i32(255), w.ltU],
            w.if([get('id'), get('n'), i32(1), w.add, store8(SLOT_COUNT)]),
            [get('a'), get('vs'), get('base'), w.sub, store(SLOT_LAST_START)],
            [get('a'), get('ve'), get('base'), w.sub, store(SLOT_LAST_END)],
            [get('id'), get('f'), store8(SLOT_LAST_FLAGS)],
          ],
        ),
        br('pair'),
      ),
    ),
    setWord(S_PAIRS, get('pairs')),
    setWord(S_FIRST, get('first')),
    setWord(S_CTRL, get('ctl')),
    i32(0),
  ],
};

/** A key table as the byte scanner needs it. */
export interface TableLayout {
  slotHash: Int32Array;
  slotId: Int16Array;
  names: readonly string[];
}

interface Exports {
  fill(start: number, end: number, gen: number, base: number): number;
}

/** The little of the WebAssembly API used here (Node's types do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export class ByteScanner {
  /** The window string whose bytes are in memory, or null. */
  window: string | null = null;
  private base = 0;
  private readonly words: Int32Array;
  private readonly buffer: Buffer;

  private constructor(
    readonly memory: WasmMemory,
    private readonly exports: Exports,
    readonly table: unknown,
  ) {
    this.words = new Int32Array(memory.buffer);
    this.buffer = Buffer.from(memory.buffer, 0, BYTES_CHUNK);
  }

  /** A scanner for `table`, or null when WebAssembly is unavailable or the table does not fit. */
  static create(table: unknown, layout: TableLayout): ByteScanner | null {
    if (!wasm || layout.names.length > MAX_KEYS || layout.slotId.length > MAX_TABLE || layout.names.some((n) => n.length === 0)) return null;
    try {
      const memory = new wasm.Memory({ initial: PAGES, maximum: PAGES });
      const mod = new wasm.Module(assemble([findNext, isClosing, closeFast, close, bareEnd, fill]));
      const instance = new wasm.Instance(mod, { env: { mem: memory } });
      const scanner = new ByteScanner(memory, instance.exports as unknown as Exports, table);
      const bytes = new Uint8Array(memory.buffer);
      for (let c = 0; c < 128; c++) bytes[KC + c] = KEY_CHAR[c]!;
      const words = scanner.words;
      for (let k = 0; k < layout.slotId.length; k++) {
        words[(THASH >> 2) + k] = layout.slotHash[k]!;
        words[(TID >> 2) + k] = layout.slotId[k]!;
      }
      layout.names.forEach((n, id) => {
        words[(NLEN >> 2) + id] = n.length;
        words[(NFIRST >> 2) + id] = n.charCodeAt(0);
        words[(NLAST >> 2) + id] = n.charCodeAt(n.length - 1);
      });
      words[S_MASK >> 2] = layout.slotId.length - 1;
      scanner.setWindow(null, null);
      return scanner;
    } catch {
      return null;
    }
  }

  /** The buffer to read files into (the start of the module's memory). */
  readBuffer(): Buffer {
    return this.buffer;
  }

  /**
   * Registers `s` as the window decoded (Latin-1, so one char per byte) from `bytes`; lines of
   * `s` are then scanned from the bytes when they lie in this memory. Anything else clears it.
   */
  setWindow(s: string | null, bytes: Uint8Array | null): void {
    const ok = s !== null && bytes !== null && bytes.buffer === this.memory.buffer && bytes.length === s.length;
    this.window = ok ? s : null;
    this.base = ok ? bytes.byteOffset : 0;
    const words = this.words;
    words[S_WINEND >> 2] = ok ? bytes.byteOffset + bytes.length : 0;
    // The first tab and backslash of the window, found natively: logs rarely have either, and
    // then no line of the window needs to look for them again.
    const tab = ok ? s.indexOf('\t') : -1;
    const bs = ok ? s.indexOf('\\') : -1;
    words[S_TAB >> 2] = this.base;
    words[(S_TAB >> 2) + 1] = tab < 0 ? -1 : this.base + tab;
    words[S_BS >> 2] = this.base;
    words[(S_BS >> 2) + 1] = bs < 0 ? -1 : this.base + bs;
  }

  /** Scans window[start, end); see `FieldSlots.fill`. */
  fill(start: number, end: number, gen: number): 'unbalanced_quote' | null {
    return this.exports.fill(this.base + start, this.base + end, gen, this.base) === 1 ? 'unbalanced_quote' : null;
  }

  get pairs(): number {
    return this.words[S_PAIRS >> 2]!;
  }

  get firstId(): number {
    return this.words[S_FIRST >> 2]!;
  }

  get sawControl(): boolean {
    return this.words[S_CTRL >> 2] !== 0;
  }
}
