import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Deps } from '../../platform/deps.ts';
import { SpoolWriter } from './spool/spool.ts';
import { IngestProcessor } from './pipeline/processor.ts';
import { ProcessorThread } from './pipeline/processor-thread.ts';
import { startSyslogReceivers, type RunningReceivers } from './receivers/syslog-servers.ts';

/** Receivers → spool → processor, as one unit the `ingest` (and `all`) role runs. */
export interface IngestService {
  spool: SpoolWriter;
  /** In-thread processor (tests, imports); absent when it runs in a worker thread. */
  processor: IngestProcessor;
  /** Wakes the processor wherever it runs. */
  poke(): void;
  /** The worker thread running the processor, when `worker: true`. */
  thread?: ProcessorThread;
  receivers?: RunningReceivers;
  stop(): Promise<void>;
}

export interface IngestServiceOptions {
  /** Start the syslog listeners (off when only HTTP bulk ingest is wanted, e.g. in API tests). */
  listen?: boolean;
  /** Override the configured ports (tests use 0 for free ports). */
  ports?: { port: number; tlsPort?: number };
  spoolName?: string;
  /** Run parsing and database writes in a worker thread (what `serve` does). */
  worker?: boolean;
}

export async function startIngest(deps: Deps, o: IngestServiceOptions = {}): Promise<IngestService> {
  const spoolDir = path.join(deps.config.dataDir, 'spool', o.spoolName ?? 'server');
  const popts = { spoolDir, stream: o.spoolName ?? 'server' };
  const thread = o.worker ? await ProcessorThread.start(deps, popts) : undefined;
  const processor = new IngestProcessor(deps, popts);
  if (!thread) await processor.start();
  const poke = () => (thread ? thread.poke() : processor.poke());
  // The processor reads the spool files: wake it when records reached the file, not on every read.
  const spool = new SpoolWriter(spoolDir, { onWritten: poke });
  let receivers: RunningReceivers | undefined;
  if (o.listen !== false) {
    const s = deps.config.syslog;
    const hasTls = Boolean(s.tlsCert && s.tlsKey);
    receivers = await startSyslogReceivers(spool, {
      host: s.host,
      port: o.ports?.port ?? s.port,
      ...(hasTls ? { tlsPort: o.ports?.tlsPort ?? s.tlsPort, tlsCert: readFileSync(s.tlsCert!), tlsKey: readFileSync(s.tlsKey!) } : {}),
      maxFrameBytes: s.maxFrameBytes,
      idleTimeoutMs: s.idleTimeoutSeconds * 1000,
      logger: deps.logger,
    });
    deps.logger.info({ udp: receivers.udpPort, tcp: receivers.tcpPort, tls: receivers.tlsPort ?? null }, 'syslog receivers listening');
  }
  return {
    spool,
    processor,
    poke,
    ...(thread ? { thread } : {}),
    receivers,
    async stop() {
      await receivers?.close();
      spool.close();
      if (thread) await thread.stop();
      // Also in worker mode: the unused in-thread processor still holds change listeners.
      await processor.stop();
    },
  };
}
