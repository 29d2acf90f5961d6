import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startLiveServer, type LiveServer, logIn, screenshot } from '../support/browser.ts';
import { COMPANIES, PERIOD, loadProgramFixture } from '../support/program-fixture.ts';
import { createUser } from '../../src/modules/accounts/createUser.ts';
import { systemActor } from '../../src/platform/auth/roles.ts';
import type { ProgramDashboard } from '../../src/modules/reporting/program.schemas.ts';

const ADMIN = { email: 'jimukyoku@otasuke.example.jp', password: 'program-office-pass' };

/** The number on the summary card with this label. */
async function kpi(page: Page, label: string): Promise<string> {
  const card = page.getByTestId('program-kpi').filter({ hasText: label });
  return ((await card.locator('.kpi-value').textContent()) ?? '').trim();
}

describe('browser: the program office filters the dashboard, reads a table, downloads CSV and the report, and drills down to companies', () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => {
    server = await startLiveServer('sqlite');
    await createUser(server.deps, { actor: systemActor }, { email: ADMIN.email, role: 'program_admin', name: '事務局 花子', password: ADMIN.password });
    await loadProgramFixture(server.deps);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('works end to end in real Chromium', async () => {
    const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await logIn(page, server.url, ADMIN.email, ADMIN.password);

    // The nav item leads to the dashboard; the period comes from the address.
    await page.getByTestId('nav-program').click();
    await page.getByTestId('program-kpis').waitFor();
    await page.goto(`${server.url}/program?from=${PERIOD.from}&to=${PERIOD.to}`);
    await page.getByTestId('program-kpis').waitFor();
    await page.getByTestId('program-context').filter({ hasText: '2025-07-01' }).waitFor();
    assert.equal(await kpi(page, '検知件数'), '218');
    assert.equal(await kpi(page, '対象企業数（期末）'), '4');
    assert.equal(await page.getByTestId('chart-detectionsByCategory').locator('svg').count(), 1, 'the chart is drawn');
    await screenshot(page, 'program-dashboard');

    // A filter changes the figures (group B: C2 and C3).
    await page.locator('#p-group').selectOption('B');
    await page.waitForURL(/group=B/);
    await page.getByTestId('program-kpi').filter({ hasText: '検知件数' }).locator('.kpi-value', { hasText: /^68$/ }).waitFor();
    assert.equal(await kpi(page, '対象企業数（期末）'), '2');
    assert.equal(await kpi(page, 'ヘルプデスクの相談・連絡'), '1');

    // The chart's table view shows the same figures as the API.
    const api = (await (await page.request.get(`${server.url}/api/v1/program/dashboard?from=${PERIOD.from}&to=${PERIOD.to}&group=B`)).json()) as ProgramDashboard;
    const panel = page.getByTestId('panel-detectionsByCategory');
    await page.getByTestId('view-table-detectionsByCategory').click();
    await panel.getByTestId('table-detectionsByCategory').waitFor();
    assert.equal(await panel.getAttribute('data-view'), 'table');
    const ipRow = panel.locator('tr', { hasText: '危険と知られている相手との通信を遮断' });
    assert.match((await ipRow.textContent()) ?? '', /50\s*73\.5%/);
    assert.equal(api.detections.byCategory.find((c) => c.category === 'block.ip_reputation')!.count, 50);
    await page.getByTestId('view-chart-detectionsByCategory').click();
    await page.getByTestId('chart-detectionsByCategory').waitFor();
    await page.getByTestId('view-table-detectionsByCategory').click();

    // CSV of that table: UTF-8 with a byte-order mark, the same numbers.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-detectionsByCategory').click()]);
    assert.equal(csvDownload.suggestedFilename(), `detectionsByCategory_${PERIOD.from}_${PERIOD.to}.csv`);
    const csv = readFileSync((await csvDownload.path())!);
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    assert.equal(lines[0], '種類,方向,件数,割合,企業数');
    assert.ok(lines.includes('危険と知られている相手との通信を遮断,方向なし,50,73.5%,1'), lines.join('\n'));
    assert.ok(lines.includes(`合計,,${api.detections.total},100.0%,`), lines.join('\n'));
    for (const c of api.detections.byCategory) assert.ok(lines.some((l) => l.split(',')[2] === String(c.count)), `CSV has ${c.category} ${c.count}`);

    // Drill down from a cell to its companies, and on to a company's page.
    await ipRow.getByTestId('drill-cell').first().click();
    const dialog = page.getByTestId('program-drill');
    await dialog.getByTestId('program-drill-row').first().waitFor();
    assert.equal(await dialog.getByTestId('program-drill-row').count(), 1);
    assert.equal(await dialog.getByTestId('program-drill-row').first().getAttribute('data-company-id'), COMPANIES.C3.id);
    assert.match((await dialog.textContent()) ?? '', /株式会社さくら工業/);
    await screenshot(page, 'program-drilldown');
    await dialog.getByRole('link', { name: '株式会社さくら工業' }).click();
    await page.waitForURL(`**/companies/${COMPANIES.C3.id}`);
    await page.goBack();
    await page.getByTestId('program-kpis').waitFor();

    // A period with nothing in it says so instead of drawing empty charts.
    await page.goto(`${server.url}/program?from=2024-01-01&to=2024-03-31`);
    await page.getByTestId('empty-detectionsByCategory').waitFor();
    assert.match((await page.getByTestId('empty-detectionsByCategory').textContent()) ?? '', /検知がありません/);
    assert.equal(await kpi(page, '検知件数'), '0');

    // The whole report for the filters as XLSX and PDF.
    await page.goto(`${server.url}/program?from=${PERIOD.from}&to=${PERIOD.to}&group=B`);
    await page.getByTestId('program-kpis').waitFor();
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('program-xlsx').click()]);
    assert.equal(xlsx.suggestedFilename(), `program-report_${PERIOD.from}_${PERIOD.to}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    assert.equal(wb.worksheets[0]!.name, '概要');
    assert.match(String(wb.worksheets[0]!.getCell(2, 1).value), /グループB/);
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('program-pdf').click()]);
    assert.equal(readFileSync((await pdf.path())!).subarray(0, 5).toString(), '%PDF-');

    // English.
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Program report' }).waitFor();
    assert.equal(await kpi(page, 'Detections'), '68');
    await screenshot(page, 'program-dashboard-en');
    assert.deepEqual(pageErrors, []);
  });
});
