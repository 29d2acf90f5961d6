import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { engines } from '../../../../tests/support/engines.ts';
import { makeCompany, startTestApp, type TestApp } from '../../../../tests/support/harness.ts';
import { waitFor } from '../../../../tests/support/syslog.ts';
import { systemActor } from '../../../platform/auth/roles.ts';
import { registerDevice } from '../../devices/registerDevice.ts';
import { SpoolWriter } from '../spool/spool.ts';
import { IngestProcessor } from './processor.ts';

const SN = '0017C5EE0707';
const scan = (i: number) =>
  `<129>id=firewall sn=${SN} time="2026-11-24 10:00:00" fw=203.0.113.70 pri=1 c=32 m=82 msg="Possible port scan detected" n=${i} src=198.51.100.${1 + (i % 50)}:443:X1 dst=203.0.113.70:${[22, 23, 445][i % 3]}:X1 proto=tcp/${[22, 23, 445][i % 3]}`;
// Internal host with a MAC: an IP/MAC binding per line.
const conn = (i: number) =>
  `<134>id=firewall sn=${SN} time="2026-11-24 10:00:0${i % 10}" fw=203.0.113.70 pri=6 c=1024 m=537 msg="Connection Closed" n=${i} src=192.168.20.${1 + (i % 5)}:50000:X0 srcMac=f0:18:98:00:00:0${1 + (i % 5)} dst=203.0.113.9:443:X1 proto=tcp/https`;

for (const engine of engines) {
  describe(`rollups kept over batches [${engine}]`, () => {
    let t: TestApp;
    after(async () => t?.close());

    it('are counted exactly once when the processor dies before writing them, and written when the spool runs dry', async () => {
      t = await startTestApp(engine);
      const c = await makeCompany(t);
      await registerDevice(t.deps, { actor: systemActor }, c.id, { vendor: 'sonicwall', identity: SN, lanCidrs: ['192.168.20.0/24'] });
      const dir = path.join(t.deps.config.dataDir, 'spool', 'agg-test');
      const spool = new SpoolWriter(dir);
      for (let i = 0; i < 60; i++) spool.append({ receivedAt: Date.now(), transport: 'tcp', sender: '203.0.113.70', line: Buffer.from(i % 2 ? conn(i) : scan(i)) });
      spool.close();
      const k = t.deps.db.kysely;
      const rollups = async () => Number((await k.selectFrom('detection_rollups').select((eb) => eb.fn.sum<number>('count').as('n')).executeTakeFirst())?.n ?? 0);
      const detections = async () => Number((await k.selectFrom('detections').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
      const lines = async () => Number((await k.selectFrom('device_daily_stats').select((eb) => eb.fn.sum<number>('lines').as('n')).executeTakeFirst())?.n ?? 0);
      const bindings = async () => k.selectFrom('ip_mac_history').select(['ip', 'mac', 'first_seen', 'last_seen']).orderBy('ip').execute();

      // Batches of 10 lines that never find the spool dry: their rollups are kept in memory.
      const first = new IngestProcessor(t.deps, { spoolDir: dir, stream: 'agg-test', maxBatch: 10, aggregateMs: 60_000 });
      await first.open();
      for (let i = 0; i < 4; i++) assert.equal(await first.step(true), true);
      // (PostgreSQL: the last batch's transaction may still be running.)
      await waitFor('4 batches committed', async () => (await lines()) === 40);
      assert.equal(await detections(), 20);
      assert.equal(await rollups(), 0, 'rollups are still in memory');
      // The process dies here: nothing more of `first` is written.

      const second = new IngestProcessor(t.deps, { spoolDir: dir, stream: 'agg-test', maxBatch: 10, aggregateMs: 60_000 });
      await second.open();
      await second.drain();
      assert.equal(await lines(), 60);
      assert.equal(await detections(), 30, 'no detection written twice');
      assert.equal(await rollups(), 30, 'every scan counted once: the 20 committed before the crash from the spool, the rest as read');
      const b = await bindings();
      assert.equal(b.length, 5);
      assert.ok(b.every((x) => x.first_seen <= x.last_seen));
      await second.stop();
      assert.equal(await rollups(), 30);
    });
  });
}
