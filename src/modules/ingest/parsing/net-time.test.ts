import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CidrSet, isPrivateIp, normalizeMac, parseIpv4, parseIpv6 } from './net.ts';
import { parseEpoch, parseOffset, parseRfc3339, zonedToUtc, civilMs } from './time.ts';

describe('addresses', () => {
  it('parses IPv4 and IPv6', () => {
    assert.equal(parseIpv4('192.168.1.2'), 0xc0a80102);
    for (const bad of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', '01234.1.1.1', '']) assert.equal(parseIpv4(bad), -1, bad);
    assert.deepEqual(parseIpv6('2001:db8::1'), [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(parseIpv6('::ffff:192.0.2.1'), [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x201]);
    assert.deepEqual(parseIpv6('::'), [0, 0, 0, 0, 0, 0, 0, 0]);
    for (const bad of ['2001:db8:::1', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', ':1']) assert.equal(parseIpv6(bad), null, bad);
  });

  it('CIDR sets and private ranges', () => {
    const lan = new CidrSet(['192.168.10.0/24', '10.0.0.0/8', '2001:db8:1::/48', '198.51.100.7', 'nonsense']);
    assert.deepEqual(lan.invalid, ['nonsense']);
    for (const ip of ['192.168.10.200', '10.255.0.1', '2001:db8:1:ffff::1', '198.51.100.7']) assert.ok(lan.contains(ip), ip);
    for (const ip of ['192.168.11.1', '2001:db8:2::1', '198.51.100.8', 'x']) assert.ok(!lan.contains(ip), ip);
    for (const ip of ['10.1.1.1', '172.16.0.1', '172.31.255.255', '192.168.0.1', 'fd00::1', 'fe80::1']) assert.ok(isPrivateIp(ip), ip);
    for (const ip of ['172.32.0.1', '8.8.8.8', '2001:db8::1']) assert.ok(!isPrivateIp(ip), ip);
  });

  it('normalises MACs', () => {
    assert.equal(normalizeMac('F0:18:98:AA:BB:CC'), 'f0:18:98:aa:bb:cc');
    assert.equal(normalizeMac('f0-18-98-aa-bb-cc'), 'f0:18:98:aa:bb:cc');
    assert.equal(normalizeMac('f018.98aa.bbcc'), 'f0:18:98:aa:bb:cc');
    assert.equal(normalizeMac('f0:18:98:aa:bb'), null);
  });
});

describe('times', () => {
  it('offsets, epochs and RFC 3339', () => {
    assert.equal(parseOffset('+0900', 0, 5), 540);
    assert.equal(parseOffset('UTC-5:00', 0, 8), -300);
    assert.equal(parseOffset('GMT+9', 0, 5), 540);
    assert.equal(parseOffset('Z', 0, 1), 0);
    assert.ok(Number.isNaN(parseOffset('+25', 0, 3)));
    assert.equal(parseEpoch('1715562398', 0, 10), 1715562398000);
    assert.equal(parseEpoch('1715562398163261716', 0, 19), 1715562398163);
    assert.ok(Number.isNaN(parseEpoch('17155623981632617169', 0, 20)));
    assert.equal(parseRfc3339('2024-05-13T10:10:44.5+09:00', 0, 27), Date.UTC(2024, 4, 13, 1, 10, 44, 500));
  });

  it('named zones, including DST, and impossible dates', () => {
    assert.equal(zonedToUtc(civilMs(2024, 7, 1, 9, 0, 0), 'America/New_York'), Date.UTC(2024, 6, 1, 13));
    assert.equal(zonedToUtc(civilMs(2024, 1, 15, 9, 0, 0), 'Europe/Berlin'), Date.UTC(2024, 0, 15, 8));
    assert.ok(Number.isNaN(zonedToUtc(civilMs(2024, 1, 1, 0, 0, 0), 'Not/AZone')));
    assert.ok(Number.isNaN(civilMs(2023, 2, 29, 0, 0, 0)));
    assert.equal(civilMs(2024, 2, 29, 0, 0, 0), Date.UTC(2024, 1, 29));
  });
});
