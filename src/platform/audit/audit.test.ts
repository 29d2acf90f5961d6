import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines } from '../../../tests/support/engines.ts';
import { startTestApp, type TestApp } from '../../../tests/support/harness.ts';
import { audit, verifyAuditChain } from './audit.ts';
import { systemActor } from '../auth/roles.ts';

for (const engine of engines) {
  describe(`audit log hash chain [${engine}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
      for (let i = 0; i < 25; i++) await audit(t.deps.db, t.deps.clock, systemActor, { action: 'test.event', detail: { i } });
    });
    after(async () => t.close());

    it('verifies an intact chain', async () => {
      const r = await verifyAuditChain(t.deps.db, 7);
      assert.equal(r.ok, true, r.reason);
      assert.equal(r.rows, 25);
    });

    it('keeps the chain linear under concurrent writers', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => audit(t.deps.db, t.deps.clock, systemActor, { action: 'test.concurrent', detail: { i } })));
      const r = await verifyAuditChain(t.deps.db);
      assert.equal(r.ok, true, r.reason);
      assert.equal(r.rows, 45);
    });

    it('refuses UPDATE and DELETE at the database level', async () => {
      await assert.rejects(sql`update audit_log set action = 'x' where seq = 3`.execute(t.deps.db.kysely), /append-only/);
      await assert.rejects(sql`delete from audit_log where seq = 3`.execute(t.deps.db.kysely), /append-only/);
    });

    it('detects a tampered row, and rows cut from the end', async () => {
      // Someone with raw database access disables the guard and edits a row.
      if (engine === 'postgres') {
        await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.deps.db.kysely);
        await sql`update audit_log set detail = '{"i":999}' where seq = 10`.execute(t.deps.db.kysely);
      } else {
        await sql`drop trigger audit_log_no_update`.execute(t.deps.db.kysely);
        await sql`update audit_log set detail = '{"i":999}' where seq = 10`.execute(t.deps.db.kysely);
      }
      const r = await verifyAuditChain(t.deps.db);
      assert.equal(r.ok, false);
      assert.equal(r.firstBadSeq, 10);
      assert.match(r.reason ?? '', /altered/);

      await sql`update audit_log set detail = '{"i":9}' where seq = 10`.execute(t.deps.db.kysely);
      assert.equal((await verifyAuditChain(t.deps.db)).ok, true, 'restoring the original content restores the chain');
      if (engine === 'postgres') await sql`alter table audit_log disable trigger all`.execute(t.deps.db.kysely);
      else await sql`drop trigger audit_log_no_delete`.execute(t.deps.db.kysely);
      await sql`delete from audit_log where seq = (select max(seq) from audit_log)`.execute(t.deps.db.kysely);
      const cut = await verifyAuditChain(t.deps.db);
      assert.equal(cut.ok, false);
      assert.match(cut.reason ?? '', /removed at the end/);
    });
  });
}
