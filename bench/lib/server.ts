import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { onCleanup, onExitSync } from './cleanup.ts';
import { cleanEnv, freePort, repoRoot } from './env.ts';
import { processStatusMb, processTree, processTreeCpuMs } from './procs.ts';

export interface ServerOptions {
  dataDir: string;
  /** PostgreSQL URL; without it the server uses SQLite in dataDir. */
  databaseUrl?: string;
  role?: 'api' | 'all';
  /** Extra environment (OTASUKE_*). */
  env?: Record<string, string>;
  /** How long to wait for /api/v1/health (the first run may build the web app first). */
  startTimeoutMs?: number;
  /**
   * Checkout whose bin/otasuke.mjs to run (default: this repository, or BENCH_SERVER_ROOT) — to
   * compare a branch with a fix against the same data and load.
   */
  root?: string;
}

export interface RunningServer {
  pid: number;
  port: number;
  baseUrl: string;
  sessionSecret: string;
  /** Last lines the server printed (for error messages). */
  output(): string;
  /** CPU time used so far by the server process and its HTTP workers, in ms (user + system). */
  cpuMs(): number;
  /** Peak resident set size so far (VmHWM; summed over the server and its HTTP workers), in MB. */
  peakRssMb(): number;
  /** Current resident set size (VmRSS), in MB. */
  rssMb(): number;
  /** SIGTERM (graceful shutdown), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `node bin/otasuke.mjs serve` as a separate process on 127.0.0.1 and a free port, waits
 * for GET /api/v1/health, and returns a handle. The process is killed at the end even on errors.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const sessionSecret = randomBytes(36).toString('base64url');
  const env = cleanEnv({
    OTASUKE_HOST: '127.0.0.1',
    OTASUKE_LOG_LEVEL: 'warn',
    OTASUKE_SESSION_SECRET: sessionSecret,
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...opts.env,
    // BENCH_SERVER_ENV="OTASUKE_DB_POOL_SIZE=20,OTASUKE_…=…" tries a server setting without editing a benchmark.
    ...Object.fromEntries((process.env.BENCH_SERVER_ENV ?? '').split(',').filter((kv) => kv.includes('=')).map((kv) => [kv.slice(0, kv.indexOf('=')).trim(), kv.slice(kv.indexOf('=') + 1)])),
  });
  const root = path.resolve(opts.root ?? (process.env.BENCH_SERVER_ROOT || repoRoot));
  const args = [path.join(root, 'bin/otasuke.mjs'), 'serve', '--port', String(port), '--data', opts.dataDir, '--role', opts.role ?? 'api'];
  // BENCH_CPU_PROF=DIR writes a V8 CPU profile of the server (and of each HTTP worker) into DIR at exit.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : [];
  const child: ChildProcess = spawn(process.execPath, [...prof, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(l);
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  const killNow = () => {
    if (!exited && child.pid) child.kill('SIGKILL');
  };
  const unExit = onExitSync(killNow);
  const pid = child.pid!;

  const stop = async (graceMs = 5000) => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(killNow, graceMs);
      await exitPromise;
      clearTimeout(timer);
    }
    unExit();
    unCleanup();
  };
  const unCleanup = onCleanup(`stop server pid ${pid}`, () => stop(3000));
  const output = () => lines.join('\n');

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 180_000);
  try {
    for (;;) {
      if (exited) throw new Error(`the server exited during start (code ${exited.code}, signal ${exited.signal})`);
      if (Date.now() > deadline) throw new Error('the server did not answer /api/v1/health in time');
      const ok = await healthOk(port);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    await stop(2000);
    throw new Error(`${(e as Error).message}\n--- server output ---\n${output()}\n---`);
  }

  return {
    pid,
    port,
    baseUrl,
    sessionSecret,
    output,
    // With OTASUKE_API_WORKERS > 1 the HTTP workers are child processes: count them with the server.
    cpuMs: () => processTreeCpuMs(pid),
    peakRssMb: () => processTree(pid).reduce((sum, p) => sum + (processStatusMb(p, 'VmHWM') || 0), 0),
    rssMb: () => processTree(pid).reduce((sum, p) => sum + (processStatusMb(p, 'VmRSS') || 0), 0),
    stop,
  };
}

function healthOk(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/health', timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

export interface JsonResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** One plain request (for set-up steps, not for measuring). */
export function requestJson(baseUrl: string, method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const u = new URL(urlPath, baseUrl);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        timeout: 30_000,
        headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Logs in once with POST /api/v1/session and returns the `otasuke_session=…` cookie pair. */
export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const r = await requestJson(baseUrl, 'POST', '/api/v1/session', { email, password });
  if (r.status !== 200) throw new Error(`login failed: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  const setCookie = r.headers['set-cookie'] ?? [];
  const pair = setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('otasuke_session='));
  if (!pair) throw new Error('login answered 200 but set no otasuke_session cookie');
  return pair;
}
