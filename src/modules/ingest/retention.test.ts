import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../tests/support/engines.ts';
import { makeCompany, startTestApp, type TestApp } from '../../../tests/support/harness.ts';
import { purgeExpiredDetections } from './retention.ts';
import { trimTopHosts } from './topHosts.ts';
import { bulkInsert } from '../../platform/db/bulk.ts';

for (const engine of engines) {
  describe(`retention and bounded lists [${engine}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(async () => t.close());

    it('purges detections older than the retention period in bounded rounds, and keeps the daily counts', async () => {
      const c = await makeCompany(t);
      const old = new Date(Date.now() - 200 * 86_400_000).toISOString();
      const recent = new Date(Date.now() - 10 * 86_400_000).toISOString();
      const row = (i: number, at: string) => ({ id: `det_${i}`, company_id: c.id, device_id: 'dev_x', at, category: 'scan.inbound.possible', direction: 'inbound', src_ip: null, src_port: null, dst_ip: null, dst_port: 23, proto: 'tcp', src_mac: null, name: null, action: 'blocked', raw: 'x' });
      await bulkInsert(t.deps.db.kysely, t.deps.db.engine, 'detections', ['id', 'company_id', 'device_id', 'at', 'category', 'direction', 'src_ip', 'src_port', 'dst_ip', 'dst_port', 'proto', 'src_mac', 'name', 'action', 'raw'], [
        ...Array.from({ length: 25 }, (_, i) => row(i, old)),
        ...Array.from({ length: 5 }, (_, i) => row(100 + i, recent)),
      ]);
      await t.deps.db.kysely.insertInto('detection_rollups').values({ company_id: c.id, day: old.slice(0, 10), category: 'scan.inbound.possible', key: '23/tcp', device_id: 'dev_x', count: 25 }).execute();
      assert.deepEqual(await purgeExpiredDetections(t.deps, 180, 10), { deleted: 10 });
      await purgeExpiredDetections(t.deps, 180, 10);
      await purgeExpiredDetections(t.deps, 180, 10);
      assert.deepEqual(await purgeExpiredDetections(t.deps, 180, 10), { deleted: 0 });
      const left = await t.deps.db.kysely.selectFrom('detections').select('id').execute();
      assert.equal(left.length, 5);
      assert.equal((await t.deps.db.kysely.selectFrom('detection_rollups').select('count').executeTakeFirstOrThrow()).count, 25);
    });

    it('trims the stored top-host lists to a bounded size, keeping the biggest', async () => {
      const c = await makeCompany(t);
      const rows = Array.from({ length: 250 }, (_, i) => ({ company_id: c.id, week: '2026-11-16', kind: 'source', ip: `198.51.100.${i % 250}`, count: i + 1 }));
      await bulkInsert(t.deps.db.kysely, t.deps.db.engine, 'detection_top_hosts', ['company_id', 'week', 'kind', 'ip', 'count'], rows);
      assert.deepEqual(await trimTopHosts(t.deps, 200), { trimmed: 50 });
      const min = await t.deps.db.kysely.selectFrom('detection_top_hosts').select((eb) => eb.fn.min('count').as('m')).executeTakeFirstOrThrow();
      assert.equal(Number(min.m), 51);
    });
  });
}
