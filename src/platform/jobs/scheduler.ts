import type { Logger } from 'pino';

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * A small in-process scheduler for the `worker` role: each job runs on its interval, never twice at
 * once, and a failure is logged, not fatal. Jobs must be bounded (they get a batch, not "everything").
 */
export function startScheduler(jobs: Job[], logger: Pick<Logger, 'info' | 'error'>): () => Promise<void> {
  const running = new Map<string, Promise<unknown>>();
  const timers = jobs.map((job) => {
    const tick = () => {
      if (running.has(job.name)) return;
      const p = job
        .run()
        .then((result) => {
          if (result) logger.info({ job: job.name, result }, 'job finished');
        })
        .catch((err: Error) => logger.error({ job: job.name, err: err.message }, 'job failed'))
        .finally(() => running.delete(job.name));
      running.set(job.name, p);
    };
    setTimeout(tick, 1000).unref();
    return setInterval(tick, job.everyMs).unref();
  });
  return async () => {
    timers.forEach(clearInterval);
    await Promise.allSettled(running.values());
  };
}
