import http from 'node:http';

/** One request of the mix; `check` (run on a sample of responses) returns a problem or undefined. */
export interface LoadRequest {
  path: string;
  /** Label for the per-kind breakdown (e.g. "plain", "filter", "search"). */
  kind: string;
  check?: (body: string) => string | undefined;
}

export interface LoadOptions {
  port: number;
  host?: string;
  headers?: Record<string, string>;
  /** Number of client loops, each waiting for its answer before sending the next request. */
  concurrency: number;
  durationMs: number;
  /** Builds the next request; `n` counts requests across all loops. */
  next: (n: number) => LoadRequest;
  /** Check every n-th response with its `check` (1 = all; 0 = none). */
  checkEvery?: number;
  timeoutMs?: number;
  agent?: http.Agent;
}

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  requests: number;
  /** Non-200 answers, network errors, timeouts and failed checks. */
  errors: number;
  errorSamples: string[];
  checked: number;
  elapsedMs: number;
  reqPerSec: number;
  latency: Summary;
  byKind: Record<string, Summary & { errors: number }>;
  /** CPU time of this (client) process during the run, ms. */
  clientCpuMs: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(values: number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

interface Outcome {
  status: number;
  body: string;
  error?: string;
}

function send(opts: LoadOptions, agent: http.Agent, path: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: opts.host ?? '127.0.0.1', port: opts.port, path, method: 'GET', agent, headers: { accept: 'application/json', ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => resolve({ status: 0, body: '', error: e.message }));
      },
    );
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, body: '', error: e.message }));
    req.end();
  });
}

/**
 * Runs `concurrency` closed-loop clients over keep-alive connections for `durationMs` and measures
 * each request from send to the last byte of the answer with process.hrtime.bigint().
 * Requests in flight at the deadline are completed and counted.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = opts.agent ?? keepAliveAgent(opts.concurrency);
  const latencies: number[] = [];
  const kinds = new Map<string, { lat: number[]; errors: number }>();
  const errorSamples: string[] = [];
  let errors = 0;
  let checked = 0;
  let n = 0;
  const checkEvery = opts.checkEvery ?? 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const deadline = t0 + BigInt(Math.round(opts.durationMs * 1e6));

  const fail = (msg: string) => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(msg);
  };

  const loop = async () => {
    while (process.hrtime.bigint() < deadline) {
      const i = n++;
      const r = opts.next(i);
      const start = process.hrtime.bigint();
      const out = await send(opts, agent, r.path);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      latencies.push(ms);
      let k = kinds.get(r.kind);
      if (!k) kinds.set(r.kind, (k = { lat: [], errors: 0 }));
      k.lat.push(ms);
      if (out.error || out.status !== 200) {
        k.errors++;
        fail(`${r.path} → ${out.error ?? `HTTP ${out.status} ${out.body.slice(0, 200)}`}`);
        continue;
      }
      if (checkEvery > 0 && r.check && i % checkEvery === 0) {
        checked++;
        const problem = r.check(out.body);
        if (problem) {
          k.errors++;
          fail(`${r.path} → wrong answer: ${problem}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  if (!opts.agent) agent.destroy();

  const byKind: LoadResult['byKind'] = {};
  for (const [kind, v] of [...kinds].sort(([a], [b]) => a.localeCompare(b))) byKind[kind] = { ...summarize(v.lat), errors: v.errors };
  return {
    requests: latencies.length,
    errors,
    errorSamples,
    checked,
    elapsedMs,
    reqPerSec: latencies.length / (elapsedMs / 1000),
    latency: summarize(latencies),
    byKind,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  };
}
