import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase } from '../../../tests/support/engines.ts';
import { openDb } from './database.ts';
import { allMigrations, migrateToLatest } from './migrate.ts';

const expectedTables = ['users', 'sessions', 'user_tokens', 'login_failures', 'audit_log', 'audit_head', 'companies', 'company_contacts', 'company_status_history', 'applications'];

for (const engine of engines) {
  describe(`migrations [${engine}]`, () => {
    it('creates every table on an empty database, then does nothing on a second run', async () => {
      const tdb = await freshDatabase(engine);
      const db = openDb({ dataDir: tdb.dataDir, databaseUrl: tdb.databaseUrl });
      try {
        const first = await migrateToLatest(db);
        assert.deepEqual(first.applied, Object.keys(allMigrations).sort());
        const tables = await db.kysely.introspection.getTables();
        const names = tables.map((x) => x.name);
        for (const tname of expectedTables) assert.ok(names.includes(tname), `table ${tname} exists`);
        const second = await migrateToLatest(db);
        assert.deepEqual(second.applied, []);
        // The company list's filters are served by indexes.
        const companyCols = tables.find((x) => x.name === 'companies')!.columns.map((c) => c.name);
        for (const c of ['id', 'name', 'industry', 'employees_band', 'status', 'maturity_group', 'referral_route']) assert.ok(companyCols.includes(c));
      } finally {
        await db.close();
        await tdb.drop();
      }
    });

    it('uses WAL on SQLite / a real server on PostgreSQL', async () => {
      const tdb = await freshDatabase(engine);
      const db = openDb({ dataDir: tdb.dataDir, databaseUrl: tdb.databaseUrl });
      try {
        if (engine === 'sqlite') {
          const r = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db.kysely);
          assert.equal(r.rows[0]!.journal_mode, 'wal');
        } else {
          const r = await sql<{ v: string }>`select version() as v`.execute(db.kysely);
          assert.match(r.rows[0]!.v, /PostgreSQL/);
        }
      } finally {
        await db.close();
        await tdb.drop();
      }
    });
  });
}
