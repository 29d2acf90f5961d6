/**
 * The ingest processor in a worker thread: parsing and database writes run on the second core, so
 * the receivers' event loop (and the spool's fsync timer) never waits behind a batch.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import type { Config } from '../../../platform/config/config.ts';
import { createDeps, closeDeps } from '../../../platform/context.ts';
import { bus } from '../../../platform/events/bus.ts';
import { IngestProcessor, type ProcessorOptions } from './processor.ts';

export type ToWorker = { type: 'poke' } | { type: 'devices.changed' } | { type: 'suppressions.changed' } | { type: 'stop' };
export type FromWorker = { type: 'started' } | { type: 'stats'; stats: IngestProcessor['stats'] } | { type: 'stopped' } | { type: 'error'; message: string };

const { config, options } = workerData as { config: Config; options: ProcessorOptions };
const port = parentPort!;
const deps = await createDeps({ config, migrate: false, logger: pino({ level: config.logLevel, base: { app: 'otasuke', thread: 'ingest' } }) });
// SQLite (the file openDb opens): WAL checkpoints run in a thread of their own, off the batches' path.
const sqliteFile = deps.db.engine !== 'sqlite' ? undefined : config.databaseUrl?.startsWith('sqlite:') ? config.databaseUrl.slice('sqlite:'.length) : path.join(config.dataDir, 'otasuke.db');
const processor = new IngestProcessor(deps, { ...options, ...(sqliteFile && sqliteFile !== ':memory:' ? { walCheckpointFile: sqliteFile } : {}) });
try {
  await processor.start();
  port.postMessage({ type: 'started' } satisfies FromWorker);
} catch (e) {
  port.postMessage({ type: 'error', message: (e as Error).message } satisfies FromWorker);
}
const statsTimer = setInterval(() => port.postMessage({ type: 'stats', stats: processor.stats } satisfies FromWorker), 1000);
port.on('message', async (m: ToWorker) => {
  if (m.type === 'poke') processor.poke();
  else if (m.type === 'devices.changed') bus.emit('devices.changed');
  else if (m.type === 'suppressions.changed') bus.emit('suppressions.changed');
  else if (m.type === 'stop') {
    clearInterval(statsTimer);
    await processor.stop();
    await closeDeps(deps);
    port.postMessage({ type: 'stopped' } satisfies FromWorker);
    port.close();
  }
});
