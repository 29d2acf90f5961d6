import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brief, dead, iso, ok } from './test-helpers.ts';

// Fixtures written for these tests after the shapes in reference/log-formats.md §1.6
// (documentation addresses, invented serial).
const SN = '0017C5D4E5F6';
const head = (m: number, time = '2024-05-13 10:41:33', pri = 1) => `<129>id=firewall sn=${SN} time="${time}" fw=203.0.113.20 pri=${pri} c=32 m=${m}`;

describe('SonicWall key=value', () => {
  it('possible port scan from the internet → scan.inbound.possible, local time in Asia/Tokyo', () => {
    const r = ok(`${head(82)} msg="Possible port scan detected" n=101 src=198.51.100.70:443:X1 dst=203.0.113.20:35001:X1 srcMac=00:53:00:2A:7D:01 dstMac=00:53:00:ca:be:02 proto=tcp/35001 note="TCP scanned port list, 3306, 8080, 35001"`);
    assert.equal(r.vendor, 'sonicwall');
    assert.equal(r.deviceKey, SN);
    assert.equal(r.eventId, '82');
    assert.deepEqual(brief(r), {
      category: 'scan.inbound.possible',
      direction: 'inbound',
      srcIp: '198.51.100.70',
      srcPort: 443,
      dstIp: '203.0.113.20',
      dstPort: 35001,
      name: 'Possible port scan',
      action: 'detected',
      time: '2024-05-13T01:41:33.000Z',
    });
    assert.equal(r.proto, 'tcp');
    assert.equal(r.srcMac, '00:53:00:2a:7d:01');
  });

  it('probable, FIN, Xmas and Null scans → scan.inbound.probable', () => {
    for (const m of [83, 177, 178, 179]) {
      assert.equal(ok(`${head(m)} msg="Probable port scan detected" src=198.51.100.71:80:X1 dst=203.0.113.20:22:X1 proto=tcp/22`).category, 'scan.inbound.probable', `m=${m}`);
    }
  });

  it('a scan whose source is on X0 (or in the LAN prefixes) → scan.internal', () => {
    const r = ok(`${head(82)} msg="Possible port scan detected" src=192.168.10.23:51514:X0 dst=192.168.10.5:445:X0 proto=tcp/445`);
    assert.equal(r.category, 'scan.internal');
    assert.equal(r.direction, 'internal');
    const viaPrefix = ok(`${head(83)} src=10.20.0.9:51514:X3 dst=198.51.100.9:445:X1`, { lanCidrs: ['10.20.0.0/16'] });
    assert.equal(viaPrefix.category, 'scan.internal');
    assert.equal(viaPrefix.direction, 'outbound');
  });

  it('TCP Xmas Tree: from outside → attack.tcp_xmas, from a LAN PC → scan.internal', () => {
    assert.equal(ok(`${head(267)} msg="TCP Xmas Tree dropped" src=198.51.100.1:16345:X1 dst=203.0.113.20:81 proto=tcp/81`).category, 'attack.tcp_xmas');
    const pc = ok(`${head(267)} msg="TCP Xmas Tree dropped" src=192.168.10.77:50000:X0 dst=142.250.0.10:443:X1 proto=tcp/443`);
    assert.equal(pc.category, 'scan.internal');
    assert.equal(pc.direction, 'outbound');
  });

  it('IPS detection with a duplicated msg and a UTC time → ips.inbound named by ipscat', () => {
    const r = ok(`${head(608, '2024-03-09 18:57:05 UTC')} gcat=3 src=198.51.100.15:8:X1 dst=192.168.10.3:1850:X0 msg="IPS Detection Alert: ICMP Echo Reply, SID: 316, Priority: Low" msg="IPS Detection Alert: ICMP Echo Reply" sid=316 ipscat="ICMP Echo Reply" ipspri=3  n=9 fw_action="NA"`);
    assert.deepEqual(brief(r), {
      category: 'ips.inbound',
      direction: 'inbound',
      srcIp: '198.51.100.15',
      srcPort: 8,
      dstIp: '192.168.10.3',
      dstPort: 1850,
      name: 'ICMP Echo Reply',
      action: 'detected',
      time: '2024-03-09T18:57:05.000Z',
    });
  });

  it('IPS prevention without ipscat takes the signature from msg', () => {
    const r = ok(`<129> id=firewall sn=${SN} time="2024-02-24 03:29:07" pri=1 c=32 m=609 msg="IPS Prevention Alert: WEB-ATTACKS Log4j2 JNDI Lookup" sid=2307 n=8 src=198.51.100.61:54192:X1 dst=192.168.10.80:8080:X0 fw_action="drop"`);
    assert.equal(r.category, 'ips.inbound');
    assert.equal(r.name, 'WEB-ATTACKS Log4j2 JNDI Lookup');
    assert.equal(r.action, 'blocked');
  });

  it('gateway anti-virus and anti-spyware', () => {
    const v = ok(`${head(809)} msg="Gateway Anti-Virus Alert: EICAR (Test) blocked." src=198.51.100.23:80:X1 dst=192.168.10.50:50123:X0 proto=tcp/http`);
    assert.deepEqual([v.category, v.name, v.action], ['malware.virus', 'EICAR (Test)', 'blocked']);
    const s = ok(`${head(794)} msg="Anti-Spyware Prevention Alert: Malformed-rtf" src=198.51.100.24:80:X1 dst=192.168.10.51:50333:X0`);
    assert.deepEqual([s.category, s.name, s.action], ['malware.spyware', 'Malformed-rtf', 'blocked']);
    assert.equal(ok(`${head(795)} msg="Anti-Spyware Detection Alert: X" src=198.51.100.24:80:X1 dst=192.168.10.51:1:X0`).action, 'detected');
  });

  it('botnet: responder (internal initiator) → c2.botnet.outbound, initiator → c2.botnet.inbound', () => {
    for (const m of [1201, 1477, 1519]) {
      const r = ok(`${head(m)} msg="Suspected Botnet responder blocked: Responder IP:203.0.113.66" src=192.168.10.45:51000:X0 dst=203.0.113.66:443:X1 srcMac=f0:18:98:aa:bb:cc proto=tcp/https`);
      assert.deepEqual([r.category, r.direction, r.srcIp, r.srcMac], ['c2.botnet.outbound', 'outbound', '192.168.10.45', 'f0:18:98:aa:bb:cc']);
    }
    for (const m of [1200, 1476, 1518]) assert.equal(ok(`${head(m)} src=203.0.113.66:443:X1 dst=192.168.10.45:51000:X0`).category, 'c2.botnet.inbound');
  });

  it('Geo-IP block (c=0, zones, RFC 5424-like relay header) → block.geoip named by country', () => {
    const r = ok(`<105>1 2024-05-16T15:04:17.504337-05:00 192.168.10.1  - - -  id=firewall sn=${SN} time="2024-05-17 05:04:17" fw=203.0.113.20 pri=1 c=0 gcat=3 m=1198 src=198.51.100.111:51898:X1 srcZone=WAN dst=192.168.10.17:443:X0 dstZone=LAN proto=tcp/https rcvd=60 app=49177 appName='General HTTPS' msg="Initiator from country blocked: Initiator IP:198.51.100.111 Country Name:Singapore" n=2100544`);
    assert.deepEqual([r.category, r.name, r.direction, r.host, iso(r.time)], ['block.geoip', 'Singapore', 'inbound', '192.168.10.1', '2024-05-16T20:04:17.000Z']);
  });

  it('floods → dos.inbound, addresses from msg when the tuple fields are missing', () => {
    const r = ok(`${head(860)} msg="Possible SYN Flood on IF X1 - src: 198.51.100.5:60062 dst: 203.0.113.20:443" n=2152 proto=tcp/https`);
    assert.deepEqual([r.category, r.srcIp, r.srcPort, r.dstIp, r.dstPort, r.name], ['dos.inbound', '198.51.100.5', 60062, '203.0.113.20', 443, 'SYN flood']);
    for (const m of [25, 866, 1213, 1214, 1369, 22, 27, 580]) assert.equal(ok(`${head(m)} src=198.51.100.5:1:X1 dst=203.0.113.20:2:X1`).category, 'dos.inbound', `m=${m}`);
  });

  it('fragmentation and CFS', () => {
    for (const m of [28, 1373, 1374, 1375, 1376]) assert.equal(ok(`${head(m)} src=198.51.100.40:0:X1 dst=203.0.113.20:0:X1 proto=icmp`).category, 'attack.fragmentation');
    const cfs = ok(`<131>id=firewall sn=${SN} time="2024-04-10 10:44:01 UTC" pri=3 c=4 m=14 msg="Web site access denied" app=49177 appName="General HTTPS" n=856789 src=192.168.10.46:59668:X0:pc020.example.local dst=198.51.100.200:443:X1:example.net proto=tcp/https dstname=example.net arg=/ code=49 Category="Freeware/Software Downloads"`);
    assert.deepEqual([cfs.category, cfs.name, cfs.hostname, cfs.direction], ['block.url_category', 'Freeware/Software Downloads', 'pc020.example.local', 'outbound']);
  });

  it('connection and system events are understood with no category', () => {
    const r = ok(`<134>id=firewall sn=${SN} time="2024-05-13 10:00:00" pri=6 c=262144 m=98 msg="Connection Opened" n=5 src=192.168.10.20:12345:X0 dst=198.51.100.1:443:X1 srcMac=00:53:00:01:02:03 proto=tcp/https`);
    assert.deepEqual([r.category, r.direction, r.action], [null, 'outbound', null]);
    assert.equal(ok(`<134>id=firewall sn=${SN} time="2024-05-13 10:00:00" pri=6 c=1024 m=97 n=5 src=192.168.10.20:1:X0 dst=198.51.100.1:80:X1`).category, null);
    assert.equal(ok(`<133>id=firewall sn=${SN} time="2024-05-13 10:00:00" pri=5 msg="Unhandled link-local or multicast IPv6 packet dropped" m=1235 n=6`).category, null);
    const noM = ok(`id=firewall sn=${SN} time="2015-11-21 14:30:38" fw=10.0.0.1 pri=5 msg="Unhandled link-local or multicast IPv6 packet dropped" srcV6=fe80::1 dstV6=ff02::c srcMac=00:53:ff:ff:55:55 proto=udp/65535`);
    assert.deepEqual([noM.category, noM.eventId, noM.srcIp], [null, null, 'fe80::1']);
  });

  it('partial address tuples: no port, IPv6 in srcV6/dstV6, port only, hostname', () => {
    const r = ok(`${head(82)} src=:28503:WAN:HOST1 srcV6=2001:db8::7 dst=172.16.2.2::X0 dstV6=2001:db8:1::2`);
    assert.deepEqual([r.srcIp, r.srcPort, r.dstIp, r.dstPort], ['2001:db8::7', 28503, '2001:db8:1::2', null]);
    assert.equal(r.category, 'scan.inbound.possible');
    const bare = ok(`${head(83)} src=198.51.100.3 dst=192.168.5.10 note="TCP scanned port list, 80, 8080 "`);
    assert.deepEqual([bare.srcPort, bare.dstPort], [null, 8080]);
  });

  it('accepts every envelope: no PRI, relay header, sender prefix, two spaces after PRI', () => {
    const body = `id=firewall sn=${SN} time="2024-01-03 14:48:06" m=82 src=198.51.100.77:443:X1 dst=203.0.113.20:1:X1`;
    for (const line of [body, `<134>  ${body}`, `Jan  3 13:45:36 192.0.2.1 ${body}`, `10.0.0.1 ${body}`]) {
      const r = ok(line);
      assert.equal(r.category, 'scan.inbound.possible');
      assert.equal(iso(r.time), '2024-01-03T05:48:06.000Z', 'the device time wins over a relay header');
    }
    assert.equal(ok(`Jan  3 13:45:36 192.0.2.1 ${body}`).host, '192.0.2.1');
    assert.equal(ok(`10.0.0.1 ${body}`).host, '10.0.0.1');
  });

  it('uses the device time zone for local times', () => {
    const r = ok(`${head(82, '2024-07-01 09:00:00')} src=198.51.100.1:1:X1 dst=203.0.113.20:2:X1`, { timezone: 'America/New_York' });
    assert.equal(iso(r.time), '2024-07-01T13:00:00.000Z');
  });

  it('dead letters: impossible date, missing m, unbalanced quote, truncated line', () => {
    assert.equal(dead(`${head(82, '2024-02-30 10:00:00')} src=1.2.3.4:1:X1`).reason, 'bad_time');
    assert.equal(dead(`${head(82, '2024-05-13 25:00:00')}`).reason, 'bad_time');
    assert.equal(dead(`${head(82, '2024-05-13 10:00:00 PST')}`).reason, 'bad_time');
    const d = dead(`<129>id=firewall sn=${SN} time="2024-05-13 10:00:00" fw=203.0.113.20`);
    assert.deepEqual([d.reason, d.vendor, d.deviceKey], ['missing_field', 'sonicwall', SN]);
    assert.equal(dead(`${head(82)} msg="Possible port scan detec`).reason, 'unbalanced_quote');
    assert.equal(dead(`<129>id=firewall sn=${SN} time="2024-05-13 10:00:00" m=abc src=198.51.100.4:1:X1`).reason, 'bad_field');
  });
});
