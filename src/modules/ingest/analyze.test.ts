import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Analyzer, analyzeFiles, reportOf } from './analyze.ts';
import { forEachLine } from './parsing/line-reader.ts';
import { formatSummary } from '../../cli/analyze.command.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const hasOui = (() => {
  try {
    createRequire(import.meta.url).resolve('oui-data');
    return true;
  } catch {
    return false;
  }
})();

const SW = '0017C5D4E5F6';
const FG = 'FGT60FTK2399ABCD';
const sw = (time: string, m: number, rest: string) => `<129>id=firewall sn=${SW} time="${time}" fw=203.0.113.20 pri=1 c=32 m=${m} ${rest}`;
const log = [
  // internal scans from one PC: one alert, count 3
  sw('2024-05-13 10:00:00', 82, 'msg="Possible port scan detected" src=192.168.10.23:51514:X0 dst=192.168.10.5:445:X0'),
  sw('2024-05-13 10:05:00', 83, 'msg="Probable port scan detected" src=192.168.10.23:51515:X0 dst=192.168.10.6:445:X0'),
  sw('2024-05-13 09:55:00', 267, 'msg="TCP Xmas Tree dropped" src=192.168.10.23:51516:X0 dst=142.250.0.10:443:X1'),
  // a botnet responder from another PC, whose MAC is only on a connection line
  sw('2024-05-13 11:00:00', 1201, 'msg="Suspected Botnet responder blocked: Responder IP:203.0.113.66" src=192.168.10.45:51000:X0 dst=203.0.113.66:443:X1'),
  sw('2024-05-13 11:01:00', 537, 'msg="Connection Closed" src=192.168.10.45:51001:X0 srcMac=F0:18:98:01:02:03 dst=198.51.100.1:443:X1'),
  '',
  '   ',
  // inbound noise
  sw('2024-05-13 12:00:00', 82, 'msg="Possible port scan detected" src=198.51.100.70:443:X1 dst=203.0.113.20:35001:X1'),
  sw('2024-05-13 12:01:00', 82, 'msg="Possible port scan detected" src=198.51.100.71:443:X1 dst=203.0.113.20:35002:X1'),
  // FortiGate botnet from a LAN host that carries its own MAC
  `<188>date=2024-05-14 time=14:01:02 devid="${FG}" eventtime=1715662862 tz="+0900" type="utm" subtype="ips" eventtype="botnet" srcip=192.168.1.45 srcmac="00:53:00:aa:bb:cc" dstip=203.0.113.66 srcintfrole="lan" action="dropped" attack="Botnet.Generic"`,
  `<189>date=2024-05-14 time=14:02:00 devid="${FG}" eventtime=1715662920 tz="+0900" type="traffic" subtype="forward" srcip=192.168.1.2 dstip=198.51.100.9 action="close"`,
  // Yamaha: identity from the relay header's host
  '<13>1 2024-05-13T01:10:45Z 203.0.113.9 - - - - <13>PP[01] Rejected at IN(1) filter: TCP 198.51.100.7:1 > 203.0.113.9:23',
  // dead letters
  sw('2024-05-13 12:02:00', 82, 'msg="cut off'),
  'complete garbage',
];

describe('otasuke analyze', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'otasuke-analyze-'));
    writeFileSync(path.join(dir, 'mixed.log'), log.join('\n') + '\n');
    writeFileSync(path.join(dir, 'mixed.log.gz'), gzipSync(log.join('\r\n')));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts lines, devices and categories, and groups the default alerts', async () => {
    const r = await analyzeFiles([path.join(dir, 'mixed.log')]);
    const report = reportOf(r);
    assert.deepEqual(Object.keys(report), ['lines', 'parsed', 'deadLetter', 'devices', 'alerts']);
    assert.deepEqual([report.lines, report.parsed, report.deadLetter], [12, 10, 2]);
    assert.deepEqual(report.devices, [
      { device: '0017C5D4E5F6', vendor: 'sonicwall', categories: { 'scan.inbound.possible': 2, 'scan.internal': 3, 'c2.botnet.outbound': 1 } },
      { device: '203.0.113.9', vendor: 'yamaha', categories: { 'scan.inbound.possible': 1 } },
      { device: 'FGT60FTK2399ABCD', vendor: 'fortigate', categories: { 'c2.botnet.outbound': 1 } },
    ]);
    assert.deepEqual(report.alerts, [
      { device: SW, category: 'c2.botnet.outbound', host: '192.168.10.45', mac: 'f0:18:98:01:02:03', vendor: hasOui ? 'Apple, Inc.' : null, count: 1, first: '2024-05-13T02:00:00.000Z', last: '2024-05-13T02:00:00.000Z' },
      { device: SW, category: 'scan.internal', host: '192.168.10.23', mac: null, vendor: null, count: 3, first: '2024-05-13T00:55:00.000Z', last: '2024-05-13T01:05:00.000Z' },
      { device: FG, category: 'c2.botnet.outbound', host: '192.168.1.45', mac: '00:53:00:aa:bb:cc', vendor: null, count: 1, first: '2024-05-14T05:01:02.000Z', last: '2024-05-14T05:01:02.000Z' },
    ]);
    assert.deepEqual(r.deadLetterReasons, { unbalanced_quote: 1, unknown_format: 1 });
  });

  it('reads gzip with CRLF line ends the same way, and several files in one report', async () => {
    const gz = await analyzeFiles([path.join(dir, 'mixed.log.gz')]);
    const plain = await analyzeFiles([path.join(dir, 'mixed.log')]);
    assert.deepEqual(reportOf(gz), reportOf(plain));
    const both = reportOf(await analyzeFiles([path.join(dir, 'mixed.log'), path.join(dir, 'mixed.log.gz')]));
    assert.equal(both.lines, 24);
    assert.equal(both.alerts.find((a) => a.category === 'scan.internal')?.count, 6);
  });

  it('binds IP to MAC from Yamaha DHCP lines for alerts of other lines', async () => {
    const f = path.join(dir, 'dhcp.log');
    writeFileSync(f, ['<134>1 2024-05-13T01:00:00Z 203.0.113.9 - - - - [DHCPD] LAN1(port2) Allocates 192.168.100.7: F0:18:98:0A:0B:0C', '<14>1 2024-05-13T01:00:01Z 203.0.113.9 - - - - {"category":"c2.botnet.outbound","srcIp":"192.168.100.7","dstIp":"203.0.113.66"}'].join('\n'));
    const r = reportOf(await analyzeFiles([f]));
    assert.equal(r.alerts.length, 1);
    assert.equal(r.alerts[0]!.mac, 'f0:18:98:0a:0b:0c');
    assert.deepEqual(r.devices.map((d) => d.device), ['203.0.113.9'], 'without a serial, the relay header host is the device');
  });

  it('gives the same report whether lines are scanned from bytes (WebAssembly) or as strings', async () => {
    // Several MB, so lines straddle read chunks; tabs, escapes, Japanese text and broken lines.
    const extra = [
      sw('2024-05-13 10:00:00', 82, 'msg="ポートスキャン" src=192.168.10.23:51514:X0 dst=192.168.10.5:445:X0'),
      sw('2024-05-13 10:00:00', 1201, 'msg="say \\"hi\\" now" src=192.168.10.45:51000:X0 srcMac=f0:18:98:01:02:03 dst=203.0.113.66:443:X1'),
      sw('2024-05-13 10:00:00', 82, 'src=192.168.10.24:1:X0\tdst=192.168.10.5:445:X0 note="a\tb"'),
      `<188>date=2024-05-14 time=14:01:02 devid="${FG}" eventtime=1715662862 type="utm" subtype="anomaly" srcip=192.168.1.9 srcintfrole="lan" attack="tcp_port_scan" msg="C:\\dir\\"`,
    ];
    const lines: string[] = [];
    for (let i = 0; lines.length < 40_000; i++) {
      const base = [...log, ...extra][i % (log.length + extra.length)]!;
      lines.push(base.replace('51514', String(50_000 + (i % 997))).replace('192.168.10.23', `192.168.10.${i % 250}`));
    }
    const f = path.join(dir, 'big.log');
    writeFileSync(f, lines.join('\n'));
    const bytes = reportOf(await analyzeFiles([f]));
    const strings = new Analyzer();
    await forEachLine(f, { line: (s, a, b) => strings.line(s, a, b), tooLong: () => strings.tooLong() });
    assert.deepEqual(bytes, reportOf(await strings.result()));
    assert.ok(bytes.alerts.length > 100);
  });

  it('prints a readable summary', async () => {
    const text = formatSummary(await analyzeFiles([path.join(dir, 'mixed.log')]));
    assert.match(text, /12 lines — 10 parsed, 2 dead-letter/);
    assert.match(text, /内部からのスキャン/);
    assert.match(text, /unbalanced_quote\s+1/);
  });

  it('runs as a command: --json on a file and on stdin', () => {
    const script = "import { Command } from 'commander'; import { registerAnalyze } from './src/cli/analyze.command.ts'; const p = new Command('otasuke'); registerAnalyze(p); await p.parseAsync(process.argv.slice(1), { from: 'user' });";
    const run = (args: string[], input?: Buffer) => spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'analyze', ...args], { cwd: root, input, encoding: 'utf8' });
    const file = run(['--json', path.join(dir, 'mixed.log')]);
    assert.equal(file.status, 0, file.stderr);
    assert.equal(JSON.parse(file.stdout).lines, 12);
    const stdin = run(['--json', '-'], readFileSync(path.join(dir, 'mixed.log.gz')));
    assert.equal(stdin.status, 0, stdin.stderr);
    assert.deepEqual(JSON.parse(stdin.stdout), JSON.parse(file.stdout));
    const bad = run(['--timezone', 'Nowhere/Land', path.join(dir, 'mixed.log')]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /unknown time zone/);
  });

  it('runs through bin/otasuke.mjs (the prebuilt bundle) with the same report as in-process', async () => {
    const bin = (args: string[], input?: Buffer) => spawnSync(process.execPath, [path.join(root, 'bin/otasuke.mjs'), 'analyze', ...args], { cwd: root, input, encoding: 'utf8' });
    const expected = reportOf(await analyzeFiles([path.join(dir, 'mixed.log')]));
    const file = bin(['--json', path.join(dir, 'mixed.log')]);
    assert.equal(file.status, 0, file.stderr);
    assert.deepEqual(JSON.parse(file.stdout), expected);
    const stdin = bin(['--json', '-'], readFileSync(path.join(dir, 'mixed.log.gz')));
    assert.equal(stdin.status, 0, stdin.stderr);
    assert.deepEqual(JSON.parse(stdin.stdout), expected);
    const text = bin([path.join(dir, 'mixed.log')]);
    assert.equal(text.stdout, `${formatSummary(await analyzeFiles([path.join(dir, 'mixed.log')]))}\n`);
    const missing = bin(['--json', path.join(dir, 'nope.log')]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /ENOENT/);
  });

  it('rebuilds the bundle when a source changed and otherwise reuses it', async () => {
    const { buildBundle, freshBundle } = (await import(path.join(root, 'scripts/analyze-bundle.mjs'))) as { buildBundle: () => Promise<string>; freshBundle: () => string | null };
    const url = await buildBundle();
    assert.equal(freshBundle(), url);
    const manifest = path.join(root, 'node_modules/.cache/otasuke/analyze.inputs.json');
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { inputs: Record<string, string> };
    assert.ok(Object.keys(m.inputs).includes('src/modules/ingest/parsing/kv-scanner.ts'), 'the parsers are inputs of the bundle');
    // A source that no longer matches its recorded size/mtime makes the bundle stale.
    const first = Object.keys(m.inputs)[0]!;
    writeFileSync(manifest, JSON.stringify({ ...m, inputs: { ...m.inputs, [first]: '0:0' } }));
    assert.equal(freshBundle(), null);
    assert.equal(await buildBundle(), url);
    assert.equal(freshBundle(), url);
  });
});
