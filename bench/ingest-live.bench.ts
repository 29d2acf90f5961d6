/**
 * Live ingest: syslog over TCP and UDP on loopback into the real server (`serve --role all`, a
 * separate process) with rollups, detections and alerts on, on SQLite and PostgreSQL.
 * Reports sustained lines/s over TCP (zero loss expected: every sent line must be counted), UDP
 * loss at the same offered rate, alert latency (line sent → alert visible in GET /api/v1/alerts,
 * p50/p99), and server peak RSS. Settings: BENCH_INGEST_SECONDS (60), BENCH_INGEST_RATE (100000),
 * BENCH_ENGINES (sqlite,postgres).
 */
import net from 'node:net';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDeps } from '../src/platform/context.ts';
import { systemActor } from '../src/platform/auth/roles.ts';
import { createCompany } from '../src/modules/companies/createCompany.ts';
import { registerDevice } from '../src/modules/devices/registerDevice.ts';
import { runCleanup } from './lib/cleanup.ts';
import { benchDataSet } from './lib/dataset.ts';
import { envNumber, freePort, machineInfo } from './lib/env.ts';
import { fmt, printJsonLine, table, writeLatest } from './lib/report.ts';
import { machineCpuMs, pgBackendCpu, pgCpuDelta } from './lib/procs.ts';
import { login, requestJson, startServer } from './lib/server.ts';
import { createProgramAdmin } from './lib/seed-companies.ts';
import { generateLogs } from './gen-logs.ts';

const BENCH = 'ingest-live';
const SECONDS = envNumber('BENCH_INGEST_SECONDS', 60);
const RATE = envNumber('BENCH_INGEST_RATE', 100_000);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as ('sqlite' | 'postgres')[];
const SW = (d: number) => `0017C5${(0xa10000 + d).toString(16).toUpperCase()}`;
const FG = (d: number) => `FGT60FTK21${String(d).padStart(6, '0')}`;

function pct(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : NaN;
}

/** Sends `lines` (cycled) over one TCP connection at `rate` lines/s for `seconds`; returns how many were written. */
async function sendTcpAt(port: number, lines: Buffer[], rate: number, seconds: number, onTick?: (sent: number) => void): Promise<number> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise<void>((r, j) => (sock.once('connect', r), sock.once('error', j)));
  const start = performance.now();
  let sent = 0;
  let i = 0;
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    if (due > sent) {
      const n = Math.min(due - sent, 20_000);
      const parts: Buffer[] = [];
      for (let k = 0; k < n; k++) parts.push(lines[i++ % lines.length]!);
      if (!sock.write(Buffer.concat(parts))) await new Promise((r) => sock.once('drain', r));
      sent += n;
      onTick?.(sent);
    } else {
      // Nothing due: wait for the next few milliseconds' lines instead of spinning (the server
      // shares this machine's cores with the load generator).
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  await new Promise<void>((r) => sock.end(r));
  return sent;
}

async function sendUdpAt(port: number, lines: Buffer[], rate: number, seconds: number): Promise<number> {
  const s = dgram.createSocket('udp4');
  const start = performance.now();
  let sent = 0;
  let i = 0;
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < due) {
      s.send(lines[i++ % lines.length]!, port, '127.0.0.1');
      sent++;
      if ((sent & 1023) === 0) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await new Promise((r) => setTimeout(r, 200));
  s.close();
  return sent;
}

async function runEngine(engine: 'sqlite' | 'postgres', sample: Buffer[]) {
  const ds = await benchDataSet(engine, 'ingest');
  const pgdb = ds.pg;
  const deps = await ds.openDeps();
  const companyIds: string[] = [];
  for (let d = 0; d < 40; d++) {
    const c = await createCompany(deps, { actor: systemActor }, { name: `ベンチ企業${d}`, industry: 'manufacturing', employeesBand: '21-50' });
    companyIds.push(c.id);
    await registerDevice(deps, { actor: systemActor }, c.id, { vendor: 'sonicwall', identity: SW(d), lanCidrs: ['192.168.0.0/16', '10.0.0.0/8'] });
    await registerDevice(deps, { actor: systemActor }, c.id, { vendor: 'fortigate', identity: FG(d), lanCidrs: ['192.168.0.0/16', '10.0.0.0/8'] });
  }
  const admin = await createProgramAdmin(deps, 'bench-password-123');
  const counted = async () => Number((await deps.db.kysely.selectFrom('device_daily_stats').select((eb) => eb.fn.sum<number>('lines').as('n')).executeTakeFirst())?.n ?? 0);

  const syslogPort = await freePort();
  const server = await startServer({ ...ds.location, role: 'all', env: { OTASUKE_SYSLOG_PORT: String(syslogPort), OTASUKE_SYSLOG_HOST: '127.0.0.1' } });
  const cookie = await login(server.baseUrl, admin.email, admin.password);
  try {
    // 1. TCP at the target rate, with botnet probes for alert latency.
    const latencies: number[] = [];
    const probes: Promise<void>[] = [];
    let probeNo = 0;
    let lastProbe = 0;
    const t0 = performance.now();
    // CPU over the TCP phase (sending and draining): the server, this process (load and probes),
    // PostgreSQL's backends, and everything else on the machine (other jobs make the figures noisy).
    const cpu0 = { server: server.cpuMs(), self: process.cpuUsage(), machine: machineCpuMs(), pg: pgdb ? pgBackendCpu(pgdb.name) : undefined };
    const sentTcp = await sendTcpAt(syslogPort, sample, RATE, SECONDS, () => {
      const now = performance.now();
      if (now - lastProbe < 1000) return;
      lastProbe = now;
      const host = `10.77.${Math.floor(probeNo / 250)}.${(probeNo % 250) + 1}`;
      probeNo++;
      const jst = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
      const probe = `<129>id=firewall sn=${SW(0)} time="${jst}" fw=203.0.113.10 pri=1 c=32 m=1201 msg="Suspected Botnet responder blocked" src=${host}:51000:X0 dst=203.0.113.66:443:X1 srcMac=f0:18:98:aa:bb:cc proto=tcp/https`;
      const sentAt = performance.now();
      const ps = net.connect(syslogPort, '127.0.0.1', () => ps.end(`${probe}\n`));
      probes.push(
        (async () => {
          for (;;) {
            const r = await requestJson(server.baseUrl, 'GET', `/api/v1/alerts?companyId=${companyIds[0]}&category=c2.botnet.outbound&pageSize=200`, undefined, { cookie });
            const items = (r.body as { items?: { hostIp: string }[] }).items ?? [];
            if (items.some((a) => a.hostIp === host)) {
              latencies.push(performance.now() - sentAt);
              return;
            }
            if (performance.now() - sentAt > 30_000) return;
            await new Promise((res) => setTimeout(res, 50));
          }
        })(),
      );
    });
    const expected = sentTcp + probeNo;
    const deadline = Date.now() + 600_000;
    let n = 0;
    while ((n = await counted()) < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const tcpSeconds = (performance.now() - t0) / 1000;
    const serverCpuMs = server.cpuMs() - cpu0.server;
    const self = process.cpuUsage(cpu0.self);
    const selfCpuMs = (self.user + self.system) / 1000;
    const pgCpuMs = pgdb && cpu0.pg ? pgCpuDelta(cpu0.pg, pgBackendCpu(pgdb.name)) : 0;
    const machineBusyMs = machineCpuMs().busy - cpu0.machine.busy;
    await Promise.all(probes);
    latencies.sort((a, b) => a - b);

    // 2. UDP at the same offered rate for a shorter run: loss is what the kernel or we dropped.
    const udpSeconds = Math.min(SECONDS, 20);
    const before = await counted();
    const sentUdp = await sendUdpAt(syslogPort, sample, RATE, udpSeconds);
    let settled = before;
    for (let last = -1; settled !== last; ) {
      last = settled;
      await new Promise((r) => setTimeout(r, 1500));
      settled = await counted();
    }
    const gotUdp = settled - before;
    const result = {
      bench: BENCH,
      engine,
      offeredRate: RATE,
      seconds: SECONDS,
      tcpSent: sentTcp,
      tcpCounted: n - probeNo,
      tcpLost: Math.max(0, expected - n),
      tcpLinesPerSec: Math.round(n / tcpSeconds),
      tcpDrainSeconds: Math.round((tcpSeconds - SECONDS) * 10) / 10,
      udpSent: sentUdp,
      udpCounted: gotUdp,
      udpLossPct: Math.round(((sentUdp - gotUdp) / sentUdp) * 10_000) / 100,
      alertProbes: probeNo,
      alertsSeen: latencies.length,
      alertP50Ms: Math.round(pct(latencies, 50)),
      alertP99Ms: Math.round(pct(latencies, 99)),
      serverPeakRssMb: Math.round(server.peakRssMb()),
      // CPU per line counted over TCP, in µs, and the share of the machine (2 cores = 200 %) others used.
      serverCpuUsPerLine: Math.round((serverCpuMs * 1000 * 10) / n) / 10,
      pgCpuUsPerLine: Math.round((pgCpuMs * 1000 * 10) / n) / 10,
      loadCpuUsPerLine: Math.round((selfCpuMs * 1000 * 10) / n) / 10,
      otherCpuPct: Math.max(0, Math.round(((machineBusyMs - serverCpuMs - selfCpuMs - pgCpuMs) / (tcpSeconds * 1000)) * 100)),
    };
    return result;
  } finally {
    await server.stop();
    await closeDeps(deps);
    await ds.remove();
  }
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'otasuke-bench-lines-'));
  const file = path.join(dir, 'sample.log');
  generateLogs(file, 200_000, 7);
  const sample = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => Buffer.from(`${l}\n`));
  console.log(`live ingest: ${fmt(RATE)} lines/s offered for ${SECONDS} s over TCP (then ${Math.min(SECONDS, 20)} s over UDP), 80 devices in 40 companies; ${JSON.stringify(machineInfo())}`);
  const results = [];
  for (const engine of ENGINES) {
    const r = await runEngine(engine, sample);
    results.push(r);
    printJsonLine(r);
  }
  console.log(table(
    ['engine', 'TCP lines/s', 'TCP lost', 'drain s', 'UDP loss %', 'alert p50 ms', 'alert p99 ms', 'RSS MB', 'CPU µs/line server/PG/load', 'other CPU %'],
    results.map((r) => [r.engine, r.tcpLinesPerSec, r.tcpLost, r.tcpDrainSeconds, r.udpLossPct, r.alertP50Ms, r.alertP99Ms, r.serverPeakRssMb, `${r.serverCpuUsPerLine}/${r.pgCpuUsPerLine}/${r.loadCpuUsPerLine}`, r.otherCpuPct]),
  ));
  const noisy = results.filter((r) => r.otherCpuPct > 20);
  if (noisy.length) console.log(`warning: other work was running on this machine (${noisy.map((r) => `${r.engine}: ${r.otherCpuPct} % CPU`).join('; ')}): lines/s are lower than on a quiet machine; compare CPU µs/line`);
  console.log(`targets: ≥ 100,000 lines/s sustained, zero TCP loss, alert visible < 2,000 ms (p99)`);
  writeLatest(BENCH, results);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => runCleanup());
