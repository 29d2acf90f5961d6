import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SyslogFramer } from './framing.ts';

function frames(chunks: (string | Buffer)[], max?: number) {
  const out: string[] = [];
  const f = new SyslogFramer((b, start, end) => out.push(b.toString('utf8', start, end)), max);
  for (const c of chunks) f.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  f.end();
  return { out, stats: f.stats };
}

const a = '<134>id=firewall sn=0017C5AA0001 m=82 msg="Possible port scan detected"';
const b = '<134>date=2026-11-20 time=10:00:00 devid=FGT60F type=traffic';

describe('RFC 6587 framing', () => {
  it('splits LF-terminated frames, with CR LF and a last frame without terminator', () => {
    assert.deepEqual(frames([`${a}\n${b}\r\n${a}`]).out, [a, b, a]);
  });

  it('reads octet-counted frames, several per read and split anywhere', () => {
    const wire = `${Buffer.byteLength(a)} ${a}${Buffer.byteLength(b)} ${b}`;
    for (let cut = 1; cut < wire.length; cut += 7) {
      assert.deepEqual(frames([wire.slice(0, cut), wire.slice(cut)]).out, [a, b], `cut at ${cut}`);
    }
    // Byte by byte, with multi-byte UTF-8 inside a counted frame.
    const jp = '<14>msg="ポートスキャンを検知"';
    const bytes = Buffer.from(`${Buffer.byteLength(jp)} ${jp}`);
    assert.deepEqual(frames([...bytes].map((x) => Buffer.from([x]))).out, [jp]);
  });

  it('counts and skips oversize frames without losing the next one', () => {
    const big = 'x'.repeat(200);
    const octet = frames([`${big.length} ${big}${a.length} ${a}`], 100);
    assert.deepEqual(octet.out, [a]);
    assert.equal(octet.stats.oversize, 1);
    const lf = frames([big.slice(0, 150), `${big.slice(150)}\n${a}\n`], 100);
    assert.deepEqual(lf.out, [a]);
    assert.equal(lf.stats.oversize, 1);
  });

  it('falls back to LF framing when a digit-first stream carries no length', () => {
    const r = frames(['2026-11-20 10:00:00 router: hello\nsecond\n']);
    assert.deepEqual(r.out, ['2026-11-20 10:00:00 router: hello', 'second']);
    assert.equal(r.stats.badLength, 1);
  });

  it('never throws on random bytes', () => {
    for (let i = 0; i < 200; i++) {
      const chunk = Buffer.from(Array.from({ length: 1 + Math.floor(Math.random() * 300) }, () => Math.floor(Math.random() * 256)));
      assert.doesNotThrow(() => frames([chunk, chunk.subarray(3)]));
    }
  });
});
