import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCef, parseExtension } from './cef.ts';
import { dead, iso, ok } from './test-helpers.ts';

describe('CEF', () => {
  it('header: escaped pipes and backslashes', () => {
    const c = parseCef('CEF:0|Acme\\|Labs|Fire\\\\Wall|1.0|100|Port \\| scan|5|src=198.51.100.1', 0, 70)!;
    assert.deepEqual([c.vendor, c.product, c.name, c.severity], ['Acme|Labs', 'Fire\\Wall', 'Port | scan', '5']);
  });

  it('extension: values run to the next key=, with \\= \\\\ \\n escapes and bare spaces', () => {
    const s = 'msg=anomaly: icmp_flood, 51 > threshold 50 request=http://x/?a\\=1 path=C:\\\\temp note=line1\\nline2 act=blocked';
    assert.deepEqual(Object.fromEntries(parseExtension(s, 0, s.length)), {
      msg: 'anomaly: icmp_flood, 51 > threshold 50',
      request: 'http://x/?a=1',
      path: 'C:\\temp',
      note: 'line1\nline2',
      act: 'blocked',
    });
  });

  it('SonicWall ArcSight mode: signature id is m', () => {
    const conn = ok('CEF:0|SonicWall|TZ 300|6.5.4.4-44n|98|Connection Opened|4|cat=262144 gcat=6 src=192.168.1.20 spt=12345 deviceInboundInterface=X0 cs1Label=203.0.113.10 snpt=12345 dst=198.51.100.1 dpt=443 deviceOutboundInterface=X1 susr="EXAMPLE\\\\user1" proto=tcp/https out=52 appName="General HTTPS" fw_action="NA" dpi=0');
    assert.deepEqual([conn.vendor, conn.category, conn.direction, conn.srcIp, conn.dstPort, conn.proto, conn.eventId], ['sonicwall', null, 'outbound', '192.168.1.20', 443, 'tcp', '98']);
    const bot = ok('<129>Jun  2 10:00:00 fw01 CEF:0|Dell SonicWALL|TZ 300|6.5|1201|Botnet|9|src=192.168.1.45 spt=51000 deviceInboundInterface=X0 dst=203.0.113.66 dpt=443 deviceOutboundInterface=X1 smac=f0:18:98:01:02:03 msg="Suspected Botnet responder blocked"', { receivedAt: Date.UTC(2024, 5, 2) });
    assert.deepEqual([bot.category, bot.srcMac, bot.host], ['c2.botnet.outbound', 'f0:18:98:01:02:03', 'fw01']);
    const ips = ok('CEF:0|SonicWall|NSa|7.0|609|IPS Prevention Alert|9|src=198.51.100.2 deviceInboundInterface=X1 dst=192.168.1.80 deviceOutboundInterface=X0 msg="IPS Prevention Alert: WEB-ATTACKS Example" rt=1715562398000');
    assert.deepEqual([ips.category, ips.name, ips.action, iso(ips.time)], ['ips.inbound', 'WEB-ATTACKS Example', 'blocked', '2024-05-13T01:06:38.000Z']);
  });

  it('FortiGate CEF after a syslog header', () => {
    const r = ok('May 14 11:40:04 FGT60F-KAISHA CEF:0|Fortinet|Fortigate|v7.0.12|18433|utm:anomaly anomaly clear_session|7|deviceExternalId=FGT60FTK2100XXXX FTNTFGTlogid=0720018433 cat=utm:anomaly FTNTFGTsubtype=anomaly FTNTFGTeventtype=anomaly FTNTFGTlevel=alert FTNTFGTvd=root FTNTFGTeventtime=1715654404 FTNTFGTseverity=critical src=198.51.100.11 dst=203.0.113.55 deviceInboundInterface=wan1 externalId=0 act=clear_session proto=1 app=PING cnt=1 FTNTFGTattack=icmp_flood FTNTFGTattackid=16777316 msg=anomaly: icmp_flood, 51 > threshold 50');
    assert.deepEqual([r.vendor, r.deviceKey, r.host, r.category, r.name, r.action, r.proto, r.eventId, iso(r.time)], ['fortigate', 'FGT60FTK2100XXXX', 'FGT60F-KAISHA', 'dos.inbound', 'icmp_flood', 'blocked', 'icmp', '0720018433', '2024-05-14T02:40:04.000Z']);
    const web = ok('CEF:0|Fortinet|Fortigate|v7.0|13056|utm:webfilter ftgd_blk blocked|4|deviceExternalId=FGT1 cat=utm:webfilter FTNTFGTsubtype=webfilter FTNTFGTeventtype=ftgd_blk act=blocked src=192.168.1.11 dst=198.51.100.185 FTNTFGTsrcintfrole=lan FTNTFGTcatdesc=Malicious Websites');
    assert.deepEqual([web.category, web.name, web.direction], ['block.url_category', 'Malicious Websites', 'outbound']);
  });

  it('generic CEF: a cat naming one of our categories is taken, otherwise no category', () => {
    const r = ok('CEF:0|Acme|UTM|2.1|77|Outbound C2 beacon|8|cat=c2.botnet.outbound src=192.168.3.4 dst=198.51.100.66 dpt=8443 act=blocked deviceExternalId=ACME-01 rt=May 13 2024 10:00:00');
    assert.deepEqual([r.vendor, r.category, r.name, r.action, r.deviceKey, iso(r.time)], ['cef', 'c2.botnet.outbound', 'Outbound C2 beacon', 'blocked', 'ACME-01', '2024-05-13T01:00:00.000Z']);
    assert.equal(ok('CEF:0|Acme|UTM|2.1|5|Login|3|cat=/Authentication suser=bob').category, null);
  });

  it('dead letters: truncated header, impossible rt', () => {
    assert.equal(dead('CEF:0|SonicWall|TZ 300|6.5|98|Connection').reason, 'truncated');
    assert.equal(dead('CEF:0|Acme|UTM|2.1|5|Login|3|rt=Feb 30 2024 10:00:00').reason, 'bad_time');
  });
});
