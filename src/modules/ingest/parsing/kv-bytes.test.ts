import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../platform/random.ts';
import { vendorSampleLines } from './test-helpers.ts';
import { kvBytes, kvSlots, kvTable } from './kv-fields.ts';

// The WebAssembly byte scanner must leave exactly the slots the JavaScript scanner leaves, on
// every line: same pairs, first key, control flag, error, and every key's occurrences,
// positions and (unescaped) values. Seeded, so failures reproduce.

const corpus = [
  ...vendorSampleLines,
  'id=firewall sn=X m=1201 msg="say "hi" now" n=1 path="C:\\dir\\" a=\'it\\\'s\' b="x\\"y" c= d="" e=\'\'',
  'id=firewall\tsn=X\tm=83\tsrc=192.168.10.99:1:X0 note="a\tb" k=v\u0001w free text k2=v2',
  'date=2024-05-13 time=10:06:38 devid="FGT1" msg="unterminated',
  'a="x" "y" b="z',
];
const specials = ['"', "'", '=', ' ', '  ', '\\', '\\"', '\t', '\r', '\u0000', '\u0007', ':', 'é', 'k=', ' m=', ' sn=', ' devid="', ' msg="', ' tz=', '" ', "' "];

function mutate(line: string, r: () => number): string {
  let s = line;
  const steps = Math.floor(r() * 4);
  for (let k = 0; k < steps; k++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = Math.floor(r() * 4);
    if (op === 0) s = s.slice(0, at);
    else if (op === 1) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 10));
    else if (op === 2) s = s.slice(0, at) + specials[Math.floor(r() * specials.length)] + s.slice(at);
    else s = s.slice(0, at) + String.fromCharCode(1 + Math.floor(r() * 255)) + s.slice(at);
  }
  return s.replace(/\n/g, ' ');
}

/** Everything a reader can learn from the slots. */
function snapshot(error: string | null): string {
  const out: unknown[] = [error, kvSlots.pairs, kvSlots.firstId, kvSlots.sawControl];
  for (let id = 0; id < kvTable.names.length; id++) {
    const n = kvSlots.occurrences(id);
    out.push(n);
    if (n) out.push(kvSlots.at(id), kvSlots.endOf(id), kvSlots.at(id, true), kvSlots.endOf(id, true), kvSlots.str(id), kvSlots.str(id, true), kvSlots.int(id));
  }
  return JSON.stringify(out);
}

describe('byte scanner (WebAssembly) equals the JavaScript scanner', { skip: kvBytes === null ? 'no WebAssembly' : false }, () => {
  const bytes = kvBytes!;

  /** Writes the lines as one window at `offset` of the read buffer and compares every line. */
  function compareWindow(lines: string[], offset: number): number {
    const buf = bytes.readBuffer();
    const text = Buffer.from(lines.join('\n'), 'latin1');
    text.copy(buf, offset);
    const view = buf.subarray(offset, offset + text.length);
    const s = view.toString('latin1');
    let i = 0;
    let compared = 0;
    for (const line of lines) {
      // Also from inside the line, as parsers start after an envelope.
      for (const start of [i, i + Math.min(5, line.length)]) {
        const end = i + line.length;
        bytes.setWindow(null, null);
        const js = snapshot(kvSlots.fill(kvTable, s, start, end));
        bytes.setWindow(s, view);
        assert.equal(bytes.window, s);
        const wasm = snapshot(kvSlots.fill(kvTable, s, start, end));
        assert.equal(wasm, js, JSON.stringify(line));
        compared++;
      }
      i += line.length + 1;
    }
    bytes.setWindow(null, null);
    return compared;
  }

  it('on fixtures, quotes, escapes, tabs, control bytes and unbalanced values', () => {
    assert.ok(compareWindow(corpus, 0) > 0);
    assert.ok(compareWindow([...corpus].reverse(), 777) > 0);
  });

  it('on mutated and random lines, in windows of many lines (the cached tab/backslash searches)', () => {
    const r = seededRandom(7);
    let n = 0;
    for (let w = 0; w < 300; w++) {
      const lines: string[] = [];
      const count = 1 + Math.floor(r() * 40);
      for (let k = 0; k < count; k++) {
        if (r() < 0.15) {
          let junk = '';
          const len = Math.floor(r() * 120);
          for (let c = 0; c < len; c++) junk += String.fromCharCode(r() < 0.5 ? 32 + Math.floor(r() * 95) : 1 + Math.floor(r() * 255));
          lines.push(junk.replace(/\n/g, ' '));
        } else lines.push(mutate(corpus[Math.floor(r() * corpus.length)]!, r));
      }
      n += compareWindow(lines, Math.floor(r() * 1000));
    }
    assert.ok(n > 10_000);
  });

  it('is used only for the registered window and only when its bytes are in its memory', () => {
    const s = corpus[0]!;
    const outside = Buffer.from(s, 'latin1');
    bytes.setWindow(s, outside);
    assert.equal(bytes.window, null, 'bytes elsewhere are not scanned here');
    const inside = bytes.readBuffer().subarray(0, outside.length);
    outside.copy(inside);
    bytes.setWindow(s, inside.subarray(1));
    assert.equal(bytes.window, null, 'a window whose length differs from its bytes is refused');
    bytes.setWindow(null, null);
  });
});
