import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engines } from '../../../tests/support/engines.ts';
import { call, loginAs, makeCompany, startTestApp, type TestApp } from '../../../tests/support/harness.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/otasuke.mjs');

for (const engine of engines) {
  describe(`device registration [${engine}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(async () => t.close());

    it('registers a device with its time zone and LAN prefixes, once per identity, and hands out an ingest token once', async () => {
      const c = await makeCompany(t);
      const s = await loginAs(t, 'deployment');
      const r = await call(t, s, 'POST', `/api/v1/companies/${c.id}/devices`, { vendor: 'sonicwall', identity: '0017C5A1B2C3', lanCidrs: ['192.168.1.0/24'], name: '本社 UTM' });
      assert.equal(r.statusCode, 201, r.body);
      const { device, ingestToken } = r.json();
      assert.equal(device.timezone, 'Asia/Tokyo');
      assert.equal(device.identityKind, 'serial');
      assert.deepEqual(device.lanCidrs, ['192.168.1.0/24']);
      assert.match(ingestToken, /^otk_/);
      const stored = await t.deps.db.kysely.selectFrom('devices').select('ingest_token_hash').where('id', '=', device.id).executeTakeFirstOrThrow();
      assert.notEqual(stored.ingest_token_hash, ingestToken, 'only a hash of the token is stored');
      const dup = await call(t, s, 'POST', `/api/v1/companies/${c.id}/devices`, { vendor: 'fortigate', identity: '0017C5A1B2C3' });
      assert.equal(dup.statusCode, 409);
      const yamaha = await call(t, s, 'POST', `/api/v1/companies/${c.id}/devices`, { vendor: 'yamaha', identity: '203.0.113.7' });
      assert.equal(yamaha.json().device.identityKind, 'sender_ip');
      const bad = await call(t, s, 'POST', `/api/v1/companies/${c.id}/devices`, { vendor: 'cisco', identity: 'x y', timezone: 'Mars/Base', lanCidrs: ['192.168.1.0/33'] });
      assert.equal(bad.statusCode, 400);
      const paths = bad.json().error.fields.map((f: { path: string }) => f.path).join(' ');
      for (const p of ['vendor', 'identity', 'timezone', 'lanCidrs']) assert.match(paths, new RegExp(p));
      const list = (await call(t, s, 'GET', `/api/v1/companies/${c.id}/devices`)).json().items;
      assert.equal(list.length, 2);
    });
  });
}

describe('otasuke devices add / list (CLI contract)', () => {
  it('registers a device for a company and lists it as JSON', async () => {
    const t = await startTestApp('sqlite');
    try {
      const c = await makeCompany(t);
      await t.app.close();
      const run = (args: string[]) =>
        spawnSync(process.execPath, [bin, ...args, '--data', t.db.dataDir], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', OTASUKE_LOG_LEVEL: 'warn' } });
      const add = run(['devices', 'add', '--company', c.id, '--vendor', 'fortigate', '--identity', 'FGT60FTK12345678', '--lan', '10.1.0.0/16,192.168.10.0/24', '--json']);
      assert.equal(add.status, 0, add.stderr);
      const dev = JSON.parse(add.stdout);
      assert.equal(dev.companyId, c.id);
      assert.equal(dev.vendor, 'fortigate');
      assert.deepEqual(dev.lanCidrs, ['10.1.0.0/16', '192.168.10.0/24']);
      const list = run(['devices', 'list', '--json']);
      assert.equal(list.status, 0, list.stderr);
      assert.deepEqual(JSON.parse(list.stdout).map((d: { identity: string }) => d.identity), ['FGT60FTK12345678']);
      const unknown = run(['devices', 'add', '--company', 'cmp_nope', '--vendor', 'yamaha', '--identity', '198.51.100.1']);
      assert.notEqual(unknown.status, 0);
      assert.match(unknown.stderr, /not_found/);
    } finally {
      await t.close();
    }
  });
});
