import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../tests/support/engines.ts';
import { call, login, loginAs, startTestApp, type TestApp } from '../../../tests/support/harness.ts';

const application = (n: string) => ({
  companyName: `株式会社ひまわり精機${n}`,
  industry: 'manufacturing',
  employeesBand: '21-50',
  pcCount: 35,
  sites: 2,
  contactName: '佐藤 誠',
  contactTitle: '総務部長',
  phone: '052-123-4567',
  email: `sato${n}@himawari.example.jp`,
  address: '愛知県名古屋市中区1-2-3',
  referralRoute: 'insurer_sales',
  consent: true,
});

for (const engine of engines) {
  describe(`enrolment: application → acceptance → invite → password → login [${engine}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(async () => t.close());

    it('takes a public application, lets the program office accept it, and the invited admin sees only its company', async () => {
      const res = await call(t, null, 'POST', '/api/v1/applications', application('1'));
      assert.equal(res.statusCode, 201, res.body);
      const app = res.json();
      assert.equal(app.status, 'pending');
      const receipt = await t.smtp.waitFor('sato1@himawari.example.jp');
      assert.match(receipt.subject ?? '', /お申し込みを受け付けました/);

      const admin = await loginAs(t, 'program_admin');
      const list = await call(t, admin, 'GET', '/api/v1/applications?status=pending');
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json().items.map((a: { id: string }) => a.id), [app.id]);

      const accepted = await call(t, admin, 'POST', `/api/v1/applications/${app.id}/accept`, { note: '保険代理店経由' });
      assert.equal(accepted.statusCode, 200, accepted.body);
      const { company, application: decided } = accepted.json();
      assert.equal(decided.status, 'accepted');
      assert.equal(decided.companyId, company.id);
      assert.equal(company.name, '株式会社ひまわり精機1');
      assert.equal(company.status, 'applied');

      // The invitation arrives by real SMTP and carries a one-time link.
      await t.smtp.waitFor('sato1@himawari.example.jp');
      const invite = t.smtp.messages.find((m) => /パスワード設定/.test(m.subject ?? ''));
      assert.ok(invite, 'an invitation mail was sent');
      assert.match(invite.subject ?? '', /株式会社ひまわり精機1/);
      const link = /http:\/\/otasuke\.test\/set-password\?token=([A-Za-z0-9_%-]+)/.exec(invite.text ?? '');
      assert.ok(link, `invite mail has a link: ${invite.text}`);
      const token = decodeURIComponent(link[1]!);

      // The invited user cannot log in before setting a password.
      const early = await call(t, null, 'POST', '/api/v1/session', { email: 'sato1@himawari.example.jp', password: 'whatever-password' });
      assert.equal(early.statusCode, 401);

      const info = await call(t, null, 'GET', `/api/v1/password-tokens/${token}`);
      assert.equal(info.statusCode, 200);
      assert.deepEqual(info.json(), { email: 'sato1@himawari.example.jp', name: '佐藤 誠', purpose: 'invite' });
      const weak = await call(t, null, 'POST', '/api/v1/password-reset/confirm', { token, password: 'short' });
      assert.equal(weak.statusCode, 400);
      const set = await call(t, null, 'POST', '/api/v1/password-reset/confirm', { token, password: 'himawari-2026-secure' });
      assert.equal(set.statusCode, 204, set.body);
      const reuse = await call(t, null, 'POST', '/api/v1/password-reset/confirm', { token, password: 'another-password-1' });
      assert.equal(reuse.statusCode, 400);
      assert.equal(reuse.json().error.code, 'token_invalid');

      const s = await login(t, 'sato1@himawari.example.jp', 'himawari-2026-secure');
      const me = (await call(t, s, 'GET', '/api/v1/me')).json();
      assert.equal(me.role, 'company_admin');
      assert.equal(me.companyId, company.id);
      assert.equal(me.companyName, '株式会社ひまわり精機1');

      // Another company exists; the new admin sees only its own.
      const other = await call(t, admin, 'POST', '/api/v1/companies', { name: '株式会社よそ', industry: 'retail', employeesBand: '1-5' });
      assert.equal(other.statusCode, 201);
      const mine = (await call(t, s, 'GET', '/api/v1/companies')).json();
      assert.equal(mine.total, 1);
      assert.equal(mine.items[0].id, company.id);
      assert.equal((await call(t, s, 'GET', `/api/v1/companies/${other.json().id}`)).statusCode, 404);
      const contacts = (await call(t, s, 'GET', `/api/v1/companies/${company.id}/contacts`)).json();
      assert.equal(contacts.items.length, 1);
      assert.equal(contacts.items[0].isPrimary, true);
      assert.equal(contacts.items[0].name, '佐藤 誠');
    });

    it('refuses a duplicate application (same e-mail or same company name, ignoring spaces and width)', async () => {
      assert.equal((await call(t, null, 'POST', '/api/v1/applications', application('2'))).statusCode, 201);
      const sameMail = await call(t, null, 'POST', '/api/v1/applications', { ...application('2'), companyName: '別会社' });
      assert.equal(sameMail.statusCode, 409);
      assert.equal(sameMail.json().error.code, 'duplicate_application');
      const sameName = await call(t, null, 'POST', '/api/v1/applications', { ...application('x'), companyName: '株式会社　ひまわり精機２', email: 'other@example.jp' });
      assert.equal(sameName.statusCode, 409);
    });

    it('says which fields are wrong and stores nothing for invalid applications', async () => {
      const before = (await t.deps.db.kysely.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      const bad = await call(t, null, 'POST', '/api/v1/applications', {
        ...application('3'),
        email: 'not-an-email',
        phone: 'abc',
        pcCount: -1,
        consent: false,
        companyName: 'x'.repeat(500),
        extra: 'unknown field',
      });
      assert.equal(bad.statusCode, 400);
      const err = bad.json().error;
      assert.equal(err.code, 'validation_failed');
      const paths = err.fields.map((f: { path: string }) => f.path);
      for (const p of ['email', 'phone', 'pcCount', 'consent', 'companyName']) assert.ok(paths.includes(p), `${p} reported in ${JSON.stringify(paths)}`);
      const after = (await t.deps.db.kysely.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      assert.equal(Number(after), Number(before));
    });

    it('rejects with a reason, tells the applicant, and cannot decide twice', async () => {
      const app = (await call(t, null, 'POST', '/api/v1/applications', application('4'))).json();
      const admin = await loginAs(t, 'program_admin');
      const noReason = await call(t, admin, 'POST', `/api/v1/applications/${app.id}/reject`, {});
      assert.equal(noReason.statusCode, 400);
      const r = await call(t, admin, 'POST', `/api/v1/applications/${app.id}/reject`, { reason: 'サービス提供地域外のため' });
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().application.status, 'rejected');
      const mail = await t.smtp.waitFor('sato4@himawari.example.jp').then(() => t.smtp.messages.find((m) => (m.text ?? '').includes('サービス提供地域外')));
      assert.ok(mail, 'the applicant is told the reason');
      const again = await call(t, admin, 'POST', `/api/v1/applications/${app.id}/accept`, {});
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'already_decided');
    });

    it('serves a QR code of the public form to the program office only', async () => {
      const admin = await loginAs(t, 'program_admin');
      const r = await call(t, admin, 'GET', '/api/v1/applications/form-link');
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().url, 'http://otasuke.test/apply');
      assert.match(r.json().qrSvg, /^<svg/);
      const op = await loginAs(t, 'operator');
      assert.equal((await call(t, op, 'GET', '/api/v1/applications/form-link')).statusCode, 403);
    });
  });
}

describe('application input normalisation', () => {
  it('accepts full-width digits and e-mail letters as typed on Japanese keyboards', async () => {
    const { applicationInput } = await import('./companies.schemas.ts');
    const r = applicationInput.parse({
      companyName: '株式会社全角', industry: 'retail', employeesBand: '1-5', pcCount: '１２', sites: '１',
      contactName: '山田 花子', phone: '０５２－１２３－４５６７', email: 'ＹＡＭＡＤＡ＠example.jp', referralRoute: 'other', consent: true,
    });
    assert.equal(r.phone, '052-123-4567');
    assert.equal(r.email, 'yamada@example.jp');
    assert.equal(r.pcCount, 12);
    const missing = applicationInput.safeParse({ companyName: 'x', industry: 'retail', employeesBand: '1-5', contactName: 'y', phone: '052-123-4567', email: 'a@b.jp', referralRoute: 'other', consent: true });
    assert.equal(missing.success, false);
    assert.match(missing.error!.issues.find((i) => i.path[0] === 'pcCount')!.message, /required/);
  });
});
