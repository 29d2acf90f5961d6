import type { FastifyInstance } from 'fastify';
import type { Deps } from '../platform/deps.ts';
import { startScheduler, type Job } from '../platform/jobs/scheduler.ts';
import { accountsRepository } from '../modules/accounts/accounts.repository.ts';
import { buildApp } from './app.ts';

export type Role = 'api' | 'ingest' | 'worker' | 'all';

export interface Running {
  app?: FastifyInstance;
  url?: string;
  stop(): Promise<void>;
}

function workerJobs(deps: Deps): Job[] {
  return [
    {
      name: 'purge-expired-sessions',
      everyMs: 10 * 60_000,
      run: async () => {
        const r = await accountsRepository(deps.db).purgeExpired(deps.clock.now().toISOString());
        return r.sessions || r.tokens ? r : undefined;
      },
    },
  ];
}

/**
 * Starts the parts of otasuke this process should run. `all` (the default) runs everything in one
 * process on the embedded database; in production, run several processes with one role each.
 */
export async function serve(deps: Deps, role: Role, port: number, host: string): Promise<Running> {
  const stops: (() => Promise<void>)[] = [];
  let app: FastifyInstance | undefined;
  let url: string | undefined;
  if (role === 'api' || role === 'all') {
    app = await buildApp(deps, { serveWeb: true });
    url = await app.listen({ port, host });
    stops.push(() => app!.close());
  }
  if (role === 'worker' || role === 'all') stops.push(startScheduler(workerJobs(deps), deps.logger));
  if (role === 'ingest') {
    deps.logger.warn('the ingest role has no receivers yet (syslog receivers arrive with the detection pipeline)');
  }
  return {
    app,
    url,
    stop: async () => {
      for (const s of stops.reverse()) await s();
    },
  };
}
