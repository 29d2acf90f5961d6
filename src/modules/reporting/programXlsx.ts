/**
 * The program report as an Excel workbook: one sheet per report table, Japanese headers.
 * Every sheet has the same layout, so a reader (or a test) finds the data at the same place:
 * row 1 title, row 2 period and filters, row 3 note, row 4 headers, data from row 5.
 */
import ExcelJS from 'exceljs';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ProgramDashboard } from './program.schemas.ts';
import { describeFilters, formatCell, type ReportTable, type Translate } from './programTables.ts';

export const XLSX_HEADER_ROW = 4;

/** Excel sheet names: at most 31 characters, none of []:*?/\ and unique. */
function sheetName(title: string, used: Set<string>): string {
  const clean = title.replace(/[[\]:*?/\\]/g, '・').slice(0, 31);
  let name = clean;
  for (let i = 2; used.has(name); i++) name = `${clean.slice(0, 28)}(${i})`;
  used.add(name);
  return name;
}

const numFmt = { int: '#,##0', percent: '0.0%' } as const;

export async function renderProgramXlsx(d: ProgramDashboard, tables: ReportTable[], t: Translate, locale: Locale): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'otasuke';
  wb.created = new Date(d.generatedAt);
  wb.title = t('program.pdf.title');
  const used = new Set<string>();
  const periodLine = `${t('program.pdf.period', { from: d.period.from, to: d.period.to })}　${t('program.pdf.filters', { filters: describeFilters(d.filters, t) })}　${t('program.pdf.generated', { at: formatCell(d.generatedAt, 'datetime', locale) })}`;

  for (const table of tables) {
    const ws = wb.addWorksheet(sheetName(table.title, used), { views: [{ state: 'frozen', ySplit: XLSX_HEADER_ROW, xSplit: 1 }] });
    ws.getCell(1, 1).value = table.title;
    ws.getCell(1, 1).font = { bold: true, size: 14, color: { argb: 'FF1D3A6E' } };
    ws.getCell(2, 1).value = periodLine;
    ws.getCell(2, 1).font = { size: 9, color: { argb: 'FF667385' } };
    const note = `${table.status ? `【${t(`program.${table.status}`)}】` : ''}${table.note ?? ''}`;
    if (note) {
      ws.getCell(3, 1).value = note;
      ws.getCell(3, 1).font = { size: 9, color: { argb: table.status ? 'FFA15C00' : 'FF667385' } };
    }
    const header = ws.getRow(XLSX_HEADER_ROW);
    table.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c.label;
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEAF1FC' } };
      cell.alignment = { vertical: 'middle', horizontal: i === 0 ? 'left' : 'center', wrapText: true };
      cell.border = { bottom: { style: 'thin', color: { argb: 'FFC4CCD8' } } };
    });
    table.rows.forEach((r, ri) => {
      const row = ws.getRow(XLSX_HEADER_ROW + 1 + ri);
      r.cells.forEach((v, i) => {
        const kind = table.columns[i]!.kind;
        const cell = row.getCell(i + 1);
        if (typeof v === 'number') {
          cell.value = v;
          cell.numFmt = kind === 'percent' ? numFmt.percent : Number.isInteger(v) ? numFmt.int : '#,##0.0';
        } else if (v !== null) {
          cell.value = kind === 'datetime' ? formatCell(v, kind, locale) : v;
        }
        if (r.isTotal) cell.font = { bold: true };
      });
      if (r.isTotal) row.getCell(1).border = { top: { style: 'thin', color: { argb: 'FFC4CCD8' } } };
    });
    ws.columns.forEach((col, i) => {
      const kind = table.columns[i]?.kind;
      const longest = Math.max(...table.rows.map((r) => String(r.cells[i] ?? '').length), 4);
      col.width = i === 0 ? Math.min(Math.max(longest * 2 + 2, 18), 46) : kind === 'text' ? Math.min(Math.max(longest * 1.8, 10), 40) : kind === 'datetime' ? 17 : 12;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
