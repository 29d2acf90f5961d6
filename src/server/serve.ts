import type { FastifyInstance } from 'fastify';
import type { Deps } from '../platform/deps.ts';
import { startScheduler, type Job } from '../platform/jobs/scheduler.ts';
import { accountsRepository } from '../modules/accounts/accounts.repository.ts';
import { purgeExpiredDetections } from '../modules/ingest/retention.ts';
import { trimTopHosts } from '../modules/ingest/topHosts.ts';
import { checkSilentDevices } from '../modules/monitoring/silentDevices.ts';
import { buildApp } from './app.ts';
import { startIngest, type IngestService } from '../modules/ingest/ingest.service.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../modules/helpdesk/smtp-receiver.ts';
import { autoCasesFromAlerts } from '../modules/helpdesk/alertToCase.ts';
import { weeklyReportJob } from '../modules/reporting/weekly-send.ts';

export type Role = 'api' | 'ingest' | 'worker' | 'all';

export interface Running {
  app?: FastifyInstance;
  ingest?: IngestService;
  smtp?: SmtpReceiver;
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
    {
      name: 'purge-expired-detections',
      everyMs: 10 * 60_000,
      run: async () => {
        let total = 0;
        // Bounded: at most 20 rounds of 5,000 rows per run; the next run continues.
        for (let i = 0; i < 20; i++) {
          const { deleted } = await purgeExpiredDetections(deps, deps.config.detectionRetentionDays);
          total += deleted;
          if (deleted === 0) break;
        }
        return total ? { deleted: total } : undefined;
      },
    },
    {
      name: 'trim-top-hosts',
      everyMs: 60 * 60_000,
      run: async () => {
        const r = await trimTopHosts(deps);
        return r.trimmed ? r : undefined;
      },
    },
    {
      name: 'cases-from-alerts',
      everyMs: 60_000,
      run: async () => {
        const created = await autoCasesFromAlerts(deps, deps.config.helpdesk.autoCaseCategories);
        return created ? { created } : undefined;
      },
    },
    {
      name: 'weekly-reports',
      everyMs: 5 * 60_000,
      run: async () => (deps.config.weeklyReports ? weeklyReportJob(deps) : undefined),
    },
    {
      name: 'silent-devices',
      everyMs: 5 * 60_000,
      run: async () => {
        const r = await checkSilentDevices(deps, deps.config.silentDeviceHours);
        return r.raised || r.resolved ? r : undefined;
      },
    },
  ];
}

/**
 * Starts the parts of otasuke this process should run. `all` (the default) runs everything in one
 * process on the embedded database; in production, run several processes with one role each.
 */
export async function serve(deps: Deps, role: Role, port: number, host: string, o: { web?: boolean } = {}): Promise<Running> {
  const stops: (() => Promise<void>)[] = [];
  let app: FastifyInstance | undefined;
  let url: string | undefined;
  let ingest: IngestService | undefined;
  let smtp: SmtpReceiver | undefined;
  if (role === 'ingest' || role === 'all') {
    ingest = await startIngest(deps, { worker: true });
    stops.push(() => ingest!.stop());
    // The help desk's mail intake is a receiver too: it runs where the syslog receivers run.
    smtp = await startSmtpReceiver(deps);
    stops.push(() => smtp!.close());
  }
  if (role === 'api' || role === 'all') {
    app = await buildApp(deps, { serveWeb: o.web !== false, ...(ingest ? { ingest } : {}) });
    url = await app.listen({ port, host });
    stops.push(() => app!.close());
  }
  if (role === 'worker' || role === 'all') stops.push(startScheduler(workerJobs(deps), deps.logger));
  return {
    app,
    url,
    ingest,
    smtp,
    stop: async () => {
      for (const s of stops.reverse()) await s();
    },
  };
}
