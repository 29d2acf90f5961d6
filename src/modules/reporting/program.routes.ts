import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { requireActor } from '../../server/auth.ts';
import { drilldownDto, drilldownQuery, programDashboardDto, programExportQuery, programFilterQuery } from './program.schemas.ts';
import { viewProgramDashboard } from './programDashboard.ts';
import { programDrilldown } from './programDrilldown.ts';
import { programReport, programReportContentType, type ProgramReportFormat } from './programReport.ts';

const tags = ['program'];
const filterHelp = 'Filters: from/to (JST days, inclusive; default the last six months), group (A|B|C|none), industry, employees (band), deviceType (vendor or none), referralRoute.';

/** The program office's dashboard, drill-down and report files (program_admin only). */
export function programRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/program/dashboard', {
      schema: { tags, summary: 'Every figure of the program report, as data', description: filterHelp, querystring: programFilterQuery, response: { 200: programDashboardDto } },
    }, async (req) => viewProgramDashboard(deps, { actor: requireActor(req) }, req.query));

    app.get('/program/companies', {
      schema: {
        tags,
        summary: 'The companies behind one figure of the dashboard',
        description: `${filterHelp} section: companies | participation | status | assignment | deployment | detections | scanPorts | urlCategories | ipReputation | cases | dispatches; key: comma-separated dimension:value tags (e.g. stage:active, channel:phone,firstResponse:breached, category:scan.inbound.probable), or the rollup key for scanPorts/urlCategories/ipReputation; month: YYYY-MM inside the period.`,
        querystring: drilldownQuery,
        response: { 200: drilldownDto },
      },
    }, async (req) => programDrilldown(deps, { actor: requireActor(req) }, req.query));

    for (const format of ['xlsx', 'pdf'] as ProgramReportFormat[]) {
      app.get(`/program/report.${format}`, {
        schema: { tags, summary: `The whole program report as ${format.toUpperCase()}`, description: `${filterHelp} locale: ja (default) or en.`, querystring: programExportQuery },
      }, async (req, reply) => {
        const { locale, ...filters } = req.query;
        const { filename, file } = await programReport(deps, { actor: requireActor(req) }, filters, format, locale);
        return reply
          .type(programReportContentType[format])
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'no-store')
          .send(file);
      });
    }
  };
}
