import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDatabase } from '../../../tests/support/engines.ts';
import { openDb, type Db } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { systemActor } from '../auth/roles.ts';
import { listScope } from '../tenancy/scope.ts';
import { companiesRepository } from '../../modules/companies/companies.repository.ts';
import { companySearchText } from '../../modules/companies/search-text.ts';

/** The company list's totals are cached per filter; every change, by any process, must show at once. */
for (const engine of engines) {
  describe(`cached list totals and short substring search [${engine}]`, () => {
    let tdb: TestDatabase;
    // Two handles on one database: two HTTP worker processes (or a CLI next to the server).
    let reader: Db;
    let writer: Db;
    let seq = 0;

    const insert = async (name: string, status = 'active', extra: { address?: string } = {}) => {
      const id = `c-${++seq}`;
      const now = new Date().toISOString();
      await writer.kysely
        .insertInto('companies')
        .values({
          id, name, industry: 'retail', employees_band: '6-20', pc_count: 5, sites: 1, referral_route: 'ipa', status, maturity_group: 'B',
          address: extra.address ?? null, phone: null, email: null, website: null, withdrawal_reason: null, withdrawal_note: null,
          created_at: now, updated_at: now, search_text: companySearchText({ name, email: null, address: extra.address ?? null, phone: null }),
        })
        .execute();
      return id;
    };
    const list = (f: { status?: string; q?: string } = {}) => companiesRepository(reader).list(listScope(systemActor), f, 1, 50);

    before(async () => {
      tdb = await freshDatabase(engine);
      writer = openDb({ dataDir: tdb.dataDir, databaseUrl: tdb.databaseUrl });
      await migrateToLatest(writer);
      reader = openDb({ dataDir: tdb.dataDir, databaseUrl: tdb.databaseUrl });
    });
    after(async () => {
      await reader.close();
      await writer.close();
      await tdb.drop();
    });

    it('counts again after inserts, updates and deletes made through another connection', async () => {
      for (let i = 0; i < 3; i++) await insert(`株式会社一覧${i}`);
      assert.equal((await list()).total, 3);
      assert.equal((await list({ status: 'active' })).total, 3);
      // Asked again with nothing changed: the same answer (from the cache).
      assert.equal((await list({ status: 'active' })).total, 3);

      const id = await insert('株式会社追加');
      assert.equal((await list()).total, 4, 'an insert by another process shows in the total');
      assert.equal((await list({ status: 'active' })).total, 4);

      await writer.kysely.updateTable('companies').set({ status: 'withdrawn' }).where('id', '=', id).execute();
      assert.equal((await list({ status: 'active' })).total, 3, 'an update moves the company out of the filtered total');
      assert.equal((await list({ status: 'withdrawn' })).total, 1);

      await writer.kysely.deleteFrom('companies').where('id', '=', id).execute();
      assert.equal((await list()).total, 3, 'a delete shows in the total');
      assert.equal((await list({ status: 'withdrawn' })).total, 0);
    });

    it('finds 1-, 2- and 3-character terms anywhere in the name or address, with LIKE wildcards taken literally', async () => {
      const toyota = await insert('豊田精機株式会社', 'active', { address: '愛知県豊田市元町1-1' });
      const okazaki = await insert('岡崎運輸', 'active', { address: '愛知県岡崎市康生町2' });
      const pct = await insert('100%_テクノ', 'active');
      const ids = async (q: string) => (await list({ q })).items.map((c) => c.id).sort();

      assert.deepEqual(await ids('豊田'), [toyota]);
      assert.deepEqual(await ids('運輸'), [okazaki]);
      assert.deepEqual(await ids('岡崎市'), [okazaki]);
      assert.deepEqual(await ids('愛知県'), [okazaki, toyota].sort());
      assert.deepEqual(await ids('輸'), [okazaki]);
      assert.deepEqual(await ids('%_'), [pct], 'wildcards are literal');
      assert.deepEqual(await ids('0%'), [pct]);
      assert.deepEqual(await ids('田精機株式会'), [toyota]);
      assert.deepEqual(await ids('豊田運輸'), [], 'every piece must be there in order, not just somewhere');
      assert.deepEqual(await ids('精機株式会社 愛知'), [toyota], 'a space inside the term');
      assert.deepEqual(await ids('県豊田市元町1-1'), [toyota], 'digits and punctuation');
      assert.deepEqual(await ids('"豊田'), [], 'a quote is searched for, not FTS syntax');
      assert.deepEqual(await ids(toyota), [toyota], 'a company id finds that company');
      assert.equal((await list({ q: '豊田' })).total, 1);

      // The search total follows changes too.
      const second = await insert('豊田商事', 'active');
      assert.deepEqual(await ids('豊田'), [toyota, second].sort());
      assert.equal((await list({ q: '豊田' })).total, 2);
    });
  });
}
