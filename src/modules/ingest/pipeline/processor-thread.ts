import { Worker } from 'node:worker_threads';
import type { Deps } from '../../../platform/deps.ts';
import { bus, type BusEvents } from '../../../platform/events/bus.ts';
import type { ProcessorOptions, ProcessorStats } from './processor.ts';
import type { FromWorker, ToWorker } from './processor.worker.ts';

/**
 * Runs an IngestProcessor in a worker thread and relays pokes and change notices to it. If the
 * worker dies, a new one starts after a second and resumes from the last committed checkpoint
 * (the spool still holds everything after it), so no line is lost.
 */
export class ProcessorThread {
  stats: ProcessorStats = { lines: 0, batches: 0, deadLetters: 0, unassigned: 0, suppressed: 0, alertsRaised: 0 };
  restarts = 0;
  private worker!: Worker;
  private stopping = false;
  private readonly relays: [keyof BusEvents, () => void][];

  private constructor(
    private readonly deps: Pick<Deps, 'config' | 'logger'>,
    private readonly opts: ProcessorOptions,
  ) {
    this.relays = (['devices.changed', 'suppressions.changed'] as const).map((type) => {
      const f = () => this.post({ type });
      bus.on(type, f);
      return [type, f];
    });
  }

  /** Starts a worker and resolves when its processor has loaded its checkpoint. */
  private spawn(): Promise<void> {
    const w = new Worker(new URL('./processor.worker.mjs', import.meta.url), { workerData: { config: this.deps.config, options: this.opts } });
    this.worker = w;
    w.on('message', (m: FromWorker) => {
      if (m.type === 'stats') this.stats = m.stats;
    });
    w.on('error', (err) => this.deps.logger.error({ err: err.message }, 'ingest worker crashed'));
    w.on('exit', (code) => {
      if (this.stopping || w !== this.worker) return;
      this.restarts++;
      this.deps.logger.error({ code, restarts: this.restarts }, 'ingest worker exited; starting a new one');
      setTimeout(() => {
        if (!this.stopping) this.spawn().catch((e: Error) => this.deps.logger.error({ err: e.message }, 'ingest worker failed to restart'));
      }, 1000).unref();
    });
    return new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromWorker) => {
        if (m.type === 'started') (w.off('message', onMessage), resolve());
        if (m.type === 'error') reject(new Error(m.message));
      };
      w.on('message', onMessage);
      w.once('error', reject);
    });
  }

  static async start(deps: Pick<Deps, 'config' | 'logger'>, opts: ProcessorOptions): Promise<ProcessorThread> {
    const t = new ProcessorThread(deps, opts);
    await t.spawn();
    return t;
  }

  private post(m: ToWorker) {
    this.worker.postMessage(m);
  }

  poke(): void {
    this.post({ type: 'poke' });
  }

  /** For tests: ends the worker abruptly, as a crash would. */
  async crashForTest(): Promise<void> {
    await this.worker.terminate();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const [type, f] of this.relays) bus.off(type, f);
    const w = this.worker;
    const done = new Promise<void>((resolve) => {
      w.on('message', (m: FromWorker) => m.type === 'stopped' && resolve());
      w.once('exit', () => resolve());
    });
    this.post({ type: 'stop' });
    await done;
    await w.terminate();
  }
}
