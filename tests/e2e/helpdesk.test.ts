import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startLiveServer, type LiveServer, logIn, screenshot } from '../support/browser.ts';
import { sendUdp, waitFor } from '../support/syslog.ts';
import { createUser } from '../../src/modules/accounts/createUser.ts';
import { createCompany } from '../../src/modules/companies/createCompany.ts';
import { registerDevice } from '../../src/modules/devices/registerDevice.ts';
import { createKb } from '../../src/modules/helpdesk/kb.ts';
import { saveOffice, setResponderProfile } from '../../src/modules/dispatch/offices.ts';
import { startSmtpReceiver } from '../../src/modules/helpdesk/smtp-receiver.ts';
import { systemActor } from '../../src/platform/auth/roles.ts';
import dispatchJa from '../../src/platform/i18n/locales/dispatch.ja.json' with { type: 'json' };

const require = createRequire(import.meta.url);
const PDFJS_DIR = path.dirname(require.resolve('pdfjs-dist/build/pdf.min.mjs'));

const PASSWORD = 'helpdesk-browser-pass';
const USERS = {
  customer: { email: 'soumu@midori-denki.example.jp', name: '緑川 花子', role: 'company_admin' as const },
  operator: { email: 'madoguchi@otasuke.example.jp', name: '窓口 一郎', role: 'operator' as const },
  analyst: { email: 'kanshi@otasuke.example.jp', name: '監視 次郎', role: 'analyst' as const },
  responder: { email: 'kaketsuke@otasuke.example.jp', name: '駆付 三郎', role: 'responder' as const },
};
const SN = '0017C5EE0707';
const HOST_IP = '192.168.30.45';
const HOST_MAC = 'f0:18:98:aa:bb:cc';
const botnet = (minute: number) =>
  `<129>id=firewall sn=${SN} time="2026-11-24 14:${String(minute).padStart(2, '0')}:00" fw=203.0.113.50 pri=1 c=32 m=1201 msg="Suspected Botnet responder blocked" src=${HOST_IP}:51000:X0 dst=203.0.113.66:443:X1 srcMac=${HOST_MAC} proto=tcp/https`;
const KB_TEXT = 'あやしいメールの添付ファイルを開いてしまったときは、まずパソコンのLANケーブルを抜くか、Wi-Fiを切ってください。電源は切らずに、そのままお助け隊にご連絡ください。';
const SHA = 'a3f5c0e1b2d4968712fe0c9d8b7a6e5f4d3c2b1a0918273645f6e7d8c9b0a1f2';

const shots = process.env.OTASUKE_SCREENSHOTS;

// The few browser objects the page.evaluate callbacks use (this project's Node tsconfig has no DOM types).
interface Canvas2d {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
interface CanvasEl {
  width: number;
  height: number;
  getContext(kind: '2d'): Canvas2d | null;
  toDataURL(type: string): string;
}
interface BrowserGlobals {
  document: { documentElement: { scrollWidth: number }; getElementById(id: string): CanvasEl | null };
  innerWidth: number;
}
/** True when the page is no wider than the viewport (no sideways scrolling). */
const fitsWidth = () => {
  const w = globalThis as unknown as BrowserGlobals;
  return w.document.documentElement.scrollWidth <= w.innerWidth;
};

describe('browser: consultation answered, alert → call → escalation → judgement → dispatch → on-site work → report PDF', () => {
  let server: LiveServer;
  let browser: Browser;
  let companyId: string;
  let responderId: string;
  const tmp = mkdtempSync(path.join(tmpdir(), 'otasuke-helpdesk-e2e-'));
  const pageErrors: string[] = [];

  before(async () => {
    server = await startLiveServer('sqlite', { ingest: true });
    const ctx = { actor: systemActor };
    const ids: Record<string, string> = {};
    companyId = (await createCompany(server.deps, ctx, { name: '株式会社みどり電機', industry: 'manufacturing', employeesBand: '21-50', address: '愛知県一宮市本町2-3-4' })).id;
    for (const [key, u] of Object.entries(USERS)) {
      ids[key] = (await createUser(server.deps, ctx, { email: u.email, name: u.name, role: u.role, password: PASSWORD, companyId: u.role === 'company_admin' ? companyId : null })).id;
    }
    responderId = ids.responder!;
    await registerDevice(server.deps, ctx, companyId, { vendor: 'sonicwall', identity: SN, lanCidrs: ['192.168.30.0/24'] });
    const office = await saveOffice(server.deps, ctx, { name: '尾張駆けつけ拠点', address: '愛知県一宮市栄1-1-1', coverage: ['一宮市', '稲沢市'] });
    await setResponderProfile(server.deps, ctx, responderId, { officeId: office.id, skills: ['windows', 'mac'], hours: '09:00-18:00' });
    await createKb(server.deps, ctx, {
      slug: 'suspicious-attachment-opened',
      category: 'suspicious_mail',
      title: 'あやしいメールの添付ファイルを開いてしまったら',
      customerBody: KB_TEXT,
      staffBody: '開いた日時、端末、同じメールを受け取った人を確認する。',
      checklist: ['開いた端末を特定', 'ネットワークから切り離し'],
      published: true,
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(who: keyof typeof USERS, viewport = { width: 1280, height: 900 }, mobile = false): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ locale: 'ja-JP', viewport, ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
    await logIn(page, server.url, USERS[who].email, PASSWORD);
    return { ctx, page };
  }

  it('(a) a company user asks a question and reads the help desk answer', async () => {
    const customer = await open('customer');
    await customer.page.getByTestId('nav-support').click();
    await customer.page.getByTestId('support-ask').waitFor();
    await customer.page.getByTestId('support-submit').click();
    assert.ok(await customer.page.getByTestId('error-askSubject').isVisible(), 'missing fields are pointed out');
    await customer.page.locator('#askCategory').selectOption('suspicious_mail');
    await customer.page.locator('#askSubject').fill('取引先を名乗るメールの添付ファイルを開いてしまいました');
    await customer.page.locator('#askBody').fill('今朝9時ごろ、経理のパソコンで「請求書」という添付ファイルを開きました。\n何も表示されませんでしたが、大丈夫でしょうか。');
    await screenshot(customer.page, 'support-form');
    await customer.page.getByTestId('support-submit').click();
    const caseView = customer.page.getByTestId('support-case');
    await caseView.waitFor();
    const caseId = (await caseView.getAttribute('data-case-id'))!;
    assert.match(await customer.page.getByTestId('case-subject').innerText(), /添付ファイルを開いてしまいました/);

    // The operator finds it in the queue and answers with the knowledge-base text.
    const operator = await open('operator');
    await operator.page.goto(`${server.url}/cases`);
    await operator.page.locator(`[data-testid=case-row][data-case-id="${caseId}"]`).waitFor();
    await screenshot(operator.page, 'case-queue');
    await operator.page.locator(`[data-testid=case-row][data-case-id="${caseId}"]`).click();
    await operator.page.getByTestId('case-page').waitFor();
    await operator.page.getByTestId('case-assign-me').click();
    await waitFor('assigned', async () => (await operator.page.getByTestId('case-assignee').innerText()).includes(USERS.operator.name));
    await operator.page.getByTestId('composer-tab-reply').click();
    await operator.page.getByTestId('composer-kb').click();
    await operator.page.getByTestId('kb-pick').first().waitFor();
    await screenshot(operator.page, 'kb-picker');
    await operator.page.getByTestId('kb-pick-insert').first().click();
    assert.equal(await operator.page.getByTestId('composer-text').inputValue(), KB_TEXT);
    await operator.page.getByTestId('composer-text').press('End');
    await operator.page.getByTestId('composer-text').pressSequentially('\n念のため、今日中にお電話でも状況を伺います。');
    await operator.page.getByTestId('composer-submit').click();
    await operator.page.getByTestId('composer-sent').waitFor();
    await operator.page.locator('[data-testid=case-event][data-kind=message_out]').waitFor();
    const mail = await server.smtp.waitFor(USERS.customer.email);
    assert.match(mail.text ?? '', /LANケーブルを抜く/);

    // The customer sees the answer (and no internal notes).
    await customer.page.reload();
    const answer = customer.page.locator('[data-testid=case-event][data-kind=message_out]');
    await answer.waitFor();
    assert.match(await answer.innerText(), /LANケーブルを抜くか、Wi-Fiを切ってください/);
    assert.equal(await customer.page.locator('[data-testid=case-event][data-visibility=internal]').count(), 0);
    await screenshot(customer.page, 'support-answer');

    // The help page finds the same article.
    await customer.page.getByTestId('nav-help').click();
    await customer.page.getByTestId('help-q').fill('添付ファイル');
    await customer.page.getByTestId('help-search').click();
    const article = customer.page.locator('[data-testid=help-article][data-slug=suspicious-attachment-opened]');
    await article.getByTestId('help-article-toggle').click();
    assert.match(await article.getByTestId('help-article-body').innerText(), /電源は切らずに/);
    await screenshot(customer.page, 'help');
    await customer.ctx.close();
    await operator.ctx.close();
  });

  let outboundCaseId = '';

  it('(b) an operator turns an alert into a case, reads the call script, logs the call and escalates', async () => {
    await sendUdp(server.ingest!.receivers!.udpPort, [botnet(0), botnet(1)]);
    const alert = await waitFor('botnet alert', () => server.deps.db.kysely.selectFrom('alerts').select(['id']).where('company_id', '=', companyId).executeTakeFirst(), 15_000);
    const operator = await open('operator');
    await operator.page.goto(`${server.url}/alerts/${alert.id}`);
    await operator.page.getByTestId('alert-page').waitFor();
    await operator.page.getByTestId('alert-to-case').click();
    await operator.page.getByTestId('case-page').waitFor();
    outboundCaseId = (await operator.page.getByTestId('case-page').getAttribute('data-case-id'))!;
    const script = operator.page.getByTestId('call-script');
    await script.waitFor();
    assert.ok((await operator.page.getByTestId('call-script-seen').innerText()).length > 10);
    assert.match(await operator.page.getByTestId('call-script-device').innerText(), new RegExp(HOST_IP.replace(/\./g, '\\.')));
    assert.ok((await operator.page.locator('[data-testid=call-script-ask] li').count()) >= 1);
    assert.ok((await operator.page.locator('[data-testid=call-script-advise] li').count()) >= 1);
    assert.equal(await operator.page.locator('[data-testid=case-alert]').count(), 1);
    await screenshot(operator.page, 'case-call-script');

    // The call: the composer opens on the call-note tab for an outbound case.
    assert.equal(await operator.page.getByTestId('composer-tab-call_note').getAttribute('aria-selected'), 'true');
    await operator.page.getByTestId('composer-text').fill('総務の緑川様と通話。経理のMacBook（Wi-Fi）と判明。Wi-Fiを切っていただいた。');
    await operator.page.getByTestId('composer-submit').click();
    await operator.page.locator('[data-testid=case-event][data-kind=call_note]').waitFor();

    await operator.page.getByTestId('case-escalate').click();
    await operator.page.locator('#escalateReason').fill('端末は特定できたが、感染しているかどうか判断できないため。');
    await operator.page.getByTestId('escalate-submit').click();
    await waitFor('escalated', async () => (await operator.page.getByTestId('case-page').getAttribute('data-tier')) === 'back');
    await operator.page.locator('[data-testid=case-event][data-kind=escalation]').waitFor();
    await operator.ctx.close();
  });

  let dispatchId = '';

  it('(c) the back office records a judgement and orders a dispatch', async () => {
    const analyst = await open('analyst');
    await analyst.page.goto(`${server.url}/cases?tier=back`);
    await analyst.page.locator(`[data-testid=case-row][data-case-id="${outboundCaseId}"]`).click();
    await analyst.page.getByTestId('judgement-form').waitFor();
    await analyst.page.getByTestId('judgement-incident-yes').check();
    await analyst.page.locator('#judgementCategory').selectOption('malware');
    await analyst.page.getByTestId('judgement-dispatchNeeded-yes').check();
    await analyst.page.locator('#judgementReason').fill('ボットネットの指令サーバーへの通信が続いており、感染の可能性が高い。現地での初動調査が必要。');
    await screenshot(analyst.page, 'judgement-form');
    await analyst.page.getByTestId('judgement-submit').click();
    const judgement = analyst.page.getByTestId('judgement');
    await judgement.waitFor();
    assert.equal(await judgement.getAttribute('data-incident'), 'true');
    assert.equal(await judgement.getAttribute('data-dispatch'), 'true');

    await analyst.page.getByTestId('case-dispatch').click();
    const dialog = analyst.page.getByTestId('dispatch-order-dialog');
    await dialog.waitFor();
    await waitFor('address prefilled', async () => (await analyst.page.locator('#dispatchSite').inputValue()) === '愛知県一宮市本町2-3-4');
    assert.equal(await analyst.page.locator('#dispatchIp').inputValue(), HOST_IP);
    assert.equal(await analyst.page.locator('#dispatchMac').inputValue(), HOST_MAC);
    assert.match(await analyst.page.locator('#dispatchVendor').inputValue(), /Apple/);
    await analyst.page.locator('#dispatchKind').selectOption('mac');
    await analyst.page.locator('#dispatchRequest').selectOption('fast_forensics');
    await analyst.page.getByTestId('dispatch-priority-urgent').check();
    await screenshot(analyst.page, 'dispatch-order');
    await analyst.page.getByTestId('dispatch-order-submit').click();
    await analyst.page.getByTestId('dispatch-order-created').waitFor();
    assert.equal((await analyst.page.getByTestId('proposed-office').innerText()).includes('尾張駆けつけ拠点'), true);
    assert.equal((await analyst.page.getByTestId('proposed-responder').innerText()).includes(USERS.responder.name), true);
    await analyst.page.getByTestId('dispatch-order-open').click();
    await analyst.page.getByTestId('dispatch-page').waitFor();
    dispatchId = (await analyst.page.getByTestId('dispatch-page').getAttribute('data-dispatch-id'))!;

    // Scheduling: the proposed responder, a visit time.
    await analyst.page.getByTestId('dispatch-schedule').waitFor();
    await analyst.page.locator('#scheduleResponder').selectOption(responderId);
    await analyst.page.locator('#scheduleVisitAt').fill('2026-11-25T10:00');
    await analyst.page.getByTestId('schedule-save').click();
    await waitFor('scheduled', async () => (await analyst.page.getByTestId('dispatch-page').getAttribute('data-status')) === 'scheduled');
    await screenshot(analyst.page, 'dispatch-backoffice');
    await analyst.page.getByTestId('nav-dispatches').click();
    await analyst.page.locator(`[data-testid=dispatch-row][data-dispatch-id="${dispatchId}"]`).waitFor();
    await screenshot(analyst.page, 'dispatch-list');
    await analyst.ctx.close();
  });

  it('(d) the responder works the dispatch on a phone (390×844) and sends the report; (e) the PDF is looked at', async () => {
    const { ctx, page } = await open('responder', { width: 390, height: 844 }, true);
    await page.getByTestId('dispatches-page').waitFor();
    await screenshot(page, 'responder-list');
    await page.locator(`[data-testid=dispatch-card][data-dispatch-id="${dispatchId}"]`).click();
    await page.getByTestId('dispatch-page').waitFor();
    await screenshot(page, 'responder-before-arrival');
    assert.ok(await page.evaluate(fitsWidth), 'the responder page fits 390 px without sideways scrolling');

    await page.getByTestId('dispatch-arrive').click();
    await waitFor('on site', async () => (await page.getByTestId('dispatch-page').getAttribute('data-status')) === 'on_site');
    const due = page.getByTestId('report-due');
    assert.equal(await due.getAttribute('data-days'), '7');

    for (const item of ['deviceIdentified', 'photos', 'volatileData', 'diskImage', 'networkIsolated', 'customerInformed']) {
      const row = page.locator(`[data-testid=checklist-item][data-item=${item}]`);
      await row.locator('.checklist-toggle').click();
      await waitFor(`${item} done`, async () => (await row.getAttribute('data-done')) === 'true');
    }
    await page.getByTestId('checklist-add-note-networkIsolated').click();
    await page.getByTestId('checklist-note-networkIsolated').fill('Wi-Fiをオフにし、機内モードにした');
    await page.getByTestId('checklist-note-save-networkIsolated').click();
    await waitFor('note saved', async () => (await page.getByTestId('checklist-note-save-networkIsolated').isDisabled()));
    assert.match(await page.getByTestId('checklist-count').innerText(), /6 \/ 6/);

    await page.getByTestId('evidence-add').click();
    await page.locator('#evLabel').fill('MacBook Air ディスクイメージ');
    await page.locator('#evSha256').fill(SHA.toUpperCase());
    await page.locator('#evSize').fill('256060514304');
    await page.locator('#evLocation').fill('証拠袋 No.3（施錠ケース）');
    await page.getByTestId('evidence-submit').click();
    const evidence = page.getByTestId('evidence-item');
    await evidence.waitFor();
    assert.equal(await evidence.getByTestId('evidence-sha256').innerText(), SHA);
    await evidence.getByTestId('custody-add').click();
    await evidence.locator('input[id^=cu-to-]').fill('解析センター 佐藤');
    await evidence.locator('input[id^=cu-loc-]').fill('解析センター 保管庫A');
    await evidence.locator('input[id^=cu-pur-]').fill('解析のため');
    await evidence.getByTestId('custody-submit').click();
    await evidence.getByTestId('custody-row').waitFor();
    assert.match(await evidence.getByTestId('custody-row').innerText(), /解析センター 佐藤/);

    await page.locator('#findingsText').fill('不審な常駐プログラムを確認。C2 への通信はこの端末から。');
    await page.getByTestId('findings-recovered-now').click();
    await page.getByTestId('findings-save').click();
    await page.getByTestId('findings-saved').waitFor();

    await page.locator('#report-whatHappened').fill('経理のパソコン（MacBook Air）1台が、ウイルスに感染していました。');
    await page.locator('#report-why').fill('取引先を装ったメールの添付ファイルを開いたことが原因と考えられます。');
    await page.locator('#report-whatDone').fill('パソコンをネットワークから切り離し、証拠を保全したうえで、業務用の別のパソコンを準備しました。');
    await page.locator('#report-whatNext').fill('同じメールを受け取った方がいないか、社内でご確認ください。パスワードの変更をお願いします。');
    await page.locator('#report-technical').fill(`C2: 203.0.113.66:443\nHost: ${HOST_IP} (${HOST_MAC})\nImage SHA-256: ${SHA}`);
    await page.getByTestId('report-save').click();
    await page.getByTestId('report-saved').waitFor();
    await page.getByTestId('report-pdf').waitFor();
    assert.equal(await page.getByTestId('report-pdf').getAttribute('href'), `/api/v1/dispatches/${dispatchId}/report.pdf`);
    await screenshot(page, 'responder-on-site');
    assert.ok(await page.evaluate(fitsWidth), 'still no sideways scrolling with everything filled in');

    // (e) The first page of the PDF, rendered by pdf.js inside Chromium and looked at as a picture.
    const check = await ctx.newPage();
    await check.route(`${server.url}/__pdfjs/**`, (route) => {
      const file = path.join(PDFJS_DIR, path.basename(new URL(route.request().url()).pathname));
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(file) });
    });
    await check.route(`${server.url}/__pdfcheck`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>pdf</title><body style="margin:0;background:#fff"><canvas id="c"></canvas></body>' }));
    await check.goto(`${server.url}/__pdfcheck`);
    const rendered = await check.evaluate(async ({ base, url }) => {
      const pdfjs = await import(`${base}/__pdfjs/pdf.min.mjs`);
      pdfjs.GlobalWorkerOptions.workerSrc = `${base}/__pdfjs/pdf.worker.min.mjs`;
      const res = await fetch(url, { credentials: 'same-origin' });
      const type = res.headers.get('content-type');
      const bytes = new Uint8Array(await res.arrayBuffer());
      const doc = await pdfjs.getDocument({ data: bytes }).promise;
      const first = await doc.getPage(1);
      const viewport = first.getViewport({ scale: 1.5 });
      const canvas = (globalThis as unknown as BrowserGlobals).document.getElementById('c')!;
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, canvas.width, canvas.height);
      await first.render({ canvas, canvasContext: g, viewport }).promise;
      const px = g.getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i]! < 200 || px[i + 1]! < 200 || px[i + 2]! < 200) ink++;
      const content = await first.getTextContent();
      const text = content.items.map((it: { str?: string }) => it.str ?? '').join('');
      return { status: res.status, type, pages: doc.numPages, ink, total: px.length / 4, text, png: canvas.toDataURL('image/png') };
    }, { base: server.url, url: `${server.url}/api/v1/dispatches/${dispatchId}/report.pdf` });
    assert.equal(rendered.status, 200);
    assert.match(rendered.type ?? '', /application\/pdf/);
    assert.ok(rendered.pages >= 1);
    const pngPath = path.join(tmp, 'report-page1.png');
    writeFileSync(pngPath, Buffer.from(rendered.png.replace(/^data:image\/png;base64,/, ''), 'base64'));
    if (shots) writeFileSync(path.join(shots, 'report-page1.png'), readFileSync(pngPath));
    assert.ok(rendered.ink > rendered.total * 0.005, `page 1 is not blank (${rendered.ink} of ${rendered.total} pixels inked)`);
    const squash = (s: string) => s.replace(/\s+/g, '');
    const heading = squash((dispatchJa as { dispatch: { pdf: { title: string } } }).dispatch.pdf.title);
    assert.ok(squash(rendered.text).includes(heading), `the PDF text contains the heading ${heading}: ${rendered.text.slice(0, 200)}`);
    assert.ok(squash(rendered.text).includes('株式会社みどり電機'), 'addressed to the company');
    await check.close();

    // Send it: the company gets the PDF by mail, the dispatch is reported.
    await page.getByTestId('report-send').click();
    await page.getByTestId('report-send-confirm').click();
    await waitFor('reported', async () => (await page.getByTestId('dispatch-page').getAttribute('data-status')) === 'reported', 15_000);
    await page.getByTestId('report-sent').waitFor();
    const mail = await server.smtp.waitFor(USERS.customer.email);
    assert.ok(mail);
    const reportMail = await waitFor('report mail', async () => server.smtp.messages.find((m) => (m.attachments ?? []).some((a) => a.contentType === 'application/pdf')), 10_000);
    assert.ok(reportMail.attachments.some((a) => a.contentType === 'application/pdf'));
    await ctx.close();

    // The company finds the report on its own page too, and its link downloads the PDF.
    const customer = await open('customer');
    await customer.page.goto(`${server.url}/companies/${companyId}`);
    const link = customer.page.getByTestId('dispatch-report').locator('a');
    await link.waitFor();
    assert.match(await link.innerText(), /報告書 .+（PDF）/);
    const href = (await link.getAttribute('href'))!;
    assert.equal(href, `/api/v1/dispatches/${dispatchId}/report.pdf?locale=ja`);
    const got = await customer.page.evaluate(async (u) => {
      const r = await fetch(u, { credentials: 'same-origin' });
      return { status: r.status, type: r.headers.get('content-type'), head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) };
    }, href);
    assert.deepEqual(got, { status: 200, type: 'application/pdf', head: '%PDF-' });
    await screenshot(customer.page, 'company-dispatch-reports');
    await customer.ctx.close();
    assert.deepEqual(pageErrors, []);
  });

  it('(f) staff keep the knowledge base, send a bulk notice the company sees, and check the mail quarantine', async () => {
    const operator = await open('operator');
    await operator.page.getByTestId('nav-kb').click();
    await operator.page.getByTestId('kb-row').first().click();
    await operator.page.getByTestId('kb-editor').waitFor();
    await operator.page.getByTestId('kb-tab-staff').click();
    assert.match(await operator.page.locator('#kbChecklist').inputValue(), /開いた端末を特定\nネットワークから切り離し/);
    await operator.page.keyboard.press('Escape');
    await operator.page.getByTestId('kb-create').click();
    await operator.page.locator('#kbTitle').fill('Emotet に感染させるメールに注意');
    await operator.page.locator('#kbSlug').fill('Emotet-Warning');
    await operator.page.locator('#kbCategory').selectOption('emotet');
    await operator.page.locator('#kbCustomerBody').fill('取引先や同僚を名乗るメールに、パスワード付きのZIPファイルやWordファイルが添付されていたら、開かずにお助け隊にご相談ください。');
    await operator.page.locator('#kbPublished').check();
    await screenshot(operator.page, 'kb-editor');
    await operator.page.getByTestId('kb-save').click();
    await operator.page.getByTestId('kb-editor').waitFor({ state: 'detached' });
    await operator.page.locator('[data-testid=kb-row]', { hasText: 'Emotet に感染させるメールに注意' }).waitFor();

    await operator.page.getByTestId('nav-notices').click();
    await operator.page.locator('#noticeTitle').fill('【注意喚起】Emotet に感染させるメールが増えています');
    await operator.page.locator('#noticeBody').fill('取引先を名乗り、ZIPファイルが添付されたメールが届いています。\n心当たりのない添付ファイルは開かず、お助け隊にご相談ください。');
    // The company has only applied so far: include every participation status.
    for (const st of ['surveyed', 'applied']) await operator.page.locator(`[data-testid=notice-filter-status] input[value=${st}]`).check();
    await operator.page.getByTestId('notice-send').click();
    await operator.page.getByTestId('notice-confirm-send').click();
    await operator.page.getByTestId('notice-result').waitFor();
    assert.match(await operator.page.getByTestId('notice-result').innerText(), /1 社/);
    await operator.page.getByTestId('notice-row').first().waitFor();
    await screenshot(operator.page, 'notices');

    // A phone call logged by hand.
    await operator.page.getByTestId('nav-cases').click();
    await operator.page.getByTestId('case-create').click();
    await operator.page.locator('#newCaseCompany').fill('みどり');
    await operator.page.getByTestId('company-option').first().click();
    await operator.page.locator('#newCaseContactName').fill('緑川 花子');
    await operator.page.locator('#newCaseContactPhone').fill('０５８６－１２－３４５６');
    await operator.page.locator('#newCaseCategory').selectOption('device_trouble');
    await operator.page.locator('#newCaseSubject').fill('UTMのランプが赤く点滅している');
    await operator.page.locator('#newCaseBody').fill('朝から UTM の前面ランプが赤く点滅しているとのお電話。インターネットは使えている。');
    await screenshot(operator.page, 'new-case');
    await operator.page.getByTestId('new-case-submit').click();
    await operator.page.getByTestId('case-page').waitFor();
    assert.match(await operator.page.getByTestId('case-subject').innerText(), /UTMのランプ/);
    assert.match(await operator.page.getByTestId('case-contact').innerText(), /0586-12-3456/);
    await operator.page.locator('[data-testid=case-event][data-kind=call_note]').waitFor();

    // Mail from senders nobody registered waits in quarantine: one is released to the company (with its attachment), one discarded.
    const receiver = await startSmtpReceiver(server.deps, { port: 0, host: '127.0.0.1' });
    const invoice = Buffer.from('%PDF-1.4\n% 請求書（テスト）\n');
    try {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
      const to = server.deps.config.helpdesk.address;
      await transport.sendMail({ from: '経理 <keiri@partner-unknown.example.jp>', to, subject: '請求書が届いたのですが開いてよいですか', text: 'みどり電機の経理です。個人のアドレスから失礼します。\n添付の請求書を開いてよいか教えてください。', attachments: [{ filename: '請求書.pdf', content: invoice, contentType: 'application/pdf' }] });
      await transport.sendMail({ from: 'campaign@bulk-sender.example', to, subject: '【当選】ポイントが付与されました', text: 'こちらをクリック' });
      transport.close();
    } finally {
      await receiver.close();
    }
    await operator.page.getByTestId('nav-quarantine').click();
    await waitFor('two held mails', async () => (await operator.page.locator('[data-testid=quarantine-row][data-status=held]').count()) === 2, 10_000);
    await screenshot(operator.page, 'quarantine');
    const spam = operator.page.locator('[data-testid=quarantine-row]', { hasText: 'ポイントが付与されました' });
    await spam.getByTestId('quarantine-discard').click();
    await operator.page.getByTestId('quarantine-discard-confirm').click();
    await waitFor('discarded', async () => (await spam.getAttribute('data-status')) === 'discarded');
    await operator.page.locator('[data-testid=quarantine-row]', { hasText: '請求書が届いた' }).getByTestId('quarantine-release').click();
    await operator.page.locator('#releaseCompany').fill('みどり');
    await operator.page.getByTestId('company-option').first().click();
    await operator.page.getByTestId('quarantine-release-submit').click();
    await operator.page.getByTestId('quarantine-released').locator('a').click();
    await operator.page.getByTestId('case-page').waitFor();
    const attachment = operator.page.getByTestId('attachment');
    await attachment.waitFor();
    assert.equal(await attachment.getByTestId('attachment-sha256').innerText(), createHash('sha256').update(invoice).digest('hex'));
    const download = await operator.page.request.get(`${server.url}${await attachment.getByTestId('attachment-link').getAttribute('href')}`);
    assert.equal(download.status(), 200);
    assert.equal(download.headers()['x-content-type-options'], 'nosniff');
    assert.deepEqual(Buffer.from(await download.body()), invoice);
    await screenshot(operator.page, 'case-mail-attachment');
    await operator.ctx.close();

    const customer = await open('customer');
    await customer.page.getByTestId('nav-support').click();
    const notice = customer.page.getByTestId('company-notice').first();
    await notice.waitFor();
    assert.match(await notice.innerText(), /Emotet に感染させるメールが増えています/);
    await notice.locator('button').click();
    assert.match(await notice.innerText(), /開かず、お助け隊にご相談ください/);
    await screenshot(customer.page, 'support-notices');

    // The same pages in English.
    await customer.page.getByTestId('lang-toggle').click();
    await waitFor('English', async () => (await customer.page.locator('h1').first().innerText()) === 'Contact us');
    await customer.page.getByTestId('support-case-row').first().click();
    await customer.page.getByTestId('support-case').waitFor();
    assert.match(await customer.page.getByTestId('support-reply').innerText(), /Reply|follow-up/);
    await screenshot(customer.page, 'support-case-en');
    await customer.page.getByTestId('lang-toggle').click();
    await customer.ctx.close();
    assert.deepEqual(pageErrors, []);
  });
});
