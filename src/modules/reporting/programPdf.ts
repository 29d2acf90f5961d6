/**
 * The program report as a PDF (A4 landscape, BIZ UDPGothic): a summary page, then each section's
 * charts (ECharts rendered server-side to SVG, drawn as vectors by svg-to-pdfkit) and tables.
 * Narrow tables stand beside their chart; wide ones (months across) go below it.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { EChartsOption } from 'echarts';
import { platformApi } from 'zrender/lib/core/platform.js';
import { japaneseFonts } from '../../platform/pdf/fonts.ts';
import { japaneseDocument } from '../../platform/pdf/document.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ProgramDashboard } from './program.schemas.ts';
import { programCharts } from './programCharts.ts';
import { describeFilters, formatCell, tableHasData, type ReportTable, type TableId, type Translate } from './programTables.ts';

const require = createRequire(import.meta.url);
type SvgToPdf = (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, o: { width: number; height: number; assumePt?: boolean; fontCallback?: (family: string, bold: boolean) => string }) => void;
const svgToPdf = require('svg-to-pdfkit') as SvgToPdf;
type ECharts = typeof import('echarts');

/** The font family of the PDF's charts; text in it is measured with the PDF's own font. */
const CHART_FONT = "'BIZ UDPGothic', otasuke-pdf";
let measuring: PDFKit.PDFDocument | undefined;

/**
 * ECharts lays out labels with an estimate of text widths that is too narrow for Japanese, so
 * labels overflow or are cut. Text in the charts' font is measured with BIZ UDPGothic itself;
 * every other font keeps ECharts' own measure (other charts in this process are unaffected).
 */
function measureChartText(echarts: ECharts, fonts: { regular: Buffer; bold: Buffer }) {
  if (measuring) return;
  measuring = new PDFDocument({ autoFirstPage: false });
  measuring.registerFont('R', fonts.regular);
  measuring.registerFont('B', fonts.bold);
  const previous = platformApi.measureText.bind(platformApi);
  const doc = measuring;
  echarts.setPlatformAPI({
    measureText(text: string, font?: string) {
      if (!font?.includes('otasuke-pdf')) return previous(text, font);
      const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
      return { width: doc.font(/bold|[6-9]00/.test(font) ? 'B' : 'R').fontSize(size).widthOfString(text) };
    },
  });
}

const MARGIN = 40;
const NAVY = '#1d3a6e';
const MUTED = '#667385';
const FONT = 8.5;
const PAD = 4;
/** Charts are laid out at 1/0.8 of their printed size, so 12 px labels print at about 9.6 pt. */
const CHART_SCALE = 0.8;
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
  measureChartText(echarts, { regular, bold });
  const { doc, done } = japaneseDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, bottom: MARGIN + 12, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `${t('program.pdf.title')} ${d.period.from}–${d.period.to}`, Author: 'otasuke', CreationDate: new Date(d.generatedAt) },
    lang: locale === 'ja' ? 'ja-JP' : 'en-GB',
  });

  const W = doc.page.width - MARGIN * 2;
  const bottom = doc.page.height - doc.page.margins.bottom;
  const tag = locale === 'en' ? 'en-US' : 'ja-JP';
  const charts = programCharts(tables, {
    fontFamily: CHART_FONT,
    formatNumber: (n) => new Intl.NumberFormat(tag).format(n),
    formatAxis: (n) => new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 }).format(n),
    otherLabel: t('program.other'),
    print: true,
  });
  const byId = new Map(tables.map((x) => [x.id, x]));
  const cell = (x: ReportTable) => (r: number, i: number) => formatCell(x.rows[r]!.cells[i] ?? null, x.columns[i]!.kind, locale);

  // --- page 1: title, period, filters, the summary beside the funnel
  doc.font('B').fontSize(20).fillColor(NAVY).text(t('program.pdf.title'), MARGIN, MARGIN, { width: W });
  doc.moveDown(0.3).font('R').fontSize(10).fillColor('black');
  doc.text(t('program.pdf.period', { from: d.period.from, to: d.period.to }), { width: W });
  doc.text(t('program.pdf.filters', { filters: describeFilters(d.filters, t) }), { width: W });
  doc.fillColor(MUTED).text(t('program.pdf.generated', { at: formatCell(d.generatedAt, 'datetime', locale) }), { width: W }).fillColor('black');
  doc.moveDown(1);
  const summary = byId.get('summary')!;
  const top = doc.y;
  const summaryLayout = layoutTable(doc, summary, cell(summary), W * 0.4);
  drawTable(doc, summary, cell(summary), summaryLayout, MARGIN, t);
  const afterSummary = doc.y;
  const funnel = byId.get('funnel')!;
  if (charts.funnel && tableHasData(funnel)) {
    doc.font('B').fontSize(10).fillColor(NAVY).text(funnel.title, MARGIN + W * 0.45, top, { width: W * 0.55 }).fillColor('black');
    drawChart(doc, echarts, charts.funnel, MARGIN + W * 0.45, doc.y + 4, W * 0.55, 240);
  }
  doc.y = Math.max(afterSummary, top + 270);
  doc.moveDown(1);
  for (const x of tables.filter((x) => x.status)) {
    doc.font('R').fontSize(9).fillColor('#a15c00').text(`【${t(`program.${x.status}`)}】${x.title} — ${x.note ?? ''}`, MARGIN, doc.y, { width: W });
  }
  doc.fillColor('black');

  // --- sections, each from a new page
  for (const s of sections) {
    doc.addPage();
    doc.font('B').fontSize(16).fillColor(NAVY).text(t(`program.sections.${s.key}`), MARGIN, MARGIN, { width: W }).fillColor('black');
    doc.moveDown(0.3);
    for (const id of s.tables) {
      const full = byId.get(id)!;
      const table = id === 'dispatchList' && full.rows.length > MAX_LIST_ROWS ? { ...full, rows: full.rows.slice(0, MAX_LIST_ROWS) } : full;
      const option = tableHasData(table) ? charts[id] : undefined;
      // A table that fits in 42 % of the width stands beside its chart.
      const side = layoutTable(doc, table, cell(table), W * 0.42);
      const narrow = Boolean(option) && !side.squeezed && side.blocks.length === 1;
      const layout = narrow ? side : layoutTable(doc, table, cell(table), W);
      const chartH = option ? chartHeight(option, table) : 0;
      const heading = headingHeight(doc, table, t, W);
      // Keep a heading with its chart and the first rows of its table.
      const need = heading + (narrow && option ? Math.max(chartH, Math.min(layout.height, 200)) : chartH + Math.min(layout.height, 80));
      if (doc.y + need > bottom && doc.y > MARGIN + 60) doc.addPage();
      drawHeading(doc, table, t, W);
      const y0 = doc.y;
      if (option && narrow) {
        const page = doc.page;
        drawChart(doc, echarts, option, MARGIN, y0, W * 0.55, chartH);
        drawTable(doc, table, cell(table), layout, MARGIN + W * 0.58, t);
        if (doc.page === page) doc.y = Math.max(doc.y, y0 + chartH);
      } else {
        if (option) {
          drawChart(doc, echarts, option, MARGIN, y0, W, chartH);
          doc.y = y0 + chartH + 6;
        }
        drawTable(doc, table, cell(table), layout, MARGIN, t);
      }
      if (table !== full) doc.font('R').fontSize(8.5).fillColor(MUTED).text(t('program.pdf.listTruncated', { n: full.rows.length - MAX_LIST_ROWS }), MARGIN, doc.y + 4, { width: W }).fillColor('black');
      doc.x = MARGIN;
      doc.moveDown(1.2);
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

function chartHeight(option: EChartsOption, table: ReportTable): number {
  const horizontal = (option.yAxis as { type?: string } | undefined)?.type === 'category';
  if (!horizontal) return 210;
  const bars = table.rows.filter((r) => !r.isTotal && r.drill).length;
  return Math.min(Math.max(30 + bars * 17, 120), 380);
}

function drawChart(doc: PDFKit.PDFDocument, echarts: ECharts, option: EChartsOption, x: number, y: number, width: number, height: number) {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: width / CHART_SCALE, height: height / CHART_SCALE });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  svgToPdf(doc, svg, x, y, { width, height, fontCallback: (_family, isBold) => (isBold ? 'B' : 'R') });
}

const headingText = (table: ReportTable, t: Translate) => table.title + (table.status ? `【${t(`program.${table.status}`)}】` : '');

function headingHeight(doc: PDFKit.PDFDocument, table: ReportTable, t: Translate, width: number): number {
  const title = doc.font('B').fontSize(12).heightOfString(headingText(table, t), { width });
  const note = table.note ? doc.font('R').fontSize(8.5).heightOfString(table.note, { width }) : 0;
  return title + note + 10;
}

function drawHeading(doc: PDFKit.PDFDocument, table: ReportTable, t: Translate, width: number) {
  doc.font('B').fontSize(12).fillColor(NAVY).text(headingText(table, t), MARGIN, doc.y, { width }).fillColor('black');
  doc.y += 2;
  if (table.note) doc.font('R').fontSize(8.5).fillColor(MUTED).text(table.note, MARGIN, doc.y, { width }).fillColor('black');
  doc.y += 6;
}

interface TableLayout {
  /** Column blocks: the label column (0) plus the columns that fit, with their widths. */
  blocks: { idx: number[]; widths: number[] }[];
  height: number;
  /** Some column is narrower than its content (its text wraps). */
  squeezed: boolean;
}

/** Column widths from the content; month tables wider than the space are split into blocks. */
function layoutTable(doc: PDFKit.PDFDocument, table: ReportTable, text: (r: number, i: number) => string, maxW: number): TableLayout {
  const natural = table.columns.map((c, i) => {
    const cells = Math.max(0, ...table.rows.map((r, ri) => doc.font(r.isTotal ? 'B' : 'R').fontSize(FONT).widthOfString(text(ri, i))));
    const header = Math.min(doc.font('B').fontSize(FONT).widthOfString(c.label), i === 0 ? 200 : 84);
    return Math.max(cells, header, 28) + PAD * 2;
  });
  natural[0] = Math.min(natural[0]!, 230);
  const splittable = table.columns.some((c) => c.drill?.month);
  const groups: number[][] = [];
  let current: number[] = [];
  let used = natural[0]!;
  for (let i = 1; i < table.columns.length; i++) {
    if (splittable && current.length > 0 && used + natural[i]! > maxW) {
      groups.push(current);
      current = [];
      used = natural[0]!;
    }
    current.push(i);
    used += natural[i]!;
  }
  groups.push(current);
  let squeezed = false;
  const blocks = groups.map((cols) => {
    const idx = [0, ...cols];
    const sum = idx.reduce((n, i) => n + natural[i]!, 0);
    if (sum <= maxW) return { idx, widths: idx.map((i) => natural[i]!) };
    squeezed = true;
    // Too wide: text and date columns give up space first (they wrap; a short label column keeps its width), numbers keep theirs.
    const shrinks = (i: number) => ['text', 'datetime'].includes(table.columns[i]!.kind) && !(i === 0 && natural[0]! < 80);
    const flexible = idx.filter(shrinks).reduce((n, i) => n + natural[i]!, 0);
    const scale = flexible > 0 ? Math.max((flexible - (sum - maxW)) / flexible, 0.35) : 1;
    const widths = idx.map((i) => natural[i]! * (shrinks(i) ? scale : 1));
    const total = widths.reduce((a, b) => a + b, 0);
    return { idx, widths: total > maxW ? widths.map((w) => (w * maxW) / total) : widths };
  });
  let height = 0;
  for (const b of blocks) {
    height += rowHeight(doc, b.idx.map((i) => table.columns[i]!.label), b.widths, 'B') + 12;
    table.rows.forEach((r, ri) => (height += rowHeight(doc, b.idx.map((i) => text(ri, i)), b.widths, r.isTotal ? 'B' : 'R')));
  }
  return { blocks, height, squeezed };
}

function rowHeight(doc: PDFKit.PDFDocument, cells: string[], widths: number[], font: string): number {
  return Math.max(...cells.map((s, k) => doc.font(font).fontSize(FONT).heightOfString(s || ' ', { width: widths[k]! - PAD * 2 }))) + PAD * 2;
}

/**
 * Draws a laid-out table at `left`: header row on a tint, numbers right-aligned, totals in bold;
 * a block or page that continues the table repeats the header under "(continued)".
 */
function drawTable(doc: PDFKit.PDFDocument, table: ReportTable, text: (r: number, i: number) => string, layout: TableLayout, left: number, t: Translate) {
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  layout.blocks.forEach(({ idx, widths }, bi) => {
    const total = widths.reduce((a, b) => a + b, 0);
    const cols = idx.map((i) => table.columns[i]!);
    const drawRow = (cells: string[], o: { header?: boolean; bold?: boolean }) => {
      const font = o.header || o.bold ? 'B' : 'R';
      const h = rowHeight(doc, cells, widths, font);
      const y = doc.y;
      if (o.header) doc.rect(left, y, total, h).fill('#eaf1fc');
      let x = left;
      cells.forEach((s, k) => {
        const numeric = cols[k]!.kind !== 'text' && cols[k]!.kind !== 'datetime';
        doc.font(font).fontSize(FONT).fillColor(o.header ? NAVY : 'black').text(s, x + PAD, y + PAD, { width: widths[k]! - PAD * 2, align: k > 0 && numeric ? 'right' : 'left' });
        x += widths[k]!;
      });
      doc.moveTo(left, y + h).lineTo(left + total, y + h).lineWidth(o.bold ? 0.8 : 0.4).strokeColor(o.header || o.bold ? '#9aa5b1' : '#dce2eb').stroke();
      doc.y = y + h;
    };
    const header = (continued: boolean) => {
      if (continued) doc.font('R').fontSize(8).fillColor(MUTED).text(`${table.title} ${t('program.pdf.continued')}`, left, doc.y, { width: total }).fillColor('black');
      drawRow(cols.map((c) => c.label), { header: true });
    };
    if (bi > 0) doc.y += 8;
    if (doc.y + rowHeight(doc, cols.map((c) => c.label), widths, 'B') * 2 > bottom()) doc.addPage();
    header(bi > 0);
    table.rows.forEach((r, ri) => {
      const cells = idx.map((i) => text(ri, i));
      if (doc.y + rowHeight(doc, cells, widths, r.isTotal ? 'B' : 'R') > bottom()) {
        doc.addPage();
        header(true);
      }
      drawRow(cells, { bold: Boolean(r.isTotal) });
    });
  });
}
