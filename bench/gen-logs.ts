/**
 * Generates a realistic mixed SonicWall (Enhanced syslog) / FortiGate (FortiOS 7 key=value) log
 * file for benchmarks: mostly connection logs and inbound scans, some Geo-IP and web-filter
 * blocks, a little IPS, virus, spyware, botnet, floods and internal scans, a few CPU/memory
 * statistics, and about 0.05 % broken lines. Deterministic for a given seed.
 *
 *   node --import tsx bench/gen-logs.ts OUT_FILE [LINES=1000000] [SEED=1]
 *
 * Addresses come from documentation and private ranges; serials are invented.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/platform/random.ts';

const prng = seededRandom;

const macVendors = ['f0:18:98', '3c:22:fb', '00:1b:21', 'b8:27:eb', '00:0c:29', 'a4:83:e7', '9c:b6:d0', '00:53:00'];
const countries = ['China', 'United States', 'Russia', 'Netherlands', 'Brazil', 'Singapore'];
const ipsNames = ['WEB-ATTACKS Apache Log4j2 JNDI Log Messages Remote Code Execution', 'ICMP Echo Reply', 'SCAN Nmap TCP ACK Ping', 'MISC SMB Brute Force'];
const fgAttacks = ['DNS.Server.Label.Buffer.Overflow', 'Apache.Log4j.Error.Log.Remote.Code.Execution', 'HTTP.URI.SQL.Injection'];
const webCats = ['Malicious Websites', 'Phishing', 'Spam URLs', 'Dynamic DNS', 'Newly Observed Domain'];
const services = ['https', 'http', 'dns', 'ntp', '5228', 'imaps'];

interface Gen {
  (r: () => number, t: number): string;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, n: number) => Math.floor(r() * n);
const hex2 = (n: number) => (n & 255).toString(16).padStart(2, '0');
const wan = (r: () => number) => `${pick(r, ['198.51.100', '203.0.113', '192.0.2'])}.${1 + int(r, 254)}`;
const lanHost = (r: () => number) => 1 + int(r, 200);
const lanIp = (dev: number, h: number) => `192.168.${dev % 250}.${h}`;
const macOf = (dev: number, h: number) => `${macVendors[h % macVendors.length]}:${hex2(dev)}:${hex2(h >> 8)}:${hex2(h)}`;
const swSerial = (d: number) => `0017C5${(0xa10000 + d).toString(16).toUpperCase()}`;
const fgSerial = (d: number) => `FGT60FTK21${String(d).padStart(6, '0')}`;

function swTime(t: number): string {
  return new Date(t + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function sw(m: number, c: number, msg: string, body: string, extra = ''): Gen {
  return (r, t) => {
    const d = int(r, 40);
    return `<134>id=firewall sn=${swSerial(d)} time="${swTime(t)}" fw=203.0.113.${10 + d} pri=1 c=${c} m=${m} msg="${msg}" n=${int(r, 9_999_999)} ${body.replace(/\$(\w+)/g, (_x, k: string) => fill(k, r, d))}${extra}`;
  };
}

/** Placeholders in SonicWall bodies: $in (internal endpoint), $out (internet endpoint), … */
function fill(k: string, r: () => number, d: number): string {
  const h = lanHost(r);
  switch (k) {
    case 'in':
      return `${lanIp(d, h)}:${49152 + int(r, 16000)}:X0 srcMac=${macOf(d, h)}`;
    case 'out':
      return `${wan(r)}:${pick(r, [443, 80, 53, 123])}:X1`;
    case 'scanner':
      return `${wan(r)}:${1024 + int(r, 60000)}:X1`;
    case 'fw':
      return `203.0.113.${10 + d}:${1 + int(r, 65000)}:X1`;
    case 'svc':
      return pick(r, services);
    case 'lan':
      return `${lanIp(d, h)}:${pick(r, [80, 443, 445, 3389])}:X0`;
    default:
      return k;
  }
}

function fg(type: string, body: string): Gen {
  return (r, t) => {
    const d = int(r, 40);
    const local = new Date(t + 9 * 3_600_000).toISOString();
    const head = `<189>date=${local.slice(0, 10)} time=${local.slice(11, 19)} devname="FGT-${d}" devid="${fgSerial(d)}" eventtime=${t}${String(int(r, 999_999)).padStart(6, '0')} tz="+0900" ${type}`;
    return `${head} ${body.replace(/\$(\w+)/g, (_x, k: string) => fgFill(k, r, d))}`;
  };
}

function fgFill(k: string, r: () => number, d: number): string {
  switch (k) {
    case 'lan':
      return `srcip=${lanIp(d, lanHost(r))} srcport=${49152 + int(r, 16000)} srcintf="internal" srcintfrole="lan"`;
    case 'wanSrc':
      return `srcip=${wan(r)} srcport=${1024 + int(r, 60000)} srcintf="wan1" srcintfrole="wan"`;
    case 'wanDst':
      return `dstip=${wan(r)} dstport=${pick(r, [443, 80, 53])} dstintf="wan1" dstintfrole="wan"`;
    case 'fwDst':
      return `dstip=203.0.113.${10 + d} dstport=${pick(r, [23, 22, 80, 3389, 445])}`;
    case 'ipsAttack':
      return pick(r, fgAttacks);
    case 'cat':
      return pick(r, webCats);
    case 'cpu':
      return String(20 + int(r, 80));
    case 'sid':
      return String(int(r, 999_999_999));
    default:
      return k;
  }
}

/** [weight per 10,000 lines, generator] */
const mix: [number, Gen][] = [
  [1800, sw(537, 1024, 'Connection Closed', 'src=$in dst=$out proto=tcp/$svc sent=1834 rcvd=9040 spkt=9 rpkt=8 cdur=120')],
  [1300, sw(98, 262144, 'Connection Opened', 'src=$in dst=$out proto=tcp/$svc rule="15 (LAN->WAN)"')],
  [500, sw(82, 32, 'Possible port scan detected', 'src=$scanner dst=$fw proto=tcp/8080', ' note="TCP scanned port list, 3389, 22, 445, 23, 8080"')],
  [250, sw(83, 32, 'Probable port scan detected', 'src=$scanner dst=$fw proto=tcp/23', ' note="TCP scanned port list, 8080, 21, 443, 22, 80, 23"')],
  [350, sw(1198, 0, 'Initiator from country blocked: Initiator IP:198.51.100.9 Country Name:China', 'src=$scanner srcZone=WAN dst=$lan dstZone=LAN proto=tcp/https')],
  [300, sw(36, 64, 'TCP connection dropped', 'src=$scanner dst=$fw proto=tcp/445 rule="Default Access Rule"')],
  [100, sw(14, 4, 'Web site access denied', 'src=$in dst=$out proto=tcp/https dstname=bad.example.net arg=/ code=64', ' Category="Malware"')],
  [60, sw(609, 32, 'IPS Prevention Alert: WEB-ATTACKS Apache Log4j2 JNDI Log Messages Remote Code Execution', 'src=$scanner dst=$lan proto=tcp/http', ` sid=2307 ipscat="${ipsNames[0]}" ipspri=2 fw_action="drop"`)],
  [40, sw(608, 32, 'IPS Detection Alert: ICMP Echo Reply, SID: 316, Priority: Low', 'src=$scanner dst=$lan proto=icmp', ' msg="IPS Detection Alert: ICMP Echo Reply" sid=316 ipscat="ICMP Echo Reply" ipspri=3')],
  [20, sw(809, 32, 'Gateway Anti-Virus Alert: EICAR (Test) blocked.', 'src=$out dst=$lan proto=tcp/http')],
  [10, sw(794, 32, 'Anti-Spyware Prevention Alert: Malformed-rtf', 'src=$out dst=$lan proto=tcp/http')],
  [20, sw(1200, 0, 'Suspected Botnet initiator blocked: Initiator IP:198.51.100.66', 'src=$scanner dst=$lan proto=tcp/https')],
  [8, sw(1201, 0, 'Suspected Botnet responder blocked: Responder IP:203.0.113.66', 'src=$in dst=$out proto=tcp/https')],
  [15, sw(860, 32, 'Possible SYN Flood on IF X1 - src: 198.51.100.5:60062 dst: 203.0.113.10:443', 'src=$scanner dst=$fw proto=tcp/https')],
  [5, sw(82, 32, 'Possible port scan detected', 'src=$in dst=$lan proto=tcp/445', ' note="TCP scanned port list, 135, 139, 445"')],
  [5, sw(267, 32, 'TCP Xmas Tree dropped', 'src=$scanner dst=$fw proto=tcp/81')],
  [2200, fg('logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root"', '$lan $wanDst sessionid=$sid proto=6 action="close" policyid=1 service="HTTPS" duration=12 sentbyte=1834 rcvdbyte=9040')],
  [800, fg('logid="0001000014" type="traffic" subtype="local" level="notice" vd="root"', '$wanSrc $fwDst sessionid=$sid proto=6 action="deny" policyid=0 policytype="local-in-policy" service="TELNET"')],
  [450, fg('logid="0720018432" type="utm" subtype="anomaly" eventtype="anomaly" level="alert" vd="root"', '$wanSrc $fwDst sessionid=0 action="detected" proto=6 count=0 attack="tcp_port_scan" attackid=100663397 policytype="DoS-policy" msg="anomaly: tcp_port_scan, 1001 > threshold 1000"')],
  [60, fg('logid="0720018432" type="utm" subtype="anomaly" eventtype="anomaly" level="alert" vd="root"', '$wanSrc $fwDst sessionid=0 action="detected" proto=6 count=1903 attack="tcp_syn_flood" msg="anomaly: tcp_syn_flood, 2001 > threshold 2000"')],
  [80, fg('logid="0419016384" type="utm" subtype="ips" eventtype="signature" level="alert" vd="root" severity="high"', '$wanSrc dstip=192.168.1.16 dstport=443 action="dropped" proto=6 attack="$ipsAttack" attackid=37088')],
  [150, fg('logid="0316013056" type="utm" subtype="webfilter" eventtype="ftgd_blk" level="warning" vd="root"', '$lan $wanDst proto=6 hostname="bad.example.net" action="blocked" url="/login" cat=26 catdesc="$cat"')],
  [30, fg('logid="0211008192" type="utm" subtype="virus" eventtype="infected" level="warning" vd="root"', '$wanSrc dstip=192.168.1.88 dstport=64982 action="blocked" proto=6 filename="invoice.exe" virus="EICAR_TEST_FILE" dtype="Virus"')],
  [8, fg('logid="0422016400" type="utm" subtype="ips" eventtype="botnet" level="warning" vd="root"', '$lan $wanDst action="dropped" proto=6 attack="Botnet.Generic" attackid=7630075')],
  [20, fg('logid="0100040704" type="event" subtype="system" level="notice" vd="root"', 'logdesc="System performance statistics" action="perf-stats" cpu=$cpu mem=$cpu totalsession=2300 setuprate=12')],
  [200, fg('logid="0100032001" type="event" subtype="system" level="information" vd="root"', 'logdesc="Admin login successful" user="admin" ui="https(192.168.1.10)" action="login" status="success" msg="Administrator admin logged in successfully"')],
];

const broken: Gen = (r, t) => sw(82, 32, 'Possible port scan detected', 'src=$scanner dst=$fw')(r, t).slice(0, 60 + int(r, 80)) + ' note="cut';

export interface GenStats {
  lines: number;
  bytes: number;
}

/** Writes `lines` lines to `path`; returns the byte count. */
export function generateLogs(path: string, lines: number, seed = 1): GenStats {
  const r = prng(seed);
  const total = mix.reduce((a, [w]) => a + w, 0);
  const cumulative = mix.map(([w], i) => mix.slice(0, i + 1).reduce((a, [x]) => a + x, 0) / total);
  cumulative[cumulative.length - 1] = 1;
  const fd = openSync(path, 'w');
  let t = Date.UTC(2024, 4, 13, 0, 0, 0);
  let bytes = 0;
  let batch: string[] = [];
  for (let i = 0; i < lines; i++) {
    t += int(r, 60);
    const x = r();
    let k = 0;
    while (cumulative[k]! < x) k++;
    batch.push(r() < 0.0005 ? broken(r, t) : mix[k]![1](r, t));
    if (batch.length === 10_000 || i === lines - 1) {
      const text = batch.join('\n') + '\n';
      bytes += writeSync(fd, text);
      batch = [];
    }
  }
  closeSync(fd);
  return { lines, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [out, n = '1000000', seed = '1'] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node --import tsx bench/gen-logs.ts OUT_FILE [LINES] [SEED]');
    process.exit(2);
  }
  const s = generateLogs(out, Number(n), Number(seed));
  console.log(`${out}: ${s.lines} lines, ${(s.bytes / 1e6).toFixed(1)} MB (${Math.round(s.bytes / s.lines)} bytes a line)`);
}
