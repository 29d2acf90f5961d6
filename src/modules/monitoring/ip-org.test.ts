import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ipOwner } from './ip-org.ts';

describe('IP owner lookup (offline ASN list)', () => {
  it("names Google's and Cloudflare's networks and nothing for private or bad addresses", () => {
    assert.equal(ipOwner('142.250.196.110')?.org, 'Google LLC');
    assert.equal(ipOwner('8.8.8.8')?.asn, 15169);
    assert.equal(ipOwner('1.1.1.1')?.org, 'Cloudflare, Inc.');
    assert.equal(ipOwner('192.168.1.10'), null);
    assert.equal(ipOwner('999.1.1.1'), null);
    assert.equal(ipOwner('2001:db8::1'), null);
  });
});
