import { Worker } from 'node:worker_threads';
import type { Deps } from '../../../platform/deps.ts';
import { bus } from '../../../platform/events/bus.ts';
import type { ProcessorOptions, ProcessorStats } from './processor.ts';
import type { FromWorker, ToWorker } from './processor.worker.ts';

/** Runs an IngestProcessor in a worker thread and relays pokes and change notices to it. */
export class ProcessorThread {
  stats: ProcessorStats = { lines: 0, batches: 0, deadLetters: 0, unassigned: 0, suppressed: 0, alertsRaised: 0 };
  private readonly worker: Worker;
  private readonly relays: [keyof import('../../../platform/events/bus.ts').BusEvents, () => void][];

  private constructor(deps: Pick<Deps, 'config' | 'logger'>, opts: ProcessorOptions) {
    this.worker = new Worker(new URL('./processor.worker.mjs', import.meta.url), {
      workerData: { config: deps.config, options: opts },
    });
    this.worker.on('message', (m: FromWorker) => {
      if (m.type === 'stats') this.stats = m.stats;
      if (m.type === 'error') deps.logger.error({ err: m.message }, 'ingest worker failed to start');
    });
    this.worker.on('error', (err) => deps.logger.error({ err: err.message }, 'ingest worker crashed'));
    this.relays = (['devices.changed', 'suppressions.changed'] as const).map((type) => {
      const f = () => this.post({ type });
      bus.on(type, f);
      return [type, f];
    });
  }

  static async start(deps: Pick<Deps, 'config' | 'logger'>, opts: ProcessorOptions): Promise<ProcessorThread> {
    const t = new ProcessorThread(deps, opts);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromWorker) => {
        if (m.type === 'started') (t.worker.off('message', onMessage), resolve());
        if (m.type === 'error') reject(new Error(m.message));
      };
      t.worker.on('message', onMessage);
      t.worker.once('error', reject);
    });
    return t;
  }

  private post(m: ToWorker) {
    this.worker.postMessage(m);
  }

  poke(): void {
    this.post({ type: 'poke' });
  }

  async stop(): Promise<void> {
    for (const [type, f] of this.relays) bus.off(type, f);
    const done = new Promise<void>((resolve) => {
      this.worker.on('message', (m: FromWorker) => m.type === 'stopped' && resolve());
      this.worker.once('exit', () => resolve());
    });
    this.post({ type: 'stop' });
    await done;
    await this.worker.terminate();
  }
}
