import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectEnvelope } from './envelope.ts';
import { iso, ok } from './test-helpers.ts';

const env = (line: string, refMs = Date.UTC(2024, 4, 20)) => {
  const e = detectEnvelope(line, 0, line.length, 'Asia/Tokyo', refMs);
  return { format: e.format, payload: line.slice(e.payloadStart, e.payloadStart + 12), host: e.host, time: Number.isNaN(e.time) ? null : iso(e.time), pri: e.pri };
};

describe('envelope detection', () => {
  it('PRI or none, with the payload right after', () => {
    assert.deepEqual(env('<134>id=firewall sn=1'), { format: 'kv', payload: 'id=firewall ', host: null, time: null, pri: 134 });
    assert.deepEqual(env('<134>  id=firewall sn=1').payload, 'id=firewall ');
    assert.deepEqual(env('date=2024-05-13 time=1').format, 'kv');
    assert.deepEqual(env('<13> [INSPECT] PP[01][out]').format, 'yamaha');
    assert.deepEqual(env('{"a":1}').format, 'json');
    assert.deepEqual(env('\ufeff<14>CEF:0|a|b|c|d|e|f|').format, 'cef');
  });

  it('RFC 3164 relay header: time (year from the receive time), host, optional tag', () => {
    assert.deepEqual(env('Jan  3 13:45:36 192.0.2.1 id=firewall sn=1', Date.UTC(2024, 0, 5)), { format: 'kv', payload: 'id=firewall ', host: '192.0.2.1', time: '2024-01-03T04:45:36.000Z', pri: -1 });
    assert.equal(env('<134>Dec 31 23:59:59 fw1 id=firewall', Date.UTC(2025, 0, 1, 1)).time, '2024-12-31T14:59:59.000Z', 'New Year: last year');
    assert.deepEqual(env('May 14 11:40:04 FGT60F-KAISHA CEF:0|Fortinet|x').host, 'FGT60F-KAISHA');
    assert.deepEqual(env('May 14 11:40:04 relay01 fwlog: date=2024-05-14 time=1').payload, 'date=2024-05');
  });

  it('ISO time relay header and a bare sender prefix', () => {
    assert.deepEqual(env('2024-05-13T10:10:44+09:00 fw02 id=firewall sn=1'), { format: 'kv', payload: 'id=firewall ', host: 'fw02', time: '2024-05-13T01:10:44.000Z', pri: -1 });
    assert.deepEqual(env('10.0.0.1 id=firewall sn=1').host, '10.0.0.1');
  });

  it('RFC 5424 with NILVALUE or structured data, and SonicWall’s non-conforming variant', () => {
    assert.deepEqual(env('<14>1 2024-05-13T01:10:44.123Z host1 app 99 ID47 - id=firewall sn=1'), { format: 'kv', payload: 'id=firewall ', host: 'host1', time: '2024-05-13T01:10:44.123Z', pri: 14 });
    assert.deepEqual(env('<14>1 2024-05-13T01:10:44Z host1 app - - [ex@32473 k="a\\"b\\]c" j="]"][more@1 x="y"] id=firewall').payload, 'id=firewall');
    assert.deepEqual(env('<105>1 2020-05-16T15:04:17.504337-05:00 192.168.1.1  - - -  id=firewall sn=1').payload, 'id=firewall ');
  });

  it('a relay’s RFC 5424 frame around the device’s own <PRI> line', () => {
    const line = '<13>1 2024-05-13T01:10:45+00:00 203.0.113.2 - - - - <134>id=firewall sn=0017C5000001 time="2024-05-13 10:10:44" m=82 src=198.51.100.1:1:X1 dst=203.0.113.2:2:X1';
    assert.deepEqual(env(line), { format: 'kv', payload: 'id=firewall ', host: '203.0.113.2', time: '2024-05-13T01:10:45.000Z', pri: 134 });
    const r = ok(line);
    assert.deepEqual([r.vendor, r.deviceKey, r.host, r.category, iso(r.time)], ['sonicwall', '0017C5000001', '203.0.113.2', 'scan.inbound.possible', '2024-05-13T01:10:44.000Z']);
    const yamaha = ok('<13>1 2024-05-13T01:10:45Z 203.0.113.9 - - - - <13>PP[01] Rejected at IN(1) filter: TCP 198.51.100.7:1 > 203.0.113.9:23');
    assert.deepEqual([yamaha.vendor, yamaha.host, yamaha.category, iso(yamaha.time)], ['yamaha', '203.0.113.9', 'scan.inbound.possible', '2024-05-13T01:10:45.000Z']);
  });

  it('unknown payloads', () => {
    assert.equal(env('hello world').format, 'unknown');
    assert.equal(env('<999>id=x').format, 'unknown', 'an impossible PRI is not an envelope');
  });
});
