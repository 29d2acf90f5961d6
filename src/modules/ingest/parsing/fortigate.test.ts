import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brief, dead, iso, ok } from './test-helpers.ts';

// Fixtures written for these tests after the shapes in reference/log-formats.md §2.6.
const DEV = 'FGT60FTK2399ABCD';
const head = (date: string, time: string, extra: string) => `<185>date=${date} time=${time} devname="FGT-SHOP" devid="${DEV}" ${extra} tz="+0900"`;

describe('FortiGate key=value', () => {
  it('IPS signature from the WAN → ips.inbound, time from an ns eventtime', () => {
    const r = ok(`${head('2024-05-13', '10:06:38', 'eventtime=1715562398163261716')} logid="0419016384" type="utm" subtype="ips" eventtype="signature" level="alert" vd="root" severity="high" srcip=198.51.100.4 srccountry="United States" dstip=192.168.1.16 srcintf="wan1" srcintfrole="wan" dstintf="internal" dstintfrole="lan" sessionid=254830141 action="detected" proto=17 service="DNS" attack="DNS.Server.Label.Buffer.Overflow" srcport=57673 dstport=53 direction="incoming" attackid=37088`);
    assert.equal(r.vendor, 'fortigate');
    assert.equal(r.deviceKey, DEV);
    assert.equal(r.eventId, '0419016384');
    assert.equal(r.proto, 'udp');
    assert.deepEqual(brief(r), {
      category: 'ips.inbound',
      direction: 'inbound',
      srcIp: '198.51.100.4',
      srcPort: 57673,
      dstIp: '192.168.1.16',
      dstPort: 53,
      name: 'DNS.Server.Label.Buffer.Overflow',
      action: 'detected',
      time: '2024-05-13T01:06:38.163Z',
    });
  });

  it('eventtime in seconds, milliseconds, microseconds or nanoseconds', () => {
    const line = (et: string) => `${head('2024-05-13', '11:40:04', `eventtime=${et}`)} type="traffic" subtype="forward" srcip=192.168.1.2 dstip=198.51.100.9 action="close"`;
    for (const et of ['1715568004', '1715568004123', '1715568004123456', '1715568004123456789']) {
      assert.equal(iso(ok(line(et)).time).slice(0, 19), '2024-05-13T02:40:04', et);
    }
  });

  it('without eventtime: date + time + tz; FortiAnalyzer duplicate tz prefers ±hhmm', () => {
    const plain = ok(`<189>date=2024-05-14 time=03:12:45 devname="x" devid="${DEV}" logid="0001000014" type="traffic" subtype="local" tz="-0500" srcip=198.51.100.61 dstip=203.0.113.2 action="deny"`);
    assert.equal(iso(plain.time), '2024-05-14T08:12:45.000Z');
    const faz = ok(`<188>logver=704072731 timestamp=1715653430 tz="UTC+9:00" devname="x" devid="${DEV}" vd="root" date=2024-05-14 time=11:23:50 logid="0316013056" type="utm" subtype="webfilter" eventtype="ftgd_blk" level="warning" tz="-0500" srcip=192.168.1.11 dstip=198.51.100.185 action="blocked" cat=26 catdesc="Malicious Websites"`);
    assert.equal(iso(faz.time), '2024-05-14T16:23:50.000Z');
    assert.deepEqual([faz.category, faz.name, faz.action, faz.direction], ['block.url_category', 'Malicious Websites', 'blocked', 'outbound']);
    const noTz = ok(`date="2024-1-5" time=08:00:00 devid="${DEV}" type="traffic" subtype="forward" srcip=192.168.1.2 dstip=198.51.100.9`);
    assert.equal(iso(noTz.time), '2024-01-04T23:00:00.000Z', 'device zone (Asia/Tokyo), unpadded date');
  });

  it('anomaly: port scan from WAN → probable, from LAN → internal, floods → dos.inbound', () => {
    const scan = (role: string, src: string, attack: string) =>
      ok(`${head('2024-05-13', '12:55:54', 'eventtime=1715572554620862412')} logid="0720018432" type="utm" subtype="anomaly" eventtype="anomaly" level="alert" srcip=${src} dstip=203.0.113.1 srcintf="x" srcintfrole="${role}" sessionid=0 action="detected" proto=6 service="tcp/3389" count=0 attack="${attack}" srcport=18088 dstport=3389 policytype="DoS-policy" msg="anomaly: ${attack}, 1001 > threshold 1000"`);
    assert.deepEqual(brief(scan('wan', '198.51.100.218', 'tcp_port_scan')), {
      category: 'scan.inbound.probable',
      direction: 'inbound',
      srcIp: '198.51.100.218',
      srcPort: 18088,
      dstIp: '203.0.113.1',
      dstPort: 3389,
      name: 'tcp_port_scan',
      action: 'detected',
      time: '2024-05-13T03:55:54.620Z',
    });
    assert.equal(scan('lan', '192.168.1.37', 'udp_scan').category, 'scan.internal');
    assert.equal(scan('wan', '198.51.100.3', 'icmp_sweep').category, 'scan.inbound.probable');
    for (const a of ['tcp_syn_flood', 'udp_flood', 'icmp_flood', 'tcp_src_session', 'ip_dst_session']) assert.equal(scan('wan', '198.51.100.35', a).category, 'dos.inbound', a);
  });

  it('FortiOS 5.x legacy form behind a relay header (unquoted, type=anomaly)', () => {
    const r = ok(`Mar 22 19:21:00 192.0.2.10 date=2016-03-22 time=19:20:46 devname=FGT-OLD devid=FGT3HD0000000001 logid=0000018000 type=anomaly subtype=anomaly level=alert vd="root" severity=critical srcip=198.51.100.35 dstip=192.0.2.84 srcintf="port2" sessionid=0 action=detected proto=6 service=tcp/36875 count=1903 attack="tcp_syn_flood" srcport=32835 dstport=2960 attackid=100663396 profile="DoS-policy1" msg="anomaly: tcp_syn_flood, 2001 > threshold 2000, repeats 1903 times" crscore=50 crlevel=critical`);
    assert.deepEqual([r.category, r.deviceKey, r.host, iso(r.time)], ['dos.inbound', 'FGT3HD0000000001', '192.0.2.10', '2016-03-22T10:20:46.000Z']);
  });

  it('virus infected → malware.virus; botnet from a LAN host → c2.botnet.outbound', () => {
    const v = ok(`<188>date=2024-05-14 time=08:58:56 devname="x" devid="${DEV}" logid="0211008192" type="utm" subtype="virus" eventtype="infected" level="warning" eventtime=1715644736 tz="+0900" msg="File is infected." action="blocked" srcip=198.51.100.44 dstip=192.168.1.88 srcport=80 dstport=64982 srcintfrole="wan" dstintfrole="lan" proto=6 filename="invoice.exe" virus="EICAR_TEST_FILE" dtype="Virus"`);
    assert.deepEqual([v.category, v.name, v.action, v.direction], ['malware.virus', 'EICAR_TEST_FILE', 'blocked', 'inbound']);
    const b = ok(`<188>date=2024-05-14 time=14:01:02 devname="x" devid="${DEV}" eventtime=1715662862000000000 tz="+0900" logid="0422016400" type="utm" subtype="ips" eventtype="botnet" level="warning" srcip=192.168.1.45 srcmac="F0:18:98:00:11:22" dstip=203.0.113.66 srcintfrole="lan" dstintfrole="wan" action="dropped" proto=6 attack="Botnet.Generic" srcport=51000 dstport=443`);
    assert.deepEqual([b.category, b.name, b.action, b.srcMac, b.direction], ['c2.botnet.outbound', 'Botnet.Generic', 'blocked', 'f0:18:98:00:11:22', 'outbound']);
    const bIn = ok(`<188>date=2024-05-14 time=14:01:02 devid="${DEV}" type="utm" subtype="ips" eventtype="botnet" srcip=203.0.113.66 dstip=192.168.1.45 srcintfrole="wan" action="dropped" attack="Botnet.Generic"`);
    assert.equal(bIn.category, 'c2.botnet.inbound');
  });

  it('perf-stats: cpu or mem ≥ 80 → health.cpu_mem, otherwise no category', () => {
    const perf = (cpu: number, mem: number) =>
      ok(`<189>date=2024-05-14 time=14:32:09 devname="x" devid="${DEV}" logid="0100040704" type="event" subtype="system" level="notice" eventtime=1715664729938795255 tz="+0900" logdesc="System performance statistics" action="perf-stats" cpu=${cpu} mem=${mem} totalsession=2300 bandwidth="2300/410" msg="Performance statistics: average CPU: ${cpu}, memory:  ${mem}"`);
    assert.deepEqual([perf(83, 71).category, perf(83, 71).name], ['health.cpu_mem', 'cpu']);
    assert.equal(perf(10, 80).name, 'mem');
    assert.equal(perf(79, 79).category, null);
  });

  it('FortiManager/FortiAnalyzer lines, admin events with sn=, lines without type', () => {
    const fmg = ok(`<190>date=2023-12-13 time=07:56:14 tz="+0200" devname=fmg01 device_id=FMG123TZ13000001 log_id=0001010018 type=event subtype=system pri=information desc="User login/logout successful" user="kenji" msg="login accepted"`);
    assert.deepEqual([fmg.vendor, fmg.deviceKey, fmg.eventId, fmg.category, iso(fmg.time)], ['fortigate', 'FMG123TZ13000001', '0001010018', null, '2023-12-13T05:56:14.000Z']);
    const bare = ok('date= desc="Object update request received" msg="Send new version object to device (sn:FSA0000, ip=127.0.0.1): objid=0, curr_ver=1"', { receivedAt: Date.UTC(2024, 0, 1) });
    assert.deepEqual([bare.vendor, bare.category, iso(bare.time)], ['fortigate', null, '2024-01-01T00:00:00.000Z']);
    const admin = ok(`<185>eventtime=1702257752722386015 tz="+0100" logid="0100032002" type="event" subtype="system" level="alert" sn="0" user="\${exploit_user_name" srcip=192.168.0.10 action="login" status="failed"`);
    assert.deepEqual([admin.vendor, admin.deviceKey, admin.category], ['fortigate', null, null]);
    const noType = ok(`<189>date=2024-05-14 time=03:12:45 devid="${DEV}" logid="0001000014"`);
    assert.equal(noType.category, null);
    const archived = ok(`2018 Apr 09 16:05:06 collector->192.0.2.253 date=2018-04-09 time=16:05:06 devname=BR-FW devid=FG600C0000000001 logid="1059028705" type="utm" subtype="app-ctrl" eventtime=111111111 srcip=172.24.150.115 dstip=198.51.100.216 action="block"`);
    assert.deepEqual([archived.deviceKey, iso(archived.time)], ['FG600C0000000001', '2018-04-09T07:05:06.000Z'], 'a relay prefix we do not know is skipped; a 9-digit eventtime falls back to date and time');
  });

  it('traffic and other events are understood with no category', () => {
    const r = ok(`<189>date=2024-05-14 time=03:12:45 devname="x" devid="${DEV}" logid="0001000014" type="traffic" subtype="local" level="notice" eventtime=1715623965 tz="+0900" srcip=198.51.100.61 srcport=40022 srcintf="wan1" srcintfrole="wan" dstip=203.0.113.2 dstport=23 dstintfrole="undefined" proto=6 action="deny" policyid=0 service="TELNET"`);
    assert.deepEqual([r.category, r.action, r.direction, r.dstPort], [null, 'blocked', 'inbound', 23]);
    assert.equal(ok(`<189>date=2024-05-14 time=03:12:45 devid="${DEV}" type="event" subtype="vpn" action="tunnel-up" user="\${exploit_user_name"`).category, null);
  });

  it('dead letters: impossible date, unbalanced quote', () => {
    assert.equal(dead(`<189>date=2024-13-01 time=03:12:45 devid="${DEV}" type="traffic"`).reason, 'bad_time');
    const fallback = ok(`<189>date=2024-05-14 time=03:12:45 devid="${DEV}" eventtime=99999999999999999999 type="traffic"`);
    assert.equal(iso(fallback.time), '2024-05-13T18:12:45.000Z', 'an unreadable eventtime falls back to date and time');
    assert.equal(dead(`<189>devid="${DEV}" eventtime=17156239 type="traffic"`).reason, 'bad_time');
    const q = dead(`<189>date=2024-05-14 time=03:12:45 devid="${DEV}" type="traffic" msg="cut here`);
    assert.deepEqual([q.reason, q.vendor, q.deviceKey], ['unbalanced_quote', 'fortigate', DEV]);
  });
});
