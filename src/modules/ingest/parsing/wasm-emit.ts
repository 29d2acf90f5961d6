/**
 * A very small WebAssembly assembler: just enough to write the byte scanner (kv-bytes.ts) as
 * readable structured code (named locals, labelled blocks) and get a module's bytes, with no
 * toolchain. Only i32 values, one imported memory (`env.mem`), exported functions.
 */

type Emit = (ctx: Ctx) => number[];
export type Op = Emit | Op[];

interface Ctx {
  locals: Map<string, number>;
  labels: string[];
  funcs: Map<string, number>;
}

const uleb = (n: number): number[] => {
  const out: number[] = [];
  n >>>= 0;
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};

const sleb = (n: number): number[] => {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};

const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'utf8')];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const I32 = 0x7f;

function emit(ops: Op[], ctx: Ctx): number[] {
  const out: number[] = [];
  for (const op of ops) {
    if (Array.isArray(op)) out.push(...emit(op, ctx));
    else out.push(...op(ctx));
  }
  return out;
}

const simple =
  (...bytes: number[]): Emit =>
  () =>
    bytes;

function depth(ctx: Ctx, label: string): number {
  const at = ctx.labels.lastIndexOf(label);
  if (at < 0) throw new Error(`wasm-emit: no label ${label}`);
  return ctx.labels.length - 1 - at;
}

function local(ctx: Ctx, n: string): number {
  const i = ctx.locals.get(n);
  if (i === undefined) throw new Error(`wasm-emit: no local ${n}`);
  return i;
}

function structured(opcode: number, label: string, body: Op[]): Emit {
  return (ctx) => {
    ctx.labels.push(label);
    const inner = emit(body, ctx);
    ctx.labels.pop();
    return [opcode, 0x40, ...inner, 0x0b];
  };
}

/** Instructions. Memory offsets are immediate; addresses come from the stack. */
export const w = {
  get: (n: string): Emit => (ctx) => [0x20, ...uleb(local(ctx, n))],
  set: (n: string): Emit => (ctx) => [0x21, ...uleb(local(ctx, n))],
  tee: (n: string): Emit => (ctx) => [0x22, ...uleb(local(ctx, n))],
  i32: (v: number): Emit => () => [0x41, ...sleb(v)],
  /** `block` (a `br` to it jumps past its end). */
  block: (label: string, ...body: Op[]): Emit => structured(0x02, label, body),
  /** `loop` (a `br` to it jumps back to its start). */
  loop: (label: string, ...body: Op[]): Emit => structured(0x03, label, body),
  /** `if` on the popped value, with an optional else part. */
  if: (then: Op[], otherwise?: Op[]): Emit => (ctx) => {
    ctx.labels.push('');
    const a = emit(then, ctx);
    const b = otherwise ? emit(otherwise, ctx) : null;
    ctx.labels.pop();
    return b ? [0x04, 0x40, ...a, 0x05, ...b, 0x0b] : [0x04, 0x40, ...a, 0x0b];
  },
  br: (label: string): Emit => (ctx) => [0x0c, ...uleb(depth(ctx, label))],
  brIf: (label: string): Emit => (ctx) => [0x0d, ...uleb(depth(ctx, label))],
  ret: simple(0x0f),
  call: (fn: string): Emit => (ctx) => {
    const i = ctx.funcs.get(fn);
    if (i === undefined) throw new Error(`wasm-emit: no function ${fn}`);
    return [0x10, ...uleb(i)];
  },
  drop: simple(0x1a),
  load: (offset = 0): Emit => () => [0x28, 2, ...uleb(offset)],
  load8: (offset = 0): Emit => () => [0x2d, 0, ...uleb(offset)],
  store: (offset = 0): Emit => () => [0x36, 2, ...uleb(offset)],
  store8: (offset = 0): Emit => () => [0x3a, 0, ...uleb(offset)],
  eqz: simple(0x45),
  eq: simple(0x46),
  ne: simple(0x47),
  ltS: simple(0x48),
  ltU: simple(0x49),
  gtS: simple(0x4a),
  gtU: simple(0x4b),
  leS: simple(0x4c),
  leU: simple(0x4d),
  geS: simple(0x4e),
  geU: simple(0x4f),
  ctz: simple(0x68),
  add: simple(0x6a),
  sub: simple(0x6b),
  mul: simple(0x6c),
  and: simple(0x71),
  or: simple(0x72),
  xor: simple(0x73),
  shl: simple(0x74),
  shrU: simple(0x76),
  /** SIMD: 16 bytes from memory (a v128). */
  v128Load: (offset = 0): Emit => () => [0xfd, 0x00, 0, ...uleb(offset)],
  /** SIMD: an i32's low byte in every lane. */
  i8x16Splat: simple(0xfd, 0x0f),
  i8x16Eq: simple(0xfd, 0x23),
  /** SIMD: one bit per lane whose top bit is set (lane 0 is bit 0). */
  i8x16Bitmask: simple(0xfd, 0x64),
};

export interface FuncDef {
  name: string;
  params: string[];
  locals: string[];
  /** Returns one i32 when true. */
  result: boolean;
  body: Op[];
}

/** The module's bytes: every function exported under its name; memory imported as `env.mem`. */
export function assemble(funcs: FuncDef[]): Uint8Array {
  const funcIndex = new Map(funcs.map((f, i) => [f.name, i]));
  const types = funcs.map((f) => [0x60, ...vec(f.params.map(() => [I32])), ...vec(f.result ? [[I32]] : [])]);
  const imports = vec([[...name('env'), ...name('mem'), 0x02, 0x00, ...uleb(1)]]);
  const decls = vec(funcs.map((_, i) => uleb(i)));
  const exports = vec(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const codes = vec(
    funcs.map((f) => {
      const locals = new Map<string, number>();
      [...f.params, ...f.locals].forEach((n, i) => {
        if (locals.has(n)) throw new Error(`wasm-emit: local ${n} twice in ${f.name}`);
        locals.set(n, i);
      });
      const body = [...vec(f.locals.length ? [[...uleb(f.locals.length), I32]] : []), ...emit(f.body, { locals, labels: [], funcs: funcIndex }), 0x0b];
      return [...uleb(body.length), ...body];
    }),
  );
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...section(1, vec(types)), ...section(2, imports), ...section(3, decls), ...section(7, exports), ...section(10, codes)]);
}
