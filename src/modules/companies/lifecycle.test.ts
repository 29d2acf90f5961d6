import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../tests/support/engines.ts';
import { call, loginAs, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';

for (const engine of engines) {
  describe(`company lifecycle, list filters and timeline [${engine}]`, () => {
    let t: TestApp;
    let admin: Session & { email: string };
    before(async () => {
      t = await startTestApp(engine);
      admin = await loginAs(t, 'program_admin');
    });
    after(async () => t.close());

    it('moves applied → surveyed → active → withdrawn with a reason, keeping the participation history', async () => {
      const c = (await call(t, admin, 'POST', '/api/v1/companies', { name: '株式会社ライフ', industry: 'construction', employeesBand: '6-20', group: 'B' })).json();
      assert.equal(c.status, 'applied');
      const skip = await call(t, admin, 'POST', `/api/v1/companies/${c.id}/status`, { status: 'active' });
      assert.equal(skip.statusCode, 409);
      assert.equal(skip.json().error.code, 'invalid_transition');
      assert.equal((await call(t, admin, 'POST', `/api/v1/companies/${c.id}/status`, { status: 'surveyed' })).json().status, 'surveyed');
      assert.equal((await call(t, admin, 'POST', `/api/v1/companies/${c.id}/status`, { status: 'active', note: 'UTM 接続' })).json().status, 'active');
      const noReason = await call(t, admin, 'POST', `/api/v1/companies/${c.id}/status`, { status: 'withdrawn' });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().error.fields[0].path, 'reasonCode');
      const badReason = await call(t, admin, 'POST', `/api/v1/companies/${c.id}/status`, { status: 'withdrawn', reasonCode: 'bored' });
      assert.equal(badReason.statusCode, 400);
      const w = await call(t, admin, 'POST', `/api/v1/companies/${c.id}/status`, { status: 'withdrawn', reasonCode: 'existing_utm', note: '既存UTMあり' });
      assert.equal(w.json().status, 'withdrawn');
      assert.equal(w.json().withdrawalReason, 'existing_utm');
      const h = (await call(t, admin, 'GET', `/api/v1/companies/${c.id}/history`)).json().items;
      assert.deepEqual(h.map((x: { toStatus: string }) => x.toStatus), ['withdrawn', 'active', 'surveyed', 'applied']);
      assert.equal(h[0].reasonCode, 'existing_utm');
      assert.equal(h[0].actorEmail, admin.email);
      const tl = (await call(t, admin, 'GET', `/api/v1/companies/${c.id}/timeline`)).json().items;
      const actions = tl.map((x: { action: string }) => x.action);
      assert.equal(actions.filter((a: string) => a === 'company.status_changed').length, 3);
      assert.ok(actions.includes('company.created'));
      const rejoin = await call(t, admin, 'POST', `/api/v1/companies/${c.id}/status`, { status: 'applied', note: '再申込' });
      assert.equal(rejoin.json().withdrawalReason, null);
    });

    it('filters and pages the company list (status, group, industry, referral route, text) with totals', async () => {
      const mk = (name: string, extra: object) => call(t, admin, 'POST', '/api/v1/companies', { name, industry: 'retail', employeesBand: '1-5', ...extra });
      for (let i = 0; i < 12; i++) await mk(`フィルタ商店${String(i).padStart(2, '0')}`, { group: i % 3 === 0 ? 'A' : 'C', referralRoute: i < 4 ? 'ipa' : 'insurer_sales' });
      await mk('別業種工業', { industry: 'it', group: 'A' });
      const get = async (q: string) => (await call(t, admin, 'GET', `/api/v1/companies?${q}`)).json();
      const p1 = await get('q=フィルタ&pageSize=5&page=1');
      const p3 = await get('q=フィルタ&pageSize=5&page=3');
      assert.equal(p1.total, 12);
      assert.equal(p1.items.length, 5);
      assert.equal(p3.items.length, 2);
      assert.equal(p1.items[0].name, 'フィルタ商店00');
      assert.equal((await get('q=フィルタ&group=A')).total, 4);
      assert.equal((await get('q=フィルタ&referralRoute=ipa')).total, 4);
      assert.equal((await get('industry=it')).total, 1);
      assert.equal((await get('q=フィルタ&status=applied&group=C')).total, 8);
      assert.equal((await get('q=100%25')).total, 0, 'LIKE wildcards in the search are literal');
      await mk('100%安心商店', { address: '愛知県豊橋市駅前大通1-1' });
      await mk('1000円ショップ', {});
      assert.deepEqual((await get(`q=${encodeURIComponent('100%')}`)).items.map((c: { name: string }) => c.name), ['100%安心商店']);
      assert.equal((await get(`q=${encodeURIComponent('100_')}`)).total, 0, '_ is literal too');
      assert.equal((await get(`q=${encodeURIComponent('豊橋市')}`)).total, 1, 'the address is searched');
      assert.equal((await get(`q=${encodeURIComponent('１００％')}`)).total, 1, 'full-width input matches');
      const bad = await call(t, admin, 'GET', '/api/v1/companies?status=sleeping&pageSize=1000');
      assert.equal(bad.statusCode, 400);
      const paths = bad.json().error.fields.map((f: { path: string }) => f.path);
      assert.ok(paths.some((p: string) => p.includes('status')) && paths.some((p: string) => p.includes('pageSize')), JSON.stringify(paths));
    });

    it('lets a company admin edit its own profile but not its group', async () => {
      const c = (await call(t, admin, 'POST', '/api/v1/companies', { name: '株式会社自社編集', industry: 'service', employeesBand: '21-50' })).json();
      const ca = await loginAs(t, 'company_admin', c.id);
      const ok = await call(t, ca, 'PATCH', `/api/v1/companies/${c.id}`, { phone: '0566-11-2233', pcCount: 40 });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().pcCount, 40);
      const group = await call(t, ca, 'PATCH', `/api/v1/companies/${c.id}`, { group: 'A' });
      assert.equal(group.statusCode, 403);
      assert.equal((await call(t, admin, 'GET', `/api/v1/companies/${c.id}`)).json().group, null);
      const cleared = await call(t, ca, 'PATCH', `/api/v1/companies/${c.id}`, { phone: null });
      assert.equal(cleared.json().phone, null, 'null clears an optional field');
    });

    it('keeps staff views out of the activity timeline unless asked for', async () => {
      const c = (await call(t, admin, 'POST', '/api/v1/companies', { name: '株式会社タイムライン', industry: 'it', employeesBand: '1-5' })).json();
      await call(t, admin, 'GET', `/api/v1/companies/${c.id}`);
      const plain = (await call(t, admin, 'GET', `/api/v1/companies/${c.id}/timeline`)).json().items.map((x: { action: string }) => x.action);
      assert.ok(!plain.includes('company.viewed'));
      assert.ok(plain.includes('company.created'));
      const all = (await call(t, admin, 'GET', `/api/v1/companies/${c.id}/timeline?views=true`)).json().items.map((x: { action: string }) => x.action);
      assert.ok(all.includes('company.viewed'));
    });

    it('documents the API in OpenAPI', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      assert.equal(r.statusCode, 200);
      const doc = r.json();
      assert.match(doc.openapi, /^3\./);
      for (const p of ['/api/v1/session', '/api/v1/me', '/api/v1/applications', '/api/v1/companies', '/api/v1/companies/{id}']) assert.ok(doc.paths[p], `${p} documented`);
      assert.ok(doc.paths['/api/v1/applications'].post.requestBody, 'the application form body is described');
    });
  });
}
