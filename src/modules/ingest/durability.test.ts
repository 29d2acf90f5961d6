import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engines, freshDatabase, type TestDatabase } from '../../../tests/support/engines.ts';
import { frame, sendTcp, waitFor } from '../../../tests/support/syslog.ts';
import { createDeps, closeDeps } from '../../platform/context.ts';
import { systemActor } from '../../platform/auth/roles.ts';
import { createCompany } from '../companies/createCompany.ts';
import { registerDevice } from '../devices/registerDevice.ts';
import pino from 'pino';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/otasuke.mjs');
const SN = '0017C5DD0404';
const line = (i: number) => `<129>id=firewall sn=${SN} time="2026-11-22 10:00:00" fw=203.0.113.40 pri=1 c=32 m=82 msg="Possible port scan detected" n=${i} src=198.51.100.${i % 250}:443:X1 dst=203.0.113.40:${1000 + (i % 50)}:X1 proto=tcp/${1000 + (i % 50)}`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

for (const engine of engines) {
  describe(`no acknowledged line is lost when the process is killed [${engine}]`, () => {
    let db: TestDatabase;
    let child: ChildProcess | undefined;
    after(async () => {
      child?.kill('SIGKILL');
      await db?.drop();
    });

    async function start(httpPort: number, syslogPort: number) {
      const env = { ...process.env, OTASUKE_LOG_LEVEL: 'warn', OTASUKE_SYSLOG_HOST: '127.0.0.1', OTASUKE_SYSLOG_PORT: String(syslogPort), OTASUKE_SMTP_PORT: '0', OTASUKE_SESSION_SECRET: 'k'.repeat(40), DATABASE_URL: db.databaseUrl ?? '' };
      const c = spawn(process.execPath, [bin, 'serve', '--role', 'all', '--no-web', '--port', String(httpPort), '--data', db.dataDir], { env, stdio: ['ignore', 'ignore', process.env.DEBUG_DURABILITY ? 'inherit' : 'ignore'] });
      await waitFor('server up', async () => (await fetch(`http://127.0.0.1:${httpPort}/api/v1/health`).then((r) => r.ok, () => false)) || undefined, 30_000);
      return c;
    }

    it('counts every line exactly once after kill -9 and a restart', async () => {
      db = await freshDatabase(engine);
      const deps = await createDeps({ env: { OTASUKE_DATA_DIR: db.dataDir, OTASUKE_SESSION_SECRET: 'k'.repeat(40), ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) }, logger: pino({ level: 'silent' }) });
      const company = await createCompany(deps, { actor: systemActor }, { name: '株式会社耐久', industry: 'it', employeesBand: '1-5' });
      const { ingestToken } = await registerDevice(deps, { actor: systemActor }, company.id, { vendor: 'sonicwall', identity: SN });
      const total = async () =>
        Number((await deps.db.kysely.selectFrom('detection_rollups').select((eb) => eb.fn.sum<number>('count').as('n')).where('company_id', '=', company.id).executeTakeFirst())?.n ?? 0);

      const [httpPort, syslogPort] = [await freePort(), await freePort()];
      child = await start(httpPort, syslogPort);
      // 2,000 lines acknowledged over HTTP (202 = on disk), 1,000 over TCP.
      for (let b = 0; b < 4; b++) {
        const body = Array.from({ length: 500 }, (_, i) => line(b * 500 + i)).join('\n');
        const r = await fetch(`http://127.0.0.1:${httpPort}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'text/plain' }, body });
        assert.equal(r.status, 202);
      }
      await sendTcp(syslogPort, frame(Array.from({ length: 1000 }, (_, i) => line(2000 + i)), 'lf'));
      await new Promise((r) => setTimeout(r, 300)); // the spool's fsync interval is 20 ms
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      const atKill = await total();
      assert.ok(atKill <= 3000);

      child = await start(httpPort, syslogPort);
      let seen = 0;
      const n = await waitFor('all 3,000 lines counted', async () => {
        const v = (seen = await total());
        return v >= 3000 && v;
      }, 30_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${seen} counted (${atKill} before the kill)`);
      });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await total(), 3000, `exactly once (counted ${n}; ${atKill} before the kill)`);
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
      child = undefined;
      await closeDeps(deps);
    });
  });
}
