import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startLiveServer, type LiveServer, logIn, screenshot } from '../support/browser.ts';
import { sendUdp, waitFor } from '../support/syslog.ts';
import { createUser } from '../../src/modules/accounts/createUser.ts';
import { createCompany } from '../../src/modules/companies/createCompany.ts';
import { registerDevice } from '../../src/modules/devices/registerDevice.ts';
import { systemActor } from '../../src/platform/auth/roles.ts';

const ANALYST = { email: 'kanshi@otasuke.example.jp', password: 'monitoring-center-pass' };
const SN = '0017C5EE0505';
const botnet = (minute: number) =>
  `<129>id=firewall sn=${SN} time="2026-11-24 14:${String(minute).padStart(2, '0')}:00" fw=203.0.113.50 pri=1 c=32 m=1201 msg="Suspected Botnet responder blocked" src=192.168.30.45:51000:X0 dst=203.0.113.66:443:X1 srcMac=f0:18:98:aa:bb:cc proto=tcp/https`;

describe('browser: an analyst sees a new alert, opens it, suppresses it, and the next identical line raises none', () => {
  let server: LiveServer;
  let browser: Browser;
  let companyId: string;
  before(async () => {
    server = await startLiveServer('sqlite', { ingest: true });
    await createUser(server.deps, { actor: systemActor }, { email: ANALYST.email, role: 'analyst', name: '監視 花子', password: ANALYST.password });
    companyId = (await createCompany(server.deps, { actor: systemActor }, { name: '株式会社みどり電機', industry: 'manufacturing', employeesBand: '21-50' })).id;
    await registerDevice(server.deps, { actor: systemActor }, companyId, { vendor: 'sonicwall', identity: SN, lanCidrs: ['192.168.30.0/24'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('works end to end in real Chromium', async () => {
    const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await logIn(page, server.url, ANALYST.email, ANALYST.password);
    await page.goto(`${server.url}/alerts`);
    await page.getByTestId('alerts-live').waitFor();
    assert.equal(await page.getByTestId('alert-row').count(), 0);

    // A PC on the LAN talks to a botnet address: the queue shows it without a reload.
    await sendUdp(server.ingest!.receivers!.udpPort, [botnet(0), botnet(1)]);
    const row = page.getByTestId('alert-row').first();
    await row.waitFor({ timeout: 15_000 });
    assert.equal(await row.getAttribute('data-category'), 'c2.botnet.outbound');
    await screenshot(page, 'alerts-queue');

    await row.click();
    await page.getByTestId('alert-page').waitFor();
    assert.match((await page.getByTestId('alert-vendor').textContent()) ?? '', /Apple, Inc\./);
    assert.match((await page.getByTestId('alert-raw').textContent()) ?? '', /Suspected Botnet responder blocked/);
    const alertId = await page.getByTestId('alert-page').getAttribute('data-alert-id');
    await screenshot(page, 'alert-detail');

    // Judged benign after calling the company: suppress with a reason.
    await page.getByTestId('alert-suppress').click();
    const dialog = page.getByTestId('suppress-dialog');
    await dialog.waitFor();
    await page.locator('#suppressReason').fill('お客様に確認済み：検証用の端末による意図的な通信');
    await screenshot(page, 'alert-suppress-dialog');
    await dialog.locator('button[type=submit]').click();
    await page.getByTestId('suppress-close-alert').click();
    await waitFor('alert closed', async () => (await server.deps.db.kysely.selectFrom('alerts').select('status').where('id', '=', alertId!).executeTakeFirst())?.status === 'closed');

    // The same line again: counted, but no new alert.
    const countBefore = Number((await server.deps.db.kysely.selectFrom('device_daily_stats').select((eb) => eb.fn.sum<number>('lines').as('n')).executeTakeFirst())?.n ?? 0);
    await sendUdp(server.ingest!.receivers!.udpPort, [botnet(5)]);
    await waitFor('line counted', async () => Number((await server.deps.db.kysely.selectFrom('device_daily_stats').select((eb) => eb.fn.sum<number>('lines').as('n')).executeTakeFirst())?.n ?? 0) > countBefore);
    const alerts = await server.deps.db.kysely.selectFrom('alerts').select(['id', 'status', 'count']).where('company_id', '=', companyId).execute();
    assert.equal(alerts.length, 1, 'no new alert after the suppression');
    assert.equal(Number(alerts[0]!.count), 2);
    await page.goto(`${server.url}/alerts`);
    await page.getByTestId('alerts-live').waitFor();
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId('alert-row').count(), 0, 'the new-alert queue stays empty');
    assert.deepEqual(pageErrors, []);
    await ctx.close();
  });
});
