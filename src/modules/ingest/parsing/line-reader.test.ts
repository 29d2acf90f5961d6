import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { forEachLine, LineSplitter, type LineSink } from './line-reader.ts';

function collector(): LineSink & { lines: string[]; long: number } {
  const c = { lines: [] as string[], long: 0, line: (s: string, a: number, b: number) => void c.lines.push(s.slice(a, b)), tooLong: () => void c.long++ };
  return c;
}

describe('line reader', () => {
  const text = 'first line\r\nzweite Zeile ünd 日本語の行\n\nthird\u0000line\nno newline at end';
  const bytes = Buffer.from(text, 'utf8');
  const expected = ['first line\r', 'zweite Zeile ünd 日本語の行', 'third\u0000line', 'no newline at end'];

  it('gives the same lines wherever the chunks split (also inside multi-byte characters)', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const c = collector();
      const sp = new LineSplitter(c);
      sp.push(bytes.subarray(0, cut));
      sp.push(bytes.subarray(cut));
      sp.end();
      assert.deepEqual(c.lines, expected, `cut at ${cut}`);
    }
    const c = collector();
    const sp = new LineSplitter(c);
    for (const b of bytes) sp.push(Buffer.from([b]));
    sp.end();
    assert.deepEqual(c.lines, expected, 'one byte at a time');
  });

  it('replaces invalid UTF-8 but keeps the line', () => {
    const c = collector();
    const sp = new LineSplitter(c);
    sp.push(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a, 0x63, 0x0a]));
    sp.end();
    assert.deepEqual(c.lines, ['a\ufffd\ufffdb', 'c']);
  });

  it('reports an over-long line once and skips to its end, in or across chunks', () => {
    const c = collector();
    const sp = new LineSplitter(c, 10);
    sp.push(Buffer.from('ok\n' + 'x'.repeat(25) + '\nfine\n' + 'y'.repeat(8)));
    sp.push(Buffer.from('y'.repeat(30)));
    sp.push(Buffer.from('yyy\nlast'));
    sp.end();
    assert.deepEqual(c.lines, ['ok', 'x'.repeat(25), 'fine', 'last'], 'a long line inside one chunk is emitted (the parser judges it by length)');
    assert.equal(c.long, 1);
  });

  it('reads plain and gzip files (by magic bytes, whatever the name)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'otasuke-lines-'));
    try {
      const many = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'z'.repeat(i % 300)}`);
      writeFileSync(path.join(dir, 'a.log'), many.join('\n') + '\n');
      writeFileSync(path.join(dir, 'b.log'), gzipSync(many.join('\n')));
      for (const f of ['a.log', 'b.log']) {
        const c = collector();
        await forEachLine(path.join(dir, f), c);
        assert.deepEqual(c.lines, many, f);
      }
      await assert.rejects(forEachLine(path.join(dir, 'missing.log'), collector()), /ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
