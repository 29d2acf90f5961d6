import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../tests/support/engines.ts';
import { call, login, makeCompany, makeUser, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';
import type { Role } from '../../platform/auth/roles.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface Ids {
  company: string;
  contact: string;
  application: string;
  alert: string;
}
interface RouteCase {
  method: Method;
  path: (ids: Ids) => string;
  body?: () => unknown;
  /** Roles that succeed on company A's resources (company roles are those of company A). */
  allowed: (Role | 'a_admin' | 'a_member')[];
  /** Company-scoped: company B's users must get the same answer as for a company that does not exist. */
  scoped?: boolean;
}

const staff: Role[] = ['program_admin', 'operator', 'analyst', 'deployment', 'responder', 'insurer'];
const readers = ['program_admin', 'operator', 'analyst', 'deployment'] as const;
let n = 0;
const uniq = () => `${Date.now().toString(36)}${n++}`;

const routes: RouteCase[] = [
  { method: 'GET', path: () => '/api/v1/companies', allowed: [...readers, 'a_admin', 'a_member'] },
  { method: 'POST', path: () => '/api/v1/companies', body: () => ({ name: `株式会社新規${uniq()}`, industry: 'it', employeesBand: '1-5' }), allowed: ['program_admin'] },
  { method: 'GET', path: (i) => `/api/v1/companies/${i.company}`, allowed: [...readers, 'a_admin', 'a_member'], scoped: true },
  { method: 'PATCH', path: (i) => `/api/v1/companies/${i.company}`, body: () => ({ phone: '052-000-0000' }), allowed: ['program_admin', 'a_admin'], scoped: true },
  { method: 'POST', path: (i) => `/api/v1/companies/${i.company}/status`, body: () => ({ status: 'surveyed' }), allowed: ['program_admin'], scoped: true },
  { method: 'GET', path: (i) => `/api/v1/companies/${i.company}/history`, allowed: [...readers, 'a_admin', 'a_member'], scoped: true },
  { method: 'GET', path: (i) => `/api/v1/companies/${i.company}/timeline`, allowed: [...readers, 'a_admin', 'a_member'], scoped: true },
  { method: 'GET', path: (i) => `/api/v1/companies/${i.company}/contacts`, allowed: [...readers, 'a_admin', 'a_member'], scoped: true },
  { method: 'POST', path: (i) => `/api/v1/companies/${i.company}/contacts`, body: () => ({ name: '担当 太郎' }), allowed: ['program_admin', 'a_admin'], scoped: true },
  { method: 'PATCH', path: (i) => `/api/v1/companies/${i.company}/contacts/${i.contact}`, body: () => ({ title: '部長' }), allowed: ['program_admin', 'a_admin'], scoped: true },
  { method: 'GET', path: (i) => `/api/v1/companies/${i.company}/users`, allowed: [...readers, 'a_admin', 'a_member'], scoped: true },
  { method: 'POST', path: (i) => `/api/v1/companies/${i.company}/users`, body: () => ({ email: `u${uniq()}@a.example.jp`, name: '新人', role: 'company_member' }), allowed: ['program_admin', 'a_admin'], scoped: true },
  { method: 'GET', path: () => '/api/v1/applications', allowed: ['program_admin'] },
  { method: 'GET', path: (i) => `/api/v1/applications/${i.application}`, allowed: ['program_admin'] },
  { method: 'GET', path: () => '/api/v1/applications/form-link', allowed: ['program_admin'] },
  { method: 'GET', path: () => '/api/v1/users', allowed: ['program_admin'] },
  { method: 'POST', path: () => '/api/v1/users', body: () => ({ email: `s${uniq()}@staff.example.jp`, name: 'スタッフ', role: 'operator' }), allowed: ['program_admin'] },
  { method: 'GET', path: () => '/api/v1/audit', allowed: ['program_admin'] },
  { method: 'GET', path: () => '/api/v1/me', allowed: [...staff, 'a_admin', 'a_member'] },
  { method: 'GET', path: () => '/api/v1/devices', allowed: [...readers, 'a_admin', 'a_member'] },
  { method: 'GET', path: () => '/api/v1/devices/health', allowed: [...readers, 'a_admin', 'a_member'] },
  { method: 'GET', path: (i) => `/api/v1/companies/${i.company}/detections/summary?from=2026-11-01&to=2026-11-30`, allowed: [...readers, 'a_admin', 'a_member'], scoped: true },
  { method: 'GET', path: (i) => `/api/v1/alerts?companyId=${i.company}`, allowed: [...readers, 'a_admin', 'a_member'], scoped: true },
  { method: 'GET', path: (i) => `/api/v1/alerts/${i.alert}`, allowed: [...readers, 'a_admin', 'a_member'], scoped: true },
  { method: 'PATCH', path: (i) => `/api/v1/alerts/${i.alert}`, body: () => ({ status: 'acknowledged' }), allowed: ['program_admin', 'analyst', 'operator'], scoped: true },
  { method: 'GET', path: () => '/api/v1/suppressions', allowed: ['program_admin', 'analyst', 'operator'] },
  { method: 'POST', path: () => '/api/v1/suppressions', body: () => ({ category: 'scan.internal', reason: 'テスト' }), allowed: ['program_admin', 'analyst'] },
  { method: 'GET', path: () => '/api/v1/unassigned', allowed: [...readers] },
  { method: 'GET', path: (i) => `/api/v1/companies/${i.company}/devices`, allowed: [...readers, 'a_admin', 'a_member'], scoped: true },
  { method: 'GET', path: (i) => `/api/v1/companies/${i.company}/dispatch-reports`, allowed: [...readers, 'a_admin', 'a_member'], scoped: true },
  { method: 'POST', path: (i) => `/api/v1/companies/${i.company}/devices`, body: () => ({ vendor: 'sonicwall', identity: `0017C5${uniq().toUpperCase()}` }), allowed: ['program_admin', 'deployment', 'analyst'], scoped: true },
];

for (const engine of engines) {
  describe(`authorisation on every route, including cross-tenant attempts [${engine}]`, () => {
    let t: TestApp;
    const sessions = new Map<string, Session>();
    let ids: Ids;
    let idsB: Ids;
    before(async () => {
      t = await startTestApp(engine);
      const a = await makeCompany(t, '株式会社エー');
      const b = await makeCompany(t, '株式会社ビー');
      for (const role of staff) sessions.set(role, await login(t, (await makeUser(t, role)).email));
      sessions.set('a_admin', await login(t, (await makeUser(t, 'company_admin', a.id)).email));
      sessions.set('a_member', await login(t, (await makeUser(t, 'company_member', a.id)).email));
      sessions.set('b_admin', await login(t, (await makeUser(t, 'company_admin', b.id)).email));
      sessions.set('b_member', await login(t, (await makeUser(t, 'company_member', b.id)).email));
      const admin = sessions.get('program_admin')!;
      const contactA = (await call(t, admin, 'POST', `/api/v1/companies/${a.id}/contacts`, { name: 'A 担当' })).json();
      const contactB = (await call(t, admin, 'POST', `/api/v1/companies/${b.id}/contacts`, { name: 'B 担当' })).json();
      const app = (await call(t, null, 'POST', '/api/v1/applications', {
        companyName: '株式会社申込', industry: 'retail', employeesBand: '1-5', pcCount: 2, sites: 1, contactName: '申込 者', phone: '052-111-2222', email: 'apply@x.example.jp', referralRoute: 'ipa', consent: true,
      })).json();
      const mkAlert = async (companyId: string) => {
        const id = `alt_${companyId.slice(4)}`;
        const now = new Date().toISOString();
        await t.deps.db.kysely.insertInto('alerts').values({ id, company_id: companyId, device_id: null, category: 'c2.botnet.outbound', status: 'new', host_ip: '192.168.1.5', host_mac: null, host_vendor: null, host_name: null, remote_ip: '203.0.113.9', remote_org: null, count: 1, first_seen: now, last_seen: now, assignee_id: null, created_at: now, updated_at: now }).execute();
        return id;
      };
      ids = { company: a.id, contact: contactA.id, application: app.id, alert: await mkAlert(a.id) };
      idsB = { company: b.id, contact: contactB.id, application: app.id, alert: await mkAlert(b.id) };
    });
    after(async () => t.close());

    for (const r of routes) {
      it(`${r.method} ${r.path({ company: ':id', contact: ':contactId', application: ':id', alert: ':alertId' })}`, async () => {
        const anon = await call(t, null, r.method, r.path(ids), r.body?.());
        assert.equal(anon.statusCode, 401, `anonymous gets 401, got ${anon.statusCode}`);
        assert.equal(anon.json().error.code, 'unauthenticated');
        for (const [who, s] of sessions) {
          if (who.startsWith('b_')) continue;
          const res = await call(t, s, r.method, r.path(ids), r.body?.());
          const ok = res.statusCode >= 200 && res.statusCode < 300;
          assert.equal(ok, r.allowed.includes(who as Role), `${who}: ${r.method} ${r.path(ids)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (!ok) assert.ok([403, 404].includes(res.statusCode), `${who} denied with 403/404, got ${res.statusCode}`);
        }
        if (r.scoped) {
          // Company B's users reaching for company A's data: same answer as for a company that does not exist.
          const ghost = { ...ids, company: 'cmp_doesnotexist0000000000', alert: 'alt_doesnotexist0000000000' };
          for (const who of ['b_admin', 'b_member']) {
            const s = sessions.get(who)!;
            const cross = await call(t, s, r.method, r.path(ids), r.body?.());
            const missing = await call(t, s, r.method, r.path(ghost), r.body?.());
            assert.equal(cross.statusCode, 404, `${who} on company A: ${r.method} ${r.path(ids)} → ${cross.statusCode}`);
            assert.equal(cross.statusCode, missing.statusCode);
            assert.deepEqual(cross.json(), missing.json(), 'no existence leak');
          }
          // And their own company's data stays reachable where the role allows it.
          if (r.allowed.includes('a_admin') && r.method === 'GET') {
            const own = await call(t, sessions.get('b_admin')!, r.method, r.path(idsB));
            assert.equal(own.statusCode, 200);
          }
        }
      });
    }

    it('company users never see another company in the list, whatever the filter', async () => {
      for (const q of ['', '?q=ビー', `?q=${idsB.company}`, '?status=applied', '?pageSize=200']) {
        const res = (await call(t, sessions.get('a_member')!, 'GET', `/api/v1/companies${q}`)).json();
        assert.ok(res.items.every((c: { id: string }) => c.id === ids.company), `filter ${q}`);
      }
    });

    it('a company admin cannot create staff users or users of another company', async () => {
      const s = sessions.get('a_admin')!;
      const staffUser = await call(t, s, 'POST', '/api/v1/users', { email: 'x@y.jp', name: 'x', role: 'program_admin' });
      assert.equal(staffUser.statusCode, 403);
      const wrongRole = await call(t, s, 'POST', `/api/v1/companies/${ids.company}/users`, { email: 'z@y.jp', name: 'z', role: 'operator' });
      assert.equal(wrongRole.statusCode, 400);
    });

    it('a company user cannot read a contact of another company through its own company path', async () => {
      const r = await call(t, sessions.get('a_admin')!, 'PATCH', `/api/v1/companies/${ids.company}/contacts/${idsB.contact}`, { title: 'x' });
      assert.equal(r.statusCode, 404);
      const b = (await call(t, sessions.get('b_admin')!, 'GET', `/api/v1/companies/${idsB.company}/contacts`)).json();
      assert.notEqual(b.items[0].title, 'x');
    });

    it('audits every staff read of a company and none of the company reading itself', async () => {
      const count = async () =>
        (await t.deps.db.kysely.selectFrom('audit_log').select('actor_id').where('action', '=', 'company.viewed').where('company_id', '=', ids.company).execute()).length;
      const before = await count();
      await call(t, sessions.get('operator')!, 'GET', `/api/v1/companies/${ids.company}`);
      await call(t, sessions.get('analyst')!, 'GET', `/api/v1/companies/${ids.company}/contacts`);
      assert.equal(await count(), before + 2);
      await call(t, sessions.get('a_member')!, 'GET', `/api/v1/companies/${ids.company}`);
      assert.equal(await count(), before + 2);
    });
  });
}
