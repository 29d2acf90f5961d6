import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../tests/support/engines.ts';
import { call, cookieFrom, login, makeCompany, makeUser, PASSWORD, startTestApp, type TestApp } from '../../../tests/support/harness.ts';
import { totpCode } from '../../platform/auth/totp.ts';

for (const engine of engines) {
  describe(`authentication [${engine}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { OTASUKE_LOGIN_MAX_FAILURES: '3', OTASUKE_LOGIN_LOCK_MINUTES: '15' });
    });
    after(async () => t.close());

    it('logs in with a server-side session in an HttpOnly SameSite=Lax cookie, and logs out', async () => {
      const u = await makeUser(t, 'operator');
      const res = await call(t, null, 'POST', '/api/v1/session', { email: u.email.toUpperCase(), password: PASSWORD });
      assert.equal(res.statusCode, 200, res.body);
      const c = res.cookies.find((x) => x.name === 'otasuke_session')!;
      assert.equal(c.httpOnly, true);
      assert.equal(c.sameSite, 'Lax');
      assert.notEqual(c.secure, true, 'plain-HTTP localhost gets no Secure flag');
      // The database keeps only a hash of the token.
      const stored = await t.deps.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute();
      assert.equal(stored.length, 1);
      assert.notEqual(stored[0]!.id, c.value);
      const s = { cookie: cookieFrom(res), csrf: res.json().user.csrfToken, userId: u.id };
      assert.equal((await call(t, s, 'GET', '/api/v1/me')).json().email, u.email);
      assert.equal((await call(t, s, 'DELETE', '/api/v1/session')).statusCode, 204);
      assert.equal((await call(t, s, 'GET', '/api/v1/me')).statusCode, 401);
    });

    it('marks the cookie Secure behind TLS', async () => {
      const u = await makeUser(t, 'operator');
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: u.email, password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
      // trustProxy is off by default, so the forwarded header must not be believed...
      assert.notEqual(res.cookies.find((x) => x.name === 'otasuke_session')!.secure, true);
      const strict = await startTestApp(engine, { OTASUKE_SECURE_COOKIES: 'always' });
      try {
        const u2 = await makeUser(strict, 'operator');
        const r2 = await strict.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: u2.email, password: PASSWORD } });
        assert.equal(r2.cookies.find((x) => x.name === 'otasuke_session')!.secure, true);
      } finally {
        await strict.close();
      }
    });

    it('answers 401 for a wrong password or unknown user with the same message', async () => {
      const u = await makeUser(t, 'analyst');
      const a = await call(t, null, 'POST', '/api/v1/session', { email: u.email, password: 'wrong-password' });
      const b = await call(t, null, 'POST', '/api/v1/session', { email: 'nobody@example.jp', password: 'wrong-password' });
      assert.equal(a.statusCode, 401);
      assert.equal(b.statusCode, 401);
      assert.equal(a.json().error.code, 'invalid_credentials');
      assert.equal(a.json().error.message, b.json().error.message);
    });

    it('locks an account after repeated failures (429), even for the right password, until the lock expires', async () => {
      const u = await makeUser(t, 'deployment');
      for (let i = 0; i < 3; i++) assert.equal((await call(t, null, 'POST', '/api/v1/session', { email: u.email, password: `bad-${i}` })).statusCode, 401);
      const locked = await call(t, null, 'POST', '/api/v1/session', { email: u.email, password: PASSWORD });
      assert.equal(locked.statusCode, 429);
      assert.equal(locked.json().error.code, 'too_many_attempts');
      assert.ok(Number(locked.headers['retry-after']) > 0);
      t.clock.advanceMinutes(16);
      assert.equal((await call(t, null, 'POST', '/api/v1/session', { email: u.email, password: PASSWORD })).statusCode, 200);
      t.clock.offsetMs = 0;
      const audit = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', u.id).execute();
      assert.equal(audit.filter((a) => a.action === 'auth.login_failed').length, 3);
      assert.ok(audit.some((a) => a.action === 'auth.login'));
    });

    it('rejects cookie-authenticated writes without the CSRF token', async () => {
      const admin = await makeUser(t, 'program_admin');
      const s = await login(t, admin.email);
      const body = { name: '株式会社CSRF', industry: 'it', employeesBand: '1-5' };
      const none = await t.app.inject({ method: 'POST', url: '/api/v1/companies', headers: { cookie: s.cookie }, payload: body });
      assert.equal(none.statusCode, 403);
      assert.equal(none.json().error.code, 'csrf_failed');
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/companies', headers: { cookie: s.cookie, 'x-csrf-token': 'forged' }, payload: body });
      assert.equal(wrong.statusCode, 403);
      const ok = await call(t, s, 'POST', '/api/v1/companies', body);
      assert.equal(ok.statusCode, 201);
      const n = await t.deps.db.kysely.selectFrom('companies').select('id').where('name', '=', '株式会社CSRF').execute();
      assert.equal(n.length, 1, 'only the request with the token created a company');
    });

    it('enrols staff in TOTP and then requires the code at login', async () => {
      const u = await makeUser(t, 'analyst');
      const s = await login(t, u.email);
      const me = (await call(t, s, 'GET', '/api/v1/me')).json();
      assert.equal(me.totpRequired, true);
      const setup = await call(t, s, 'POST', '/api/v1/me/totp/setup');
      assert.equal(setup.statusCode, 200);
      const { secret, uri, qrDataUrl } = setup.json();
      assert.match(uri, /^otpauth:\/\/totp\//);
      assert.match(qrDataUrl, /^data:image\/png;base64,/);
      assert.equal((await call(t, s, 'POST', '/api/v1/me/totp/enable', { code: '000000' === totpCode(secret) ? '111111' : '000000' })).statusCode, 401);
      assert.equal((await call(t, s, 'POST', '/api/v1/me/totp/enable', { code: totpCode(secret) })).statusCode, 204);

      const noCode = await call(t, null, 'POST', '/api/v1/session', { email: u.email, password: PASSWORD });
      assert.equal(noCode.statusCode, 401);
      assert.equal(noCode.json().error.code, 'totp_required');
      const badCode = await call(t, null, 'POST', '/api/v1/session', { email: u.email, password: PASSWORD, totp: totpCode(secret, new Date(Date.now() - 10 * 60_000)) });
      assert.equal(badCode.statusCode, 401);
      assert.equal(badCode.json().error.code, 'totp_invalid');
      const good = await login(t, u.email, PASSWORD, totpCode(secret));
      const me2 = (await call(t, good, 'GET', '/api/v1/me')).json();
      assert.equal(me2.totpEnabled, true);
      assert.equal(me2.totpRequired, false);
    });

    it('blocks unenrolled staff when two-factor is enforced, but not company users', async () => {
      const strict = await startTestApp(engine, { OTASUKE_ENFORCE_STAFF_TOTP: 'true' });
      try {
        const staff = await makeUser(strict, 'operator');
        const s = await login(strict, staff.email);
        const r = await call(strict, s, 'GET', '/api/v1/companies');
        assert.equal(r.statusCode, 403);
        assert.equal(r.json().error.code, 'totp_enrolment_required');
        assert.equal((await call(strict, s, 'POST', '/api/v1/me/totp/setup')).statusCode, 200);
        const company = await makeCompany(strict);
        const cu = await makeUser(strict, 'company_member', company.id);
        const cs = await login(strict, cu.email);
        assert.equal((await call(strict, cs, 'GET', '/api/v1/companies')).statusCode, 200);
      } finally {
        await strict.close();
      }
    });

    it('resets a forgotten password by e-mail without revealing who has an account', async () => {
      const u = await makeUser(t, 'operator');
      const known = await call(t, null, 'POST', '/api/v1/password-reset', { email: u.email });
      const unknown = await call(t, null, 'POST', '/api/v1/password-reset', { email: 'ghost@example.jp' });
      assert.equal(known.statusCode, 202);
      assert.equal(unknown.statusCode, 202);
      assert.deepEqual(known.json(), unknown.json());
      const mail = await t.smtp.waitFor(u.email);
      assert.match(mail.subject ?? '', /パスワード再設定/);
      const token = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(mail.text ?? '')![1]!);
      const old = await login(t, u.email);
      assert.equal((await call(t, null, 'POST', '/api/v1/password-reset/confirm', { token, password: 'brand-new-password' })).statusCode, 204);
      assert.equal((await call(t, old, 'GET', '/api/v1/me')).statusCode, 401, 'old sessions end when the password changes');
      assert.equal((await call(t, null, 'POST', '/api/v1/session', { email: u.email, password: PASSWORD })).statusCode, 401);
      await login(t, u.email, 'brand-new-password');
    });

    it('expires reset links', async () => {
      const u = await makeUser(t, 'operator');
      await call(t, null, 'POST', '/api/v1/password-reset', { email: u.email });
      const mail = await t.smtp.waitFor(u.email);
      const token = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(mail.text ?? '')![1]!);
      t.clock.advanceMinutes(3 * 60);
      const r = await call(t, null, 'POST', '/api/v1/password-reset/confirm', { token, password: 'too-late-password' });
      t.clock.offsetMs = 0;
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().error.code, 'token_invalid');
    });

    it('refuses prototype-poisoned JSON, unknown fields and oversized bodies with coded errors', async () => {
      const poisoned = await t.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json' }, payload: '{"email":"a@b.jp","password":"x","__proto__":{"isAdmin":true}}' });
      assert.equal(poisoned.statusCode, 400);
      assert.equal(poisoned.json().error.code, 'validation_failed');
      const broken = await t.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
      assert.equal(broken.statusCode, 400);
      const unknown = await call(t, null, 'POST', '/api/v1/session', { email: 'a@b.jp', password: 'x', role: 'program_admin' });
      assert.equal(unknown.statusCode, 400);
      const huge = await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ companyName: 'x'.repeat(2_000_000) }) });
      assert.equal(huge.statusCode, 413);
      assert.equal(huge.json().error.code, 'payload_too_large');
    });
  });
}
