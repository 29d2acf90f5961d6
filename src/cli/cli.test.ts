import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engines, freshDatabase, type TestDatabase } from '../../tests/support/engines.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/otasuke.mjs');

function otasuke(db: TestDatabase, args: string[], input?: string) {
  const env = { ...process.env, OTASUKE_LOG_LEVEL: 'warn', OTASUKE_DATA_DIR: '', DATABASE_URL: db.databaseUrl ?? '' };
  const r = spawnSync(process.execPath, [bin, ...args, '--data', db.dataDir], { env, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

for (const engine of engines) {
  describe(`otasuke CLI [${engine}]`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await freshDatabase(engine);
    });
    after(async () => db.drop());

    it('migrates, creates and lists companies as JSON, creates users, and verifies the audit chain', () => {
      const m = otasuke(db, ['migrate']);
      assert.equal(m.code, 0, m.err);
      const created = otasuke(db, ['companies', 'create', '--name', '株式会社CLI', '--industry', 'it', '--json']);
      assert.equal(created.code, 0, created.err);
      const company = JSON.parse(created.out);
      assert.equal(company.name, '株式会社CLI');
      assert.equal(company.industry, 'it');
      const list = otasuke(db, ['companies', 'list', '--json']);
      assert.equal(list.code, 0, list.err);
      const all = JSON.parse(list.out);
      assert.ok(Array.isArray(all));
      assert.deepEqual(all.map((c: { id: string }) => c.id), [company.id]);

      const u = otasuke(db, ['users', 'create', '--email', 'Boss@Example.jp', '--role', 'company_admin', '--company', company.id, '--password-stdin', '--json'], 'very-secret-password\n');
      assert.equal(u.code, 0, u.err);
      assert.equal(JSON.parse(u.out).email, 'boss@example.jp');
      assert.equal(JSON.parse(u.out).status, 'active');
      const dup = otasuke(db, ['users', 'create', '--email', 'boss@example.jp', '--role', 'operator', '--password-stdin'], 'very-secret-password\n');
      assert.notEqual(dup.code, 0);
      assert.match(dup.err, /already exists/);
      const noCompany = otasuke(db, ['users', 'create', '--email', 'x@example.jp', '--role', 'company_member', '--password-stdin'], 'very-secret-password\n');
      assert.notEqual(noCompany.code, 0);
      assert.match(noCompany.err, /company/);
      const badIndustry = otasuke(db, ['companies', 'create', '--name', 'x', '--industry', 'fishing']);
      assert.notEqual(badIndustry.code, 0);
      assert.match(badIndustry.err, /industry/);

      const v = otasuke(db, ['audit', 'verify']);
      assert.equal(v.code, 0, v.err);
      assert.match(v.out, /audit log OK: \d+ rows/);
    });
  });
}
