import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { requireActor } from '../../server/auth.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { isProgramAdmin } from '../../platform/auth/roles.ts';
import { categories as detectionCategories } from '../ingest/parsing/categories.ts';
import { listSends, recordWeeklyAggregate, weeklyReportFor } from './weekly.ts';
import { renderWeeklyHtml, renderWeeklyPdf } from './weekly-render.ts';
import { sendWeeklyReports } from './weekly-send.ts';
import { previousWeekOf } from './weekly-data.ts';

const week = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD (a Monday)');
const idParams = z.object({ id: z.string().min(1).max(64) });
const weekQuery = z.strictObject({ week: week.optional(), locale: z.enum(['ja', 'en']).optional() });

export function weeklyRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/companies/:id/reports/weekly', {
      schema: { tags: ['reports'], summary: 'The weekly report of a company (default: the last complete JST week) as data', params: idParams, querystring: weekQuery },
    }, async (req) => weeklyReportFor(deps, { actor: requireActor(req) }, req.params.id, req.query.week, req.query.locale));

    app.get('/companies/:id/reports/weekly.pdf', { schema: { tags: ['reports'], params: idParams, querystring: weekQuery } }, async (req, reply) => {
      const r = await weeklyReportFor(deps, { actor: requireActor(req) }, req.params.id, req.query.week, req.query.locale);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="weekly-report-${r.week}.pdf"`)
        .send(await renderWeeklyPdf(r));
    });

    app.get('/companies/:id/reports/weekly.html', { schema: { tags: ['reports'], params: idParams, querystring: weekQuery } }, async (req, reply) => {
      const r = await weeklyReportFor(deps, { actor: requireActor(req) }, req.params.id, req.query.week, req.query.locale);
      return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:").send(renderWeeklyHtml(r));
    });

    app.get('/reports/weekly/sends', {
      schema: {
        tags: ['reports'],
        summary: 'Weekly report deliveries (sent, failed, bounced, uncertain) for staff',
        querystring: z.strictObject({ week: week.optional(), status: z.enum(['sending', 'sent', 'failed', 'bounced', 'uncertain', 'no_recipient']).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }),
      },
    }, async (req) => listSends(deps, { actor: requireActor(req) }, req.query));

    app.post('/reports/weekly/run', {
      schema: { tags: ['reports'], summary: 'Send the weekly reports of a week now (idempotent; program office)', body: z.strictObject({ week: week.optional() }) },
    }, async (req) => {
      const actor = requireActor(req);
      if (!isProgramAdmin(actor)) throw new AppError('forbidden', 'program office only');
      return sendWeeklyReports(deps, req.body.week ?? previousWeekOf(deps.clock.now().getTime()));
    });

    app.post('/companies/:id/weekly-aggregates', {
      schema: {
        tags: ['reports'],
        summary: 'Record the weekly totals of a source that reports only per week (a cloud UTM report mail)',
        params: idParams,
        body: z.strictObject({
          week,
          source: z.string().trim().min(1).max(80),
          counts: z.array(z.strictObject({ category: z.enum(detectionCategories), key: z.string().max(120).optional(), count: z.number().int().min(0) })).min(1).max(1000),
        }),
      },
    }, async (req, reply) => reply.code(201).send(await recordWeeklyAggregate(deps, { actor: requireActor(req) }, req.params.id, req.body)));
  };
}
