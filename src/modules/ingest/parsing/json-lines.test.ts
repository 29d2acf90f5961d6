import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dead, iso, ok } from './test-helpers.ts';

describe('JSON lines', () => {
  it('reads the documented shape', () => {
    const r = ok(JSON.stringify({ time: '2024-05-13T10:10:44+09:00', device: 'CLOUD-7', category: 'block.ip_reputation', srcIp: '198.51.100.7', srcPort: 51234, dstIp: '192.168.1.2', dstPort: 443, proto: 'TCP', name: 'Phishing', action: 'blocked', srcMac: '00-53-00-AA-BB-CC' }));
    assert.deepEqual([r.vendor, r.deviceKey, r.category, r.name, r.direction, r.proto, r.srcMac, iso(r.time)], ['json', 'CLOUD-7', 'block.ip_reputation', 'Phishing', 'inbound', 'tcp', '00:53:00:aa:bb:cc', '2024-05-13T01:10:44.000Z']);
  });

  it('epoch numbers, zone-less times, absent category, syslog envelope', () => {
    assert.equal(iso(ok('{"time":1715562644000,"category":null}').time), '2024-05-13T01:10:44.000Z');
    assert.equal(iso(ok('{"time":1715562644}').time), '2024-05-13T01:10:44.000Z');
    assert.equal(iso(ok('{"time":"2024-05-13 10:10:44"}').time), '2024-05-13T01:10:44.000Z');
    assert.equal(ok('<14>1 2024-05-13T01:10:44Z collector - - - - {"device":"X","category":"health.cpu_mem"}').category, 'health.cpu_mem');
  });

  it('dead letters: bad JSON, non-objects, unknown categories, wrong types', () => {
    assert.equal(dead('{"time": ').reason, 'bad_json');
    assert.equal(dead('{"a":1}}').reason, 'bad_json');
    assert.equal(dead('{"category":"scan.everything"}').reason, 'bad_field');
    assert.equal(dead('{"dstPort":"443"}').reason, 'bad_field');
    assert.equal(dead('{"srcIp":"999.1.1.1"}').reason, 'bad_field');
    assert.equal(dead('{"time":"yesterday"}').reason, 'bad_time');
    assert.equal(dead('{"a":' + '['.repeat(60_000)).reason, 'bad_json');
    assert.equal(dead('[1,2]').reason, 'unknown_format');
  });
});
