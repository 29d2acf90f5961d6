import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeCompany, startTestApp, type TestApp } from '../../../tests/support/harness.ts';
import { sendUdp, waitFor } from '../../../tests/support/syslog.ts';
import { systemActor } from '../../platform/auth/roles.ts';
import { registerDevice } from '../devices/registerDevice.ts';
import { startIngest, type IngestService } from './ingest.service.ts';

const SN = '0017C5FF0606';
const line = (i: number) => `<129>id=firewall sn=${SN} time="2026-11-23 10:00:00" fw=203.0.113.60 pri=1 c=32 m=82 msg="Possible port scan detected" n=${i} src=198.51.100.9:443:X1 dst=203.0.113.60:23:X1 proto=tcp/23`;

describe('the ingest worker thread', () => {
  let t: TestApp;
  let ingest: IngestService;
  after(async () => {
    await ingest?.stop();
    await t?.close();
  });

  it('processes in a worker thread, and a new worker picks up where a crashed one stopped', async () => {
    t = await startTestApp('sqlite', { OTASUKE_SYSLOG_HOST: '127.0.0.1' });
    const c = await makeCompany(t);
    await registerDevice(t.deps, { actor: systemActor }, c.id, { vendor: 'sonicwall', identity: SN });
    ingest = await startIngest(t.deps, { ports: { port: 0 }, worker: true });
    const counted = async () => Number((await t.deps.db.kysely.selectFrom('detection_rollups').select((eb) => eb.fn.sum<number>('count').as('n')).executeTakeFirst())?.n ?? 0);
    await sendUdp(ingest.receivers!.udpPort, Array.from({ length: 50 }, (_, i) => line(i)));
    await waitFor('50 counted', async () => (await counted()) >= 50);
    await ingest.thread!.crashForTest();
    await sendUdp(ingest.receivers!.udpPort, Array.from({ length: 50 }, (_, i) => line(50 + i)));
    await waitFor('100 counted after the restart', async () => (await counted()) >= 100, 15_000);
    assert.equal(await counted(), 100);
    assert.equal(ingest.thread!.restarts, 1);
  });
});
