/**
 * The program report as a PDF (A4 landscape, BIZ UDPGothic): a summary page, then each section's
 * charts (ECharts rendered server-side to SVG, drawn as vectors by svg-to-pdfkit) and tables.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { japaneseFonts } from '../../platform/pdf/fonts.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ProgramDashboard } from './program.schemas.ts';
import { programCharts } from './programCharts.ts';
import { describeFilters, formatCell, type ReportColumn, type ReportRow, type ReportTable, type TableId, type Translate } from './programTables.ts';

const require = createRequire(import.meta.url);
type SvgToPdf = (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, o: { width: number; height: number; assumePt?: boolean; fontCallback?: (family: string, bold: boolean) => string }) => void;
const svgToPdf = require('svg-to-pdfkit') as SvgToPdf;

const MARGIN = 40;
const NAVY = '#1d3a6e';
const MUTED = '#667385';
/** Rows of the dispatch list printed (the XLSX has them all). */
const MAX_LIST_ROWS = 40;

const sections: { key: string; tables: TableId[] }[] = [
  { key: 'participation', tables: ['funnel', 'participationMonthly', 'statusAtEnd', 'withdrawalReasons'] },
  { key: 'devices', tables: ['assignment', 'deployment'] },
  { key: 'detections', tables: ['detectionsByCategory', 'detectionsByDirection', 'detectionsMonthly', 'scanPorts', 'urlCategories', 'ipReputation'] },
  { key: 'helpdesk', tables: ['casesByChannel', 'casesByCategory', 'casesMonthly'] },
  { key: 'dispatch', tables: ['dispatchMonthly', 'dispatchList'] },
  { key: 'securityAction', tables: ['securityAction'] },
];

export async function renderProgramPdf(d: ProgramDashboard, tables: ReportTable[], t: Translate, locale: Locale): Promise<Buffer> {
  const echarts = await import('echarts');
  const { regular, bold } = japaneseFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, bottom: MARGIN + 12, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `${t('program.pdf.title')} ${d.period.from}–${d.period.to}`, Author: 'otasuke', CreationDate: new Date(d.generatedAt) },
    lang: locale === 'ja' ? 'ja-JP' : 'en-GB',
  });
  doc.registerFont('R', regular);
  doc.registerFont('B', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const W = doc.page.width - MARGIN * 2;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const fmt = (n: number) => new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'ja-JP').format(n);
  const charts = programCharts(tables, { fontFamily: 'BIZ UDPGothic', formatNumber: fmt });
  const byId = new Map(tables.map((x) => [x.id, x]));

  // --- page 1: title, period, summary
  doc.font('B').fontSize(20).fillColor(NAVY).text(t('program.pdf.title'), MARGIN, MARGIN, { width: W });
  doc.moveDown(0.3).font('R').fontSize(10).fillColor('black');
  doc.text(t('program.pdf.period', { from: d.period.from, to: d.period.to }), { width: W });
  doc.text(t('program.pdf.filters', { filters: describeFilters(d.filters, t) }), { width: W });
  doc.fillColor(MUTED).text(t('program.pdf.generated', { at: formatCell(d.generatedAt, 'datetime', locale) }), { width: W }).fillColor('black');
  doc.moveDown(0.8);
  drawTable(doc, byId.get('summary')!, locale, t, { width: 420 });
  doc.moveDown(0.8);
  for (const x of tables.filter((x) => x.status)) {
    doc.font('R').fontSize(9).fillColor('#a15c00').text(`【${t(`program.${x.status}`)}】${x.title} — ${x.note ?? ''}`, MARGIN, doc.y, { width: W });
  }
  doc.fillColor('black');

  // --- sections
  for (const s of sections) {
    doc.addPage();
    doc.font('B').fontSize(16).fillColor(NAVY).text(t(`program.sections.${s.key}`), MARGIN, MARGIN, { width: W }).fillColor('black');
    doc.moveDown(0.4);
    for (const id of s.tables) {
      const table = byId.get(id)!;
      ensure(120);
      doc.font('B').fontSize(12).fillColor(NAVY).text(table.title + (table.status ? `【${t(`program.${table.status}`)}】` : ''), MARGIN, doc.y, { width: W }).fillColor('black');
      if (table.note) doc.font('R').fontSize(8.5).fillColor(MUTED).text(table.note, { width: W }).fillColor('black');
      doc.moveDown(0.3);
      const option = charts[id];
      if (option && hasData(table)) {
        const rows = table.rows.filter((r) => !r.isTotal && r.drill).length;
        const horizontal = (option.yAxis as { type?: string } | undefined)?.type === 'category';
        const pie = Array.isArray(option.series) && option.series[0]?.type === 'pie';
        const width = pie ? 460 : W;
        const height = horizontal ? Math.min(40 + rows * 20, 420) : 220;
        ensure(height + 10);
        const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
        chart.setOption(option);
        const svg = chart.renderToSVGString();
        chart.dispose();
        svgToPdf(doc, svg, MARGIN, doc.y, { width, height, assumePt: true, fontCallback: (_family, isBold) => (isBold ? 'B' : 'R') });
        doc.y += height + 8;
      }
      const shown = id === 'dispatchList' && table.rows.length > MAX_LIST_ROWS ? { ...table, rows: table.rows.slice(0, MAX_LIST_ROWS) } : table;
      drawTable(doc, shown, locale, t);
      if (shown !== table) doc.font('R').fontSize(8.5).fillColor(MUTED).text(t('program.pdf.listTruncated', { n: table.rows.length - MAX_LIST_ROWS }), MARGIN, doc.y, { width: W }).fillColor('black');
      doc.moveDown(1);
    }
  }

  // --- footer on every page
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const b = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('R').fontSize(8).fillColor(MUTED).text(t('program.pdf.footer', { page: i + 1, pages: range.count }), MARGIN, doc.page.height - MARGIN + 8, { width: W, align: 'center', lineBreak: false });
    doc.page.margins.bottom = b;
  }
  doc.end();
  return done;
}

function hasData(t: ReportTable): boolean {
  return t.rows.some((r) => !r.isTotal && r.cells.some((v, i) => i > 0 && typeof v === 'number' && v > 0 && t.columns[i]!.kind !== 'percent'));
}

const FONT = 8.5;
const PAD = 4;

/**
 * Draws a table at the current position: header row on a tint, numbers right-aligned, totals in
 * bold; wide month tables are split into column blocks (the label column repeated), long tables
 * continue on the next page under a repeated header.
 */
function drawTable(doc: PDFKit.PDFDocument, table: ReportTable, locale: Locale, t: Translate, o: { width?: number } = {}) {
  const maxW = o.width ?? doc.page.width - MARGIN * 2;
  const text = (r: ReportRow, i: number) => formatCell(r.cells[i] ?? null, table.columns[i]!.kind, locale);
  doc.font('R').fontSize(FONT);
  const natural = table.columns.map((c, i) => {
    const cells = Math.max(0, ...table.rows.map((r) => doc.font(r.isTotal ? 'B' : 'R').widthOfString(text(r, i))));
    const header = Math.min(doc.font('B').widthOfString(c.label), i === 0 ? 200 : 84);
    return Math.max(cells, header, 28) + PAD * 2;
  });
  natural[0] = Math.min(natural[0]!, 230);
  // Column blocks: the label column plus as many others as fit.
  const blocks: number[][] = [];
  let current: number[] = [];
  let used = natural[0]!;
  for (let i = 1; i < table.columns.length; i++) {
    if (current.length > 0 && used + natural[i]! > maxW && table.columns.filter((c) => c.drill?.month).length > 0) {
      blocks.push(current);
      current = [];
      used = natural[0]!;
    }
    current.push(i);
    used += natural[i]!;
  }
  blocks.push(current);
  blocks.forEach((cols, bi) => {
    const idx = [0, ...cols];
    const sum = idx.reduce((n, i) => n + natural[i]!, 0);
    const scale = sum > maxW ? maxW / sum : 1;
    const widths = idx.map((i) => natural[i]! * scale);
    if (bi > 0) doc.moveDown(0.5);
    drawBlock(doc, table, idx, widths, text, t('program.pdf.continued'), bi > 0);
  });
  doc.x = MARGIN;
}

function drawBlock(doc: PDFKit.PDFDocument, table: ReportTable, idx: number[], widths: number[], text: (r: ReportRow, i: number) => string, continued: string, isContinuation: boolean) {
  const left = MARGIN;
  const total = widths.reduce((a, b) => a + b, 0);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const heightOf = (cells: string[], font: string) => Math.max(...cells.map((s, k) => doc.font(font).fontSize(FONT).heightOfString(s || ' ', { width: widths[k]! - PAD * 2 }))) + PAD * 2;
  const drawRow = (cells: string[], columns: ReportColumn[], o: { header?: boolean; bold?: boolean }) => {
    const font = o.header || o.bold ? 'B' : 'R';
    const h = heightOf(cells, font);
    const y = doc.y;
    if (o.header) doc.rect(left, y, total, h).fill('#eaf1fc');
    let x = left;
    cells.forEach((s, k) => {
      const numeric = columns[k]!.kind !== 'text' && columns[k]!.kind !== 'datetime';
      doc.font(font).fontSize(FONT).fillColor(o.header ? '#1d3a6e' : 'black').text(s, x + PAD, y + PAD, { width: widths[k]! - PAD * 2, align: k > 0 && (numeric || o.header) ? 'right' : 'left' });
      x += widths[k]!;
    });
    doc.moveTo(left, y + h).lineTo(left + total, y + h).lineWidth(o.bold ? 0.8 : 0.4).strokeColor(o.header || o.bold ? '#9aa5b1' : '#dce2eb').stroke();
    doc.y = y + h;
  };
  const cols = idx.map((i) => table.columns[i]!);
  const header = (withCaption: boolean) => {
    if (withCaption) doc.font('R').fontSize(8).fillColor('#667385').text(`${table.title} ${continued}`, left, doc.y, { width: total }).fillColor('black');
    drawRow(cols.map((c) => c.label), cols, { header: true });
  };
  if (doc.y + heightOf(cols.map((c) => c.label), 'B') * 2 > bottom()) doc.addPage();
  header(isContinuation);
  for (const r of table.rows) {
    const cells = idx.map((i) => text(r, i));
    if (doc.y + heightOf(cells, r.isTotal ? 'B' : 'R') > bottom()) {
      doc.addPage();
      header(true);
    }
    drawRow(cells, cols, { bold: Boolean(r.isTotal) });
  }
}
