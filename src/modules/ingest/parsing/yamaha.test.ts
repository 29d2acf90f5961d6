import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brief, dead, iso, ok } from './test-helpers.ts';

// Fixtures written for these tests after the shapes in reference/log-formats.md §3.4.
const at = { receivedAt: Date.UTC(2024, 4, 13, 3, 0, 0), senderIp: '203.0.113.2' };

describe('Yamaha RTX', () => {
  it('WAN Rejected at IN → scan.inbound.possible keyed by destination port, receive time, sender identity', () => {
    const r = ok('<13>PP[01] Rejected at IN(200030) filter: TCP 198.51.100.7:51234 > 203.0.113.2:23', at);
    assert.equal(r.vendor, 'yamaha');
    assert.equal(r.deviceKey, null);
    assert.equal(r.host, '203.0.113.2');
    assert.equal(r.eventId, '200030');
    assert.deepEqual(brief(r), {
      category: 'scan.inbound.possible',
      direction: 'inbound',
      srcIp: '198.51.100.7',
      srcPort: 51234,
      dstIp: '203.0.113.2',
      dstPort: 23,
      name: null,
      action: 'blocked',
      time: iso(at.receivedAt),
    });
  });

  it('Rejected at OUT → block.outbound_nonweb', () => {
    const r = ok('<13>PP[01] Rejected at OUT(200022) filter: UDP 192.168.100.20:137 > 198.51.100.9:137', at);
    assert.deepEqual([r.category, r.direction, r.proto, r.dstPort], ['block.outbound_nonweb', 'outbound', 'udp', 137]);
  });

  it('a reject from inside the company is not an inbound scan', () => {
    assert.equal(ok('<13>TUNNEL[1] Rejected at IN(300) filter: UDP 192.168.10.1:67 > 255.255.255.255:68', at).category, null);
    assert.equal(ok('<13>LAN1 Rejected at IN(101) filter: TCP 10.1.2.3:5000 > 10.1.2.1:23', { ...at, lanCidrs: ['10.1.0.0/16'] }).category, null);
  });

  it('ICMP rejects without ports', () => {
    const r = ok('<13>PP[01] Rejected at IN(200039) filter: ICMP 198.51.100.8 > 203.0.113.2 : echo request', at);
    assert.deepEqual([r.category, r.proto, r.srcIp, r.srcPort, r.dstIp], ['scan.inbound.possible', 'icmp', '198.51.100.8', null, '203.0.113.2']);
  });

  it('INSPECT sessions, IPv4 and IPv6 (port after a dot), are connection logs', () => {
    const v4 = ok('<13> [INSPECT] PP[01][out][101] TCP 192.168.100.12:50432 > 203.0.113.80:443 (2024/05/13 10:10:44)', at);
    assert.deepEqual([v4.category, v4.direction, v4.srcIp, v4.srcPort, v4.dstPort], [null, 'outbound', '192.168.100.12', 50432, 443]);
    const v6 = ok('<13> [INSPECT] LAN2[out][31] TCP 2001:db8::10.56609 > 2001:db8:1::20.443 (2024/05/13 12:33:02)', { ...at, lanCidrs: ['2001:db8::/32'] });
    assert.deepEqual([v6.srcIp, v6.srcPort, v6.dstIp, v6.dstPort, v6.direction], ['2001:db8::10', 56609, '2001:db8:1::20', 443, 'internal']);
    const in6 = ok('<13>PP[01] Rejected at IN(200030) filter: TCP 2001:db8:ffff::7.40000 > 2001:db8:1::2.22', { ...at, lanCidrs: ['2001:db8:1::/48'] });
    assert.deepEqual([in6.category, in6.srcIp, in6.dstPort], ['scan.inbound.possible', '2001:db8:ffff::7', 22]);
  });

  it('DHCP leases give an IP↔MAC binding', () => {
    const r = ok('<134>[DHCPD] LAN1(port2) Extends 192.168.100.155: 00:53:00:5A:D7:20', at);
    assert.deepEqual(r.binding, { ip: '192.168.100.155', mac: '00:53:00:5a:d7:20' });
    assert.equal(r.category, null);
    assert.equal(ok('<134>[DHCPD] LAN1 Releases 192.168.100.155: 00:53:00:5a:d7:20', at).binding, null);
  });

  it('MAC filter, IKE and switch messages are understood events', () => {
    const mac = ok('<13>LAN1(port3) Rejected at IN(101) filter: 00:53:00:11:22:33 > 00:53:00:44:55:66 IP', at);
    assert.deepEqual([mac.category, mac.srcMac, mac.dstMac, mac.action], [null, '00:53:00:11:22:33', '00:53:00:44:55:66', 'blocked']);
    assert.equal(ok('<134>[IKE] respond ISAKMP phase to 198.51.100.30', at).category, null);
    assert.equal(ok('<134>[SWCTL] lan1:6(XX): lan1:2 link up (100-fdx)', at).category, null);
  });

  it('time: relay header, show-log prefix, or receive time', () => {
    const relayed = ok('<13>1 2024-05-13T01:10:44Z 203.0.113.2 - - - - PP[01] Rejected at IN(1) filter: TCP 198.51.100.7:1 > 203.0.113.2:22', at);
    assert.equal(iso(relayed.time), '2024-05-13T01:10:44.000Z');
    assert.equal(relayed.host, '203.0.113.2');
    const pasted = ok('2024/05/13 10:10:44: PP[01] Rejected at IN(1) filter: TCP 198.51.100.7:1 > 203.0.113.2:80', at);
    assert.equal(iso(pasted.time), '2024-05-13T01:10:44.000Z');
  });

  it('untagged messages need the registered vendor; broken tuples are dead letters', () => {
    assert.equal(dead('<134>PP[01] PPP/IPCP up', at).reason, 'unknown_format');
    assert.equal(ok('<134>PP[01] PPP/IPCP up', { ...at, vendorHint: 'yamaha' }).category, null);
    assert.equal(dead('<13>PP[01] Rejected at IN(200030) filter: TCP 198.51.100.7:51234 >', at).reason, 'truncated');
    assert.equal(dead('<13>PP[01] Rejected at IN(200030) filter: TCP 198.51.100.7:99999 > 203.0.113.2:23', at).reason, 'truncated');
  });
});
