/** Helpers for the parser tests (not used by production code). */
import assert from 'node:assert/strict';
import { parseLine } from './index.ts';
import type { DeadLetter, ParseContext, ParsedRecord } from './types.ts';

export function ok(line: string, ctx: ParseContext = {}): ParsedRecord {
  const r = parseLine(line, ctx);
  assert.ok(r.ok, `expected a record, got dead letter ${r.ok ? '' : r.reason} for ${line}`);
  return r;
}

export function dead(line: string, ctx: ParseContext = {}): DeadLetter {
  const r = parseLine(line, ctx);
  assert.ok(!r.ok, `expected a dead letter for ${line}`);
  return r;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** The fields most tests assert on, in one object for deepEqual. */
export function brief(r: ParsedRecord) {
  return { category: r.category, direction: r.direction, srcIp: r.srcIp, srcPort: r.srcPort, dstIp: r.dstIp, dstPort: r.dstPort, name: r.name, action: r.action, time: iso(r.time) };
}

/** One line of each main shape (SonicWall port scan and IPS with duplicate keys, FortiGate IPS and web filter), for the seeded mutation tests. */
export const vendorSampleLines = [
  '<129>id=firewall sn=0017C5D4E5F6 time="2024-05-13 10:41:33" fw=203.0.113.20 pri=1 c=32 m=82 msg="Possible port scan detected" n=1 src=198.51.100.70:443:X1 dst=203.0.113.20:35001:X1 srcMac=00:53:00:2a:7d:01 proto=tcp/35001 note="TCP scanned port list, 80, 35001"',
  '<129>id=firewall sn=0017C5D4E5F6 time="2024-03-09 18:57:05 UTC" m=608 src=198.51.100.15:8:X1 dst=192.168.10.3:1850:X0 msg="IPS Detection Alert: Echo, SID: 316" msg="IPS Detection Alert: Echo" ipscat=\'Echo\'',
  '<185>date=2024-05-13 time=10:06:38 devname="FGT" devid="FGT60FTK2399ABCD" eventtime=1715562398163261716 tz="+0900" logid="0419016384" type="utm" subtype="ips" eventtype="signature" srcip=198.51.100.4 dstip=192.168.1.16 srcintfrole="wan" action="detected" attack="X" srcport=1 dstport=53',
  '<188>logver=704072731 tz="UTC+9:00" devid="FGT1" date=2024-05-14 time=11:23:50 type="utm" subtype="webfilter" eventtype="ftgd_blk" tz="+0900" srcip=192.168.1.11 dstip=198.51.100.185 catdesc="Malicious Websites"',
];
