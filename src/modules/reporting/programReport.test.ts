import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { engines } from '../../../tests/support/engines.ts';
import { loginAs, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';
import { PERIOD, loadProgramFixture } from '../../../tests/support/program-fixture.ts';
import { systemActor } from '../../platform/auth/roles.ts';
import type { ProgramDashboard } from './program.schemas.ts';
import { formatCell, programTables, tableCsv } from './programTables.ts';
import { programTranslator } from './programLabels.ts';
import { XLSX_HEADER_ROW } from './programXlsx.ts';
import { programReportFile } from './programReport.ts';

/** The text of every page of a PDF, with pdf.js (legacy build, for Node). */
async function pdfText(bytes: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

const filters = { ...PERIOD, group: 'B' } as const;
const query = new URLSearchParams(filters).toString();

for (const engine of engines) {
  describe(`program report files [${engine}]`, () => {
    let t: TestApp;
    let admin: Session;
    let api: ProgramDashboard;
    const download = async (path: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/program/${path}`, headers: { cookie: admin.cookie } });
      assert.equal(res.statusCode, 200, res.body);
      return res;
    };

    before(async () => {
      t = await startTestApp(engine);
      await loadProgramFixture(t.deps);
      admin = await loginAs(t, 'program_admin');
      api = (await download(`dashboard?${query}`)).json();
    });
    after(() => t.close());

    it('the XLSX has one sheet per table with Japanese headers, and every cell equals the API’s figures for the same filters', async () => {
      const res = await download(`report.xlsx?${query}`);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      assert.equal(res.headers['content-disposition'], 'attachment; filename="program-report_2025-07-01_2025-09-30.xlsx"');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const tables = programTables(api, programTranslator('ja'));
      assert.equal(wb.worksheets.length, tables.length);
      assert.deepEqual(wb.worksheets.slice(0, 3).map((w) => w.name), ['概要', '参加状況（紹介経路別）', '参加状況の月次推移']);
      let numbers = 0;
      tables.forEach((table, n) => {
        const ws = wb.worksheets[n]!;
        assert.equal(ws.getCell(1, 1).value, table.title);
        assert.match(String(ws.getCell(2, 1).value), /対象期間: 2025-07-01 〜 2025-09-30.*グループB/);
        assert.deepEqual(table.columns.map((_, i) => ws.getRow(XLSX_HEADER_ROW).getCell(i + 1).value), table.columns.map((c) => c.label), `${table.id} headers`);
        table.rows.forEach((row, r) => {
          row.cells.forEach((v, i) => {
            const cell = ws.getRow(XLSX_HEADER_ROW + 1 + r).getCell(i + 1).value;
            const expected = v === null ? null : table.columns[i]!.kind === 'datetime' ? formatCell(v, 'datetime', 'ja') : v;
            assert.deepEqual(cell, expected, `${table.id} row ${r} col ${i}`);
            if (typeof v === 'number') numbers++;
          });
        });
        assert.equal(ws.getRow(XLSX_HEADER_ROW + 1 + table.rows.length).getCell(1).value, null, `${table.id} has no extra rows`);
      });
      assert.ok(numbers > 100, `${numbers} numbers compared`);

      // And a few figures straight from the API JSON, not through the table definitions.
      const sheet = (title: string) => wb.worksheets.find((w) => w.name === title)!;
      const rowOf = (ws: ExcelJS.Worksheet, label: string) => {
        for (let r = XLSX_HEADER_ROW + 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === label) return ws.getRow(r);
        throw new Error(`no row ${label} in ${ws.name}`);
      };
      assert.equal(rowOf(sheet('検知（方向別）'), '外部から社内へ').getCell(2).value, api.detections.byDirection[0]!.count);
      assert.equal(rowOf(sheet('検知（方向別）'), '合計').getCell(2).value, api.detections.total);
      assert.equal(api.detections.total, 68);
      assert.equal(rowOf(sheet('外部からのポートスキャン（宛先ポート別）'), '23/tcp').getCell(2).value, api.scanPorts.rows[0]!.count);
      const byChannel = sheet('ヘルプデスク（受付経路別）と対応期限の達成');
      assert.equal(rowOf(byChannel, '合計').getCell(2).value, api.helpdesk.total);
      assert.equal(rowOf(byChannel, '合計').getCell(6).value, api.helpdesk.firstResponse.attainment);
      assert.equal(rowOf(byChannel, '合計').getCell(6).numFmt, '0.0%');
      assert.equal(rowOf(sheet('駆けつけ（月次）'), '到着までの時間（中央値・分）').getCell(5).value, api.dispatches.arrival.medianMinutes);
      assert.equal(rowOf(sheet('SECURITY ACTION 宣言企業の推移（★・★★）'), '★ 一つ星').getCell(5).value, api.securityAction.atEnd.oneStar);
      assert.match(String(sheet('SECURITY ACTION 宣言企業の推移（★・★★）').getCell(3, 1).value), /自己宣言/);
      assert.match(String(sheet('機器の導入状況（月次）').getCell(3, 1).value), /参考値/);
    });

    it('the PDF has the headings, the period and the API’s numbers as text (Japanese font)', async () => {
      const res = await download(`report.pdf?${query}`);
      assert.match(String(res.headers['content-type']), /application\/pdf/);
      const pages = await pdfText(res.rawPayload);
      const all = pages.join('\n').replace(/\s+/g, '');
      assert.ok(pages.length >= 6, `${pages.length} pages`);
      for (const heading of ['プログラム報告書', '対象期間:2025-07-01〜2025-09-30', 'グループB', '参加状況（紹介経路別）', '検知（種類別）', '外部からのポートスキャン（宛先ポート別）', 'ヘルプデスク（受付経路別）と対応期限の達成', '駆けつけ一覧', 'SECURITY ACTION']) {
        assert.ok(all.includes(heading.replace(/\s+/g, '')), `PDF has ${heading}`);
      }
      assert.ok(pages[0]!.replace(/\s+/g, '').includes(`検知件数${api.detections.total}`), 'the summary on page 1 has the detection total');
      assert.ok(all.includes('D-900002') && all.includes('株式会社さくら工業'), 'the dispatch list names the dispatch and company');
      assert.ok(all.includes('23/tcp'));
      assert.ok(all.includes('73.5%'), 'the IP-reputation share of group B’s detections (50 of 68)');
    });

    it('the CLI function writes the same report for the system actor; English headers on request', async () => {
      const xlsx = await programReportFile(t.deps, { actor: systemActor }, filters, 'xlsx', 'en');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
      assert.equal(wb.worksheets[0]!.name, 'Summary');
      assert.equal(wb.worksheets[1]!.getRow(XLSX_HEADER_ROW).getCell(1).value, 'Referral route');
      const pdf = await programReportFile(t.deps, { actor: systemActor }, filters, 'pdf');
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const exports = await t.deps.db.kysely.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'program.report_exported').execute();
      assert.ok(exports.length >= 4, 'every export is audited');
      assert.ok(exports.some((e) => JSON.parse(e.detail).format === 'pdf'));
    });

    it('a table as CSV: UTF-8 with BOM, CRLF, quoted where needed', () => {
      const table = programTables(api, programTranslator('ja')).find((x) => x.id === 'casesByChannel')!;
      const csv = tableCsv(table, 'ja');
      assert.ok(csv.startsWith('\uFEFF受付経路,件数,初回応答 達成'));
      const lines = csv.slice(1).split('\r\n');
      assert.equal(lines.at(-1), '');
      assert.equal(lines.find((l) => l.startsWith('合計')), `合計,${api.helpdesk.total},0,1,0,0.0%,0,1,0,0.0%`);
    });
  });
}
