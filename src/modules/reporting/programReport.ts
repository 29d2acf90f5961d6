/**
 * The whole program report as a file (XLSX or PDF) for a period and filters: the dashboard's
 * figures, laid out by programTables, so a file holds exactly what the API answers.
 */
import type { Ctx, Deps } from '../../platform/deps.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ProgramFilterInput } from './program.schemas.ts';
import { programDashboard } from './programDashboard.ts';
import { programTranslator } from './programLabels.ts';
import { programTables } from './programTables.ts';
import { renderProgramXlsx } from './programXlsx.ts';
import { renderProgramPdf } from './programPdf.ts';

export type ProgramReportFormat = 'xlsx' | 'pdf';

export const programReportContentType: Record<ProgramReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** The report file and its name (`program-report_2025-07-01_2026-01-31.xlsx`). Every export is audited. */
export async function programReport(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, filters: ProgramFilterInput, format: ProgramReportFormat, locale: Locale = 'ja') {
  const d = await programDashboard(deps, ctx, filters);
  const t = programTranslator(locale);
  const tables = programTables(d, t);
  const file = format === 'xlsx' ? await renderProgramXlsx(d, tables, t, locale) : await renderProgramPdf(d, tables, t, locale);
  await audit(deps.db, deps.clock, ctx.actor, { action: 'program.report_exported', detail: { format, locale, period: d.period.from + '..' + d.period.to, filters: d.filters, bytes: file.length } });
  return { filename: `program-report_${d.period.from}_${d.period.to}.${format}`, file };
}

/** For the CLI: the program report as XLSX or PDF bytes. */
export async function programReportFile(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, filters: ProgramFilterInput, format: ProgramReportFormat, locale: Locale = 'ja'): Promise<Buffer> {
  return (await programReport(deps, ctx, filters, format, locale)).file;
}
