import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startLiveServer, type LiveServer, logIn, screenshot } from '../support/browser.ts';
import { createUser } from '../../src/modules/accounts/createUser.ts';
import { createCompany } from '../../src/modules/companies/createCompany.ts';
import { systemActor } from '../../src/platform/auth/roles.ts';

const PASSWORD = 'assessment-browser-pass';
const USERS = {
  customer: { email: 'somu@hikari-kogyo.example.jp', name: '光 さくら', role: 'company_admin' as const },
  office: { email: 'jimukyoku@otasuke.example.jp', name: '事務局 一郎', role: 'program_admin' as const },
};

type A = 'yes' | 'partial' | 'no' | 'unknown' | 'na';
// First sitting (on a phone): Part 1 and the start of Part 2.
const SITTING_1: Record<string, A> = { Q01: 'yes', Q02: 'yes', Q03: 'partial', Q04: 'no', Q05: 'partial', Q06: 'yes', Q07: 'yes', Q08: 'partial', Q09: 'unknown', Q10: 'yes', Q11: 'yes', Q12: 'partial' };
// Second sitting (another day, at the desk): the rest, one "not applicable", one more "don't know", a few extension items.
const SITTING_2: Record<string, A> = { Q13: 'na', Q14: 'yes', Q15: 'yes', Q16: 'partial', Q17: 'yes', Q18: 'yes', Q19: 'partial', Q20: 'no', Q21: 'no', Q22: 'partial', Q23: 'unknown', Q24: 'no', Q25: 'no', X01: 'no', X03: 'no', X04: 'partial' };
const POINTS: Record<A, number> = { yes: 4, partial: 2, no: 0, unknown: -1, na: 4 };
const ALL = { ...SITTING_1, ...SITTING_2 };
const EXPECTED_SCORE = Object.entries(ALL)
  .filter(([id]) => id.startsWith('Q'))
  .reduce((s, [, a]) => s + POINTS[a], 0);

// The few browser objects the page.evaluate callbacks use (this project's Node tsconfig has no DOM types).
interface BrowserGlobals {
  document: { documentElement: { scrollWidth: number } };
  innerWidth: number;
}
const fitsWidth = () => {
  const w = globalThis as unknown as BrowserGlobals;
  return w.document.documentElement.scrollWidth <= w.innerWidth;
};

describe('browser: pre-survey → group and device; self-assessment over two sittings → score, radar, advice; SECURITY ACTION; group override', () => {
  let server: LiveServer;
  let browser: Browser;
  let companyId: string;
  const pageErrors: string[] = [];

  before(async () => {
    server = await startLiveServer('sqlite');
    const ctx = { actor: systemActor };
    companyId = (await createCompany(server.deps, ctx, { name: '光工業株式会社', industry: 'manufacturing', employeesBand: '6-20', address: '静岡県浜松市中区元城町1-1' })).id;
    for (const u of Object.values(USERS)) {
      await createUser(server.deps, ctx, { email: u.email, name: u.name, role: u.role, password: PASSWORD, companyId: u.role === 'company_admin' ? companyId : null });
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(who: keyof typeof USERS, mobile = false): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({
      locale: 'ja-JP',
      viewport: mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
      ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
    await logIn(page, server.url, USERS[who].email, PASSWORD);
    return { ctx, page };
  }

  const choose = (page: Page, testId: string, value: string) => page.locator(`[data-testid="${testId}"] label[data-value="${value}"]`).click();

  async function answer(page: Page, answers: Record<string, A>) {
    for (const [id, a] of Object.entries(answers)) await choose(page, `item-${id}`, a);
  }

  it('(a) a company admin fills in the pre-survey and gets its group and device recommendation', async () => {
    const { ctx, page } = await open('customer');
    // The menu leads to the security check; the pre-survey is its first tab.
    await page.getByTestId('nav-assessment').click();
    await page.getByTestId('assessment-page').waitFor();
    await page.getByTestId('assess-tab-presurvey').click();
    await page.getByTestId('presurvey-form').waitFor();

    // Sending nothing points at what is missing.
    await page.getByTestId('presurvey-submit').click();
    await page.getByTestId('presurvey-missing').waitFor();
    assert.ok(await page.locator('[data-testid="ps-S1"].has-error').isVisible());

    await choose(page, 'ps-S1', 'partial');
    await choose(page, 'ps-S2', 'no');
    await choose(page, 'ps-S3', 'yes');
    for (const n of ['1', '2', '3']) await choose(page, 'ps-S4', n);
    await choose(page, 'ps-S5', 'no');
    await choose(page, 'ps-S6', 'yes');
    await choose(page, 'ps-S7', 'no');
    await choose(page, 'ps-S8', 'insurance');
    await page.locator('#pcCount').fill('１２'); // full-width digits from a Japanese IME
    await page.locator('#servers').fill('0');
    await choose(page, 'ps-wifi', 'yes');
    await choose(page, 'ps-cloud', 'Microsoft 365');
    await page.locator('#routerMaker').fill('YAMAHA');
    await choose(page, 'ps-routerPasswordChanged', 'no');
    await choose(page, 'ps-existingUtm', 'no');
    await choose(page, 'ps-edr', 'no');
    await choose(page, 'ps-ispLine', 'fiber');
    await choose(page, 'ps-vpnBetweenSites', 'no');
    await choose(page, 'ps-allPcsOnNonVpnWifi', 'no');
    await choose(page, 'ps-routerIkev2', 'yes');
    assert.equal(await page.getByTestId('presurvey-missing').count(), 0, 'the missing notice goes once everything is answered');
    await screenshot(page, 'presurvey-form', { fromTop: true });
    await page.getByTestId('presurvey-submit').click();

    const result = page.getByTestId('presurvey-result');
    await result.waitFor();
    // ORG = 1 + 0 + 2 = 3; MEAS = 3 ticks + 0 + 2 + 0 = 5 → neither A nor C.
    assert.equal(await result.getAttribute('data-group'), 'B');
    assert.match(await page.getByTestId('presurvey-group').innerText(), /グループB/);
    assert.ok((await page.locator('[data-testid=presurvey-reasons] li').count()) >= 1, 'the group comes with its reasons');
    assert.equal(await result.getAttribute('data-device'), 'cloud_utm');
    assert.match(await page.getByTestId('device-kind').innerText(), /クラウド型/);
    assert.ok((await page.locator('[data-testid=presurvey-device] .reason-list li').count()) >= 1, 'the device recommendation comes with its reasons');
    const flags = await page.getByTestId('readiness-flag').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { flag: string } }).dataset.flag));
    assert.deepEqual(flags, ['default_router_password']);
    assert.match(await page.getByTestId('presurvey-flags').innerText(), /管理パスワード/);
    const stored = await server.deps.db.kysely.selectFrom('presurveys').select(['facts']).where('company_id', '=', companyId).executeTakeFirstOrThrow();
    assert.equal((JSON.parse(stored.facts) as { pcCount: number }).pcCount, 12);
    await screenshot(page, 'presurvey-result', { fromTop: true });
    await ctx.close();
  });

  it('(b) completes the self-assessment over two sittings (phone, then desk) and sees score, radar and advice', async () => {
    // First sitting on a phone: a few answers, saved as a draft.
    const phone = await open('customer', true);
    await phone.page.goto(`${server.url}/companies/${companyId}/assessment`);
    await phone.page.getByTestId('assessment-form').waitFor();
    assert.equal(await phone.page.getByTestId('save-status').getAttribute('data-state'), 'idle');
    await answer(phone.page, SITTING_1);
    await phone.page.locator('[data-testid=save-status][data-state=saved]').waitFor();
    assert.match(await phone.page.getByTestId('save-status').innerText(), /保存しました/);
    assert.equal(await phone.page.getByTestId('assess-progress').getAttribute('data-answered'), '12');
    assert.ok(await phone.page.evaluate(fitsWidth), 'the self-assessment fits a 390 px phone');
    assert.equal(await phone.page.getByTestId('draft-restored').count(), 0, 'saving does not pretend the form came from a draft');

    // Trying to send early explains what is missing.
    await phone.page.getByTestId('assessment-submit').click();
    const missing = phone.page.getByTestId('assessment-missing');
    await missing.waitFor();
    assert.match(await missing.innerText(), /あと13問/);
    assert.match(await missing.innerText(), /No\.13/);
    await screenshot(phone.page, 'assessment-phone', { fromTop: true });

    // Reloading keeps the answers (they came back from the server's draft).
    await phone.page.reload();
    await phone.page.getByTestId('draft-restored').waitFor();
    for (const [id, a] of Object.entries(SITTING_1)) assert.equal(await phone.page.getByTestId(`item-${id}`).getAttribute('data-answer'), a, id);
    assert.equal(await phone.page.getByTestId('item-Q13').getAttribute('data-answer'), '');
    await phone.ctx.close();

    // Second sitting at the desk, in a new session.
    const desk = await open('customer');
    await desk.page.getByTestId('nav-assessment').click();
    await desk.page.getByTestId('assessment-form').waitFor();
    assert.equal(await desk.page.getByTestId('assess-progress').getAttribute('data-answered'), '12', 'the first sitting’s answers are there');
    assert.equal(await desk.page.getByTestId('item-Q09').getAttribute('data-answer'), 'unknown');
    // 該当なし is offered only where the item allows it.
    assert.equal(await desk.page.locator('[data-testid=item-Q13] label[data-value=na]').count(), 1);
    assert.equal(await desk.page.locator('[data-testid=item-Q14] label[data-value=na]').count(), 0);
    await answer(desk.page, SITTING_2);
    assert.equal(await desk.page.getByTestId('assess-progress').getAttribute('data-answered'), '25');
    await desk.page.getByTestId('assessment-submit').click();

    const result = desk.page.getByTestId('assessment-result');
    await result.waitFor();
    assert.equal(Number(await result.getAttribute('data-score')), EXPECTED_SCORE);
    assert.equal(await result.getAttribute('data-band'), 'gaps');
    assert.match(await desk.page.getByTestId('ipa-score').innerText(), new RegExp(`${EXPECTED_SCORE}`));
    assert.match(await desk.page.getByTestId('ipa-band').innerText(), /50〜69点/);
    // "Don't know" items first, with a request to check them.
    assert.deepEqual(await desk.page.getByTestId('unknown-item').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { item: string } }).dataset.item)), ['Q09', 'Q23']);
    assert.match(await desk.page.getByTestId('unknown-items').innerText(), /確認してください/);
    // The radar chart is drawn (ECharts, SVG) with the six functions, and never called a Tier.
    await desk.page.locator('[data-testid=radar-chart] svg').waitFor();
    assert.ok((await desk.page.locator('[data-testid=radar-chart] svg path').count()) > 6);
    assert.equal(await desk.page.getByTestId('function-row').count(), 6);
    assert.doesNotMatch(await desk.page.getByTestId('function-card').innerText(), /tier|ティア/i);
    // Top advice, ranked, with the linked service; "don't know" items lead.
    const advice = desk.page.getByTestId('advice-item');
    assert.ok((await advice.count()) >= 3 && (await advice.count()) <= 5);
    assert.ok(['Q09', 'Q23'].includes((await advice.first().getAttribute('data-item'))!), 'a "don\'t know" item leads the advice');
    assert.equal(await advice.nth(1).getAttribute('data-unknown'), 'true');
    assert.match(await desk.page.getByTestId('advice-card').innerText(), /役立つサービス/);
    assert.match(await desk.page.getByTestId('two-star-evidence').innerText(), /★★/);
    assert.equal(await desk.page.getByTestId('history-row').count(), 1);
    // The draft is gone once the assessment is stored.
    const draft = await server.deps.db.kysely.selectFrom('assessment_drafts').selectAll().where('company_id', '=', companyId).executeTakeFirst();
    assert.equal(draft, undefined);
    await screenshot(desk.page, 'assessment-result', { fromTop: true });

    // Checking the two "don't know" items and assessing again: the form starts from the last answers,
    // and the history shows the change per item and per function.
    await desk.page.getByTestId('assessment-again').click();
    await desk.page.getByTestId('assessment-form').waitFor();
    assert.equal(await desk.page.getByTestId('assess-progress').getAttribute('data-answered'), '25');
    await answer(desk.page, { Q09: 'yes', Q23: 'yes', Q24: 'partial' });
    await desk.page.getByTestId('assessment-submit').click();
    await desk.page.locator('[data-testid=assessment-result][data-version="2"]').waitFor();
    const second = Number(await desk.page.getByTestId('assessment-result').getAttribute('data-score'));
    assert.equal(second, EXPECTED_SCORE + 5 + 5 + 2);
    assert.equal(await desk.page.getByTestId('unknown-items').count(), 0);
    assert.match(await desk.page.getByTestId('score-delta').innerText(), /\+12/);
    await desk.page.locator('[data-testid=history-row]').nth(1).waitFor();
    assert.equal(await desk.page.getByTestId('history-row').count(), 2);
    assert.deepEqual(await desk.page.getByTestId('delta-item').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { item: string } }).dataset.item)), ['Q09', 'Q23', 'Q24']);
    await screenshot(desk.page, 'assessment-history', { fromTop: true });
    await desk.ctx.close();
  });

  it('(c) SECURITY ACTION: commitments, basic policy and eligibility, worded as a self-declaration', async () => {
    const { ctx, page } = await open('customer');
    await page.goto(`${server.url}/companies/${companyId}/security-action`);
    await page.getByTestId('sa-form').waitFor();
    assert.equal(await page.getByTestId('elig-one').getAttribute('data-ok'), 'false');
    for (const n of ['1', '2', '3', '4', '5']) await page.getByTestId(`sa-article-${n}`).click();
    await page.locator('#approvedBy').fill('代表取締役 光 太郎');
    await page.locator('#approvedAt').fill('2026-11-20');
    await page.getByTestId('sa-save').click();
    await page.getByTestId('sa-saved').waitFor();
    assert.equal(await page.getByTestId('elig-one').getAttribute('data-ok'), 'true');
    assert.equal(await page.getByTestId('elig-two').getAttribute('data-ok'), 'false');
    assert.match(await page.getByTestId('sa-missing').innerText(), /公開/);
    await page.locator('#publishedUrl').fill('https://hikari-kogyo.example.jp/security-policy');
    await page.getByTestId('sa-level-one_star').click();
    await page.locator('#declaredAt').fill('2026-11-21');
    await page.getByTestId('sa-save').click();
    await page.locator('[data-testid=elig-two][data-ok=true]').waitFor();
    assert.equal(await page.getByTestId('sa-missing').count(), 0);
    // The basic-policy template downloads as a PDF.
    const href = (await page.getByTestId('sa-policy-pdf').getAttribute('href'))!;
    assert.match(href, /basic-policy\.pdf\?approvedBy=/);
    const pdf = await page.request.get(`${server.url}${href}`);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'] ?? '', /application\/pdf/);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    // A self-declaration: never "certified" or "obtained".
    const text = await page.getByTestId('security-action-page').innerText();
    assert.match(text, /宣言/);
    assert.doesNotMatch(text, /認定|取得/);
    await screenshot(page, 'security-action', { fromTop: true });

    // The roadmap: steps by phase, with what is already done (★ declared, self-assessment taken) marked.
    await page.getByTestId('assess-tab-roadmap').click();
    await page.getByTestId('roadmap-phase').first().waitFor();
    assert.deepEqual(await page.getByTestId('roadmap-phase').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { phase: string } }).dataset.phase)), ['1', '2', '3', '4']);
    assert.equal(await page.locator('[data-testid=roadmap-step][data-key=self_diagnosis]').getAttribute('data-done'), 'true');
    assert.equal(await page.locator('[data-testid=roadmap-step][data-key=five_articles]').getAttribute('data-done'), 'true');
    assert.match(await page.getByTestId('roadmap-page').innerText(), /なぜ必要か/);
    await screenshot(page, 'roadmap', { fromTop: true });
    await ctx.close();
  });

  it('(c2) every assessment screen fits a 390 px phone', async () => {
    const { ctx, page } = await open('customer', true);
    for (const [path, testId] of [
      ['presurvey', 'presurvey-result'],
      ['assessment', 'assessment-result'],
      ['security-action', 'sa-form'],
      ['roadmap', 'roadmap-page'],
    ] as const) {
      await page.goto(`${server.url}/companies/${companyId}/${path}`);
      await page.getByTestId(testId).waitFor();
      if (path === 'assessment') await page.locator('[data-testid=radar-chart] svg').waitFor();
      assert.ok(await page.evaluate(fitsWidth), `${path} fits 390 px`);
      await screenshot(page, `phone-${path}`, { fromTop: true });
    }
    await ctx.close();
  });

  it('(d) the program office overrides the group with a reason; the company page shows the new group', async () => {
    const { ctx, page } = await open('office');
    await page.goto(`${server.url}/companies/${companyId}`);
    const card = page.getByTestId('company-assessment');
    await card.waitFor();
    await page.locator('[data-testid=card-presurvey-group][data-group=B]').waitFor();
    assert.match(await page.getByTestId('card-score').innerText(), /点/);
    await page.getByTestId('company-roadmap').waitFor();
    await card.getByTestId('group-override-open').click();
    const dialog = page.getByTestId('group-override-dialog');
    await dialog.waitFor();
    await page.getByTestId('group-override-submit').click();
    assert.ok(await dialog.locator('.field-error').first().isVisible(), 'a group and a reason are required');
    await page.getByTestId('override-group-A').click();
    await page.locator('#override-reason').fill('ISMS の取得準備中で、専任の担当者と監視体制があることを訪問で確認した');
    await page.getByTestId('group-override-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.title-badges [data-testid=group-badge][data-group=A]').waitFor();
    await page.locator('[data-testid=card-presurvey-group][data-group=A]').waitFor();
    assert.match(await card.innerText(), /訪問で確認/);
    const audit = await server.deps.db.kysely.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'assessment.group_overridden').executeTakeFirstOrThrow();
    assert.match(String(audit.detail), /訪問で確認/);
    await screenshot(page, 'company-group-override', { fromTop: true });

    // From the card, staff open the company's self-assessment; the page says they act on the company's behalf.
    await card.getByTestId('card-link-assessment').click();
    await page.getByTestId('assessment-result').waitFor();
    assert.match(await page.getByTestId('on-behalf-notice').innerText(), /光工業株式会社 に代わって/);

    // Staff see the distribution of the latest assessments.
    await page.getByTestId('nav-assessment-distribution').click();
    await page.getByTestId('dist-total').waitFor();
    assert.match(await page.getByTestId('dist-total').innerText(), /1/);
    await page.locator('[data-testid=dist-bands-chart] svg').waitFor();
    await screenshot(page, 'assessment-distribution', { fromTop: true });
    await ctx.close();

    // The company sees its new group too.
    const customer = await open('customer');
    await customer.page.getByTestId('company-page').waitFor();
    await customer.page.locator('.title-badges [data-testid=group-badge][data-group=A]').waitFor();
    await customer.page.goto(`${server.url}/companies/${companyId}/presurvey`);
    assert.match(await customer.page.getByTestId('presurvey-override').innerText(), /B から A/);
    assert.equal(await customer.page.getByTestId('nav-assessment').getAttribute('class'), 'active', 'the menu entry stays lit on every assessment tab');

    // The same screens in English.
    await customer.page.getByTestId('lang-toggle').click();
    await customer.page.getByTestId('nav-assessment').click();
    await customer.page.getByTestId('assessment-result').waitFor();
    assert.match(await customer.page.getByTestId('ipa-band').innerText(), /mostly in place|noticeable gaps/);
    assert.match(await customer.page.getByTestId('function-card').innerText(), /Govern/);
    await customer.page.locator('[data-testid=radar-chart] svg').waitFor();
    await screenshot(customer.page, 'assessment-result-en', { fromTop: true });
    await customer.ctx.close();
  });

  it('(e) no script errors on any page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
