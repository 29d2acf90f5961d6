import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../platform/random.ts';
import { vendorSampleLines } from './test-helpers.ts';
import { categories } from './categories.ts';
import { deadLetterReasons, parseLine, type ParseContext, type ParseResult } from './index.ts';

// Property tests: whatever the input, parseLine returns a record or a dead letter with a known
// reason, never throws, and never reports a parser bug. Seeded, so failures reproduce.

const corpus = [
  ...vendorSampleLines,
  '<189>date=2024-05-13 time=10:06:38 devid="FGT1" eventtime=1715562398 type="traffic" subtype="forward" srcip=192.168.1.2 srcintfrole="lan" srcmac="00:53:00:AA:BB:CC" dstip=198.51.100.9 dstintfrole="wan" action="close"',
  'May 14 11:40:04 FGT CEF:0|Fortinet|Fortigate|v7|18433|utm:anomaly|7|deviceExternalId=FGT1 cat=utm:anomaly FTNTFGTsubtype=anomaly FTNTFGTattack=icmp_flood src=198.51.100.11 msg=anomaly: a\\=b \\\\ c\\n',
  'CEF:0|SonicWall|TZ 300|6.5|1201|Botnet \\| x|9|src=192.168.1.45 deviceInboundInterface=X0 dst=203.0.113.66 smac=f0:18:98:01:02:03',
  '<13> [INSPECT] LAN2[out][31] TCP 2001:db8::10.56609 > 2001:db8:1::20.443 (2024/05/13 12:33:02)',
  '<13>PP[01] Rejected at IN(200030) filter: TCP 198.51.100.7:51234 > 203.0.113.2:23',
  '<134>[DHCPD] LAN1(port2) Extends 192.168.100.155: 00:53:00:5a:d7:20',
  '<14>1 2024-05-13T01:10:44Z relay - - - [a@1 k="v\\]"] <134>id=firewall sn=X time="2024-05-13 10:41:33" m=1201 src=192.168.1.45:1:X0 dst=203.0.113.66:443:X1',
  'Jan  3 13:45:36 192.0.2.1 id=firewall sn=X time="2024-01-03 14:48:06" m=14 src=192.168.1.46:59668:X0:pc dst=198.51.100.200:443:X1 Category="News"',
  '{"time":"2024-05-13T10:10:44+09:00","device":"C","category":"block.ip_reputation","srcIp":"198.51.100.7","dstPort":443}',
];
const specials = ['"', "'", '=', ' ', '\\', '|', '[', ']', '<', '>', ':', '.', '{', '}', '\u0000', '\t', '\r', '\ufffd', 'ア', 'CEF:', 'id=', ' m=', ' time="', 'UTC', '-', '9'];
const ctxs: ParseContext[] = [{}, { timezone: 'America/New_York', lanCidrs: ['192.168.0.0/16'] }, { vendorHint: 'yamaha', receivedAt: Date.UTC(2024, 4, 13) }, { vendorHint: 'sonicwall', senderIp: '203.0.113.2' }];

function check(r: ParseResult, line: string): void {
  if (r.ok) {
    assert.ok(r.category === null || (categories as readonly string[]).includes(r.category), line);
    assert.ok(Number.isFinite(r.time), line);
    for (const p of [r.srcPort, r.dstPort]) assert.ok(p === null || (Number.isInteger(p) && p >= 0 && p <= 65535), line);
  } else {
    assert.ok((deadLetterReasons as readonly string[]).includes(r.reason), `${r.reason} for ${JSON.stringify(line)}`);
    assert.notEqual(r.reason, 'parser_error', `parser error for ${JSON.stringify(line)}`);
  }
}

function mutate(line: string, r: () => number): string {
  let s = line;
  const steps = 1 + Math.floor(r() * 4);
  for (let k = 0; k < steps; k++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = Math.floor(r() * 5);
    if (op === 0) s = s.slice(0, at);
    else if (op === 1) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 20));
    else if (op === 2) s = s.slice(0, at) + specials[Math.floor(r() * specials.length)] + s.slice(at);
    else if (op === 3) s = s.slice(0, at) + s.slice(Math.floor(r() * s.length), Math.floor(r() * s.length)) + s.slice(at);
    else s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + s.slice(at);
  }
  return s;
}

describe('parser properties (fuzz)', () => {
  it('valid fixtures parse', () => {
    for (const line of corpus) assert.ok(parseLine(line, { receivedAt: Date.UTC(2024, 4, 13) }).ok, line);
  });

  it('random bytes never throw and always give a record or a known dead-letter reason', () => {
    const r = seededRandom(1);
    for (let i = 0; i < 20_000; i++) {
      const bytes = Buffer.alloc(Math.floor(r() * 400));
      for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(r() * 256);
      const line = i % 2 ? bytes.toString('utf8') : bytes.toString('latin1');
      check(parseLine(line, ctxs[i % ctxs.length]!), line);
    }
  });

  it('random mutations of valid lines never throw', () => {
    const r = seededRandom(2);
    for (let i = 0; i < 30_000; i++) {
      const line = mutate(corpus[i % corpus.length]!, r);
      check(parseLine(line, ctxs[i % ctxs.length]!), line);
    }
  });

  it('lean parsing (otasuke analyze) gives what it promises exactly as a full parse does', () => {
    // A lean record is reused by the next call, so it is projected at once.
    const promised = (x: ParseResult) =>
      x.ok
        ? JSON.stringify([x.vendor, x.deviceKey, x.host, x.time, x.category, x.direction, x.srcIp, x.dstIp, x.srcMac, x.dstMac, x.binding])
        : JSON.stringify([x.reason, x.vendor, x.deviceKey, x.host]);
    const r = seededRandom(3);
    const lines = [...corpus];
    for (let i = 0; i < 30_000; i++) lines.push(mutate(corpus[i % corpus.length]!, r));
    for (let i = 0; i < 5_000; i++) {
      const bytes = Buffer.alloc(Math.floor(r() * 200));
      for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(r() * 256);
      lines.push(bytes.toString('latin1'));
    }
    lines.forEach((line, i) => {
      const ctx = { ...ctxs[i % ctxs.length]!, receivedAt: Date.UTC(2024, 4, 13) };
      const full = promised(parseLine(line, ctx));
      assert.equal(promised(parseLine(line, { ...ctx, lean: true })), full, line);
    });
  });

  it('pathological inputs finish and are judged', () => {
    const cases: [string, string | null][] = [
      ['='.repeat(100_000), 'too_long'],
      ['='.repeat(60_000), 'unknown_format'],
      ['a="'.repeat(20_000), null],
      ['<134>id=firewall ' + 'k="x" '.repeat(10_000) + 'm="', 'unbalanced_quote'],
      ['<134>id=firewall m=82 ' + '\\'.repeat(60_000), null],
      ['CEF:0|' + '\\|'.repeat(30_000), 'truncated'],
      ['CEF:0|a|b|c|d|e|f|' + ' x'.repeat(30_000), null],
      ['CEF:0|a|b|c|d|e|f|' + 'k=v'.repeat(20_000), null],
      ['<1>1 - - - - - <1>1 - - - - - <1>1 - - - - - <1>1 - - - - - id=x', null],
      ['<13>PP[01] Rejected at IN(1) filter: ' + 'TCP '.repeat(15_000), 'truncated'],
      ['[INSPECT] ' + ' '.repeat(60_000), null],
      ['{"a":' + '['.repeat(60_000), 'bad_json'],
      ['\u0000'.repeat(1000), 'empty'],
      ['\u0001\u0002\u0003', 'binary'],
      ['', 'empty'],
      ['   \r\n', 'empty'],
    ];
    for (const [line, reason] of cases) {
      const res = parseLine(line, { receivedAt: Date.UTC(2024, 4, 13) });
      check(res, line.slice(0, 40));
      if (reason) assert.equal(res.ok ? 'ok' : res.reason, reason, line.slice(0, 40));
    }
  });

  it('an unknown zone is a dead letter, not an exception', () => {
    const r = parseLine(corpus[0]!, { timezone: 'Mars/Olympus_Mons' });
    assert.deepEqual(r.ok ? 'ok' : r.reason, 'bad_timezone');
  });
});
