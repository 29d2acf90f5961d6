import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startLiveServer, type LiveServer, logIn, screenshot } from '../support/browser.ts';
import { createUser } from '../../src/modules/accounts/createUser.ts';
import { systemActor } from '../../src/platform/auth/roles.ts';

const ADMIN = { email: 'jimukyoku@otasuke.example.jp', password: 'program-office-pass' };

describe('browser: apply → accept → invited admin logs in and sees only its company → English', () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => {
    server = await startLiveServer('sqlite');
    await createUser(server.deps, { actor: systemActor }, { email: ADMIN.email, role: 'program_admin', name: '事務局 花子', password: ADMIN.password });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs the whole enrolment in Japanese, then switches to English', async () => {
    const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // 1. A small company applies on the public form (no login).
    await page.goto(`${server.url}/apply`);
    await screenshot(page, 'apply-empty');
    await page.getByTestId('apply-submit').click();
    assert.ok(await page.getByTestId('error-companyName').isVisible(), 'missing fields are pointed out before sending');
    await page.locator('#companyName').fill('株式会社あおば製作所');
    await page.locator('#industry').selectOption('manufacturing');
    await page.locator('#employeesBand').selectOption('21-50');
    await page.locator('#pcCount').fill('28');
    await page.locator('#sites').fill('2');
    await page.locator('#address').fill('愛知県岡崎市康生通1-1');
    await page.locator('#contactName').fill('青葉 太郎');
    await page.locator('#contactTitle').fill('総務部長');
    await page.locator('#phone').fill('0564-11-2233');
    await page.locator('#email').fill('aoba@aoba-ss.example.jp');
    await page.locator('#referralRoute').selectOption('insurer_sales');
    await page.locator('#consent').check();
    await page.getByTestId('apply-submit').click();
    await page.getByTestId('apply-thanks').waitFor();
    const reference = (await page.getByTestId('reference-number').textContent())?.trim();
    assert.match(reference ?? '', /^app_/);
    await screenshot(page, 'apply-thanks');

    // 2. The program office accepts it.
    await server.deps.db.kysely
      .insertInto('companies')
      .values({ id: 'cmp_other0000000000000', name: '株式会社ほかの会社', industry: 'retail', employees_band: '1-5', pc_count: 3, sites: 1, referral_route: 'ipa', status: 'active', maturity_group: 'B', address: null, phone: null, email: null, website: null, withdrawal_reason: null, withdrawal_note: null, created_at: new Date().toISOString(), updated_at: new Date().toISOString() })
      .execute();
    await logIn(page, server.url, ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/applications`);
    const row = page.getByTestId('app-row').filter({ hasText: '株式会社あおば製作所' });
    await row.click();
    await page.getByTestId('app-detail').waitFor();
    await screenshot(page, 'application-detail');
    await page.getByTestId('accept-button').click();
    await page.getByTestId('accept-confirm').click();
    await page.getByTestId('accept-result').waitFor();
    await page.getByTestId('app-detail').getByRole('button', { name: '閉じる' }).click();
    await page.getByTestId('app-tab-accepted').click();
    await page.getByTestId('app-row').filter({ hasText: '株式会社あおば製作所' }).waitFor();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);

    // 3. The invitation arrives by SMTP; its link sets the password.
    await server.smtp.waitFor('aoba@aoba-ss.example.jp');
    const invite = server.smtp.messages.find((m) => /パスワード設定/.test(m.subject ?? ''));
    assert.ok(invite, 'invitation mail received');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/set-password\?token=[A-Za-z0-9_%-]+)/.exec(invite.text ?? '')?.[1];
    assert.ok(link, 'the invitation links back to this server');
    await page.goto(link);
    await assert.doesNotReject(page.getByTestId('set-password-email').filter({ hasText: 'aoba@aoba-ss.example.jp' }).waitFor());
    await page.locator('#newPassword').fill('aoba-seisakusho-2026');
    await page.locator('#confirmPassword').fill('aoba-seisakusho-2026');
    await page.getByRole('button', { name: /設定/ }).click();
    await page.waitForURL(/\/login/);

    // 4. The company admin logs in and sees only its own company.
    await logIn(page, server.url, 'aoba@aoba-ss.example.jp', 'aoba-seisakusho-2026');
    await page.getByTestId('company-page').waitFor();
    assert.equal((await page.getByTestId('company-name').textContent())?.includes('株式会社あおば製作所'), true);
    await screenshot(page, 'company-admin-home');
    const listed = (await page.evaluate(async () => (await fetch("/api/v1/companies")).json())) as { total: number; items: { name: string }[] };
    assert.equal(listed.total, 1);
    assert.equal(listed.items[0]?.name, '株式会社あおば製作所');
    await page.goto(`${server.url}/companies/cmp_other0000000000000`);
    await page.getByTestId('error-alert').or(page.getByText(/見つかりません/)).first().waitFor();
    assert.equal(await page.getByText('株式会社ほかの会社').count(), 0, 'another company never shows');

    // 5. Switch the UI to English.
    await page.goto(`${server.url}/`);
    await page.getByTestId('company-page').waitFor();
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('logout').filter({ hasText: /log ?out/i }).waitFor();
    assert.equal(await page.getByTestId('lang-toggle').getAttribute('data-current'), 'en');
    await page.reload();
    await page.getByTestId('logout').filter({ hasText: /log ?out/i }).waitFor();
    const me = (await page.evaluate(async () => (await fetch("/api/v1/me")).json())) as { locale: string };
    assert.equal(me.locale, 'en', 'the choice is saved for the user');
    await screenshot(page, 'company-admin-english');
    assert.deepEqual(pageErrors, []);
    await ctx.close();
  });
});
