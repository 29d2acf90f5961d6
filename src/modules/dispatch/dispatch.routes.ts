import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { requireActor } from '../../server/auth.ts';
import {
  checklistInput,
  custodyDto,
  custodyInput,
  dispatchDetailDto,
  dispatchItemDto,
  dispatchListQuery,
  dispatchOrderInput,
  dispatchPatch,
  dispatchViewDto,
  evidenceDto,
  evidenceInput,
  findingsInput,
  officeDto,
  proposalDto,
  reportInput,
  responderDto,
  responderProfileInput,
  sentReportDto,
  sentReportsQuery,
} from './dispatch.schemas.ts';
import { listOffices, listResponders, setResponderProfile } from './offices.ts';
import { orderDispatch } from './orderDispatch.ts';
import { getDispatch, listDispatches, updateDispatch } from './dispatches.ts';
import { addEvidence, arrive, recordCustody, saveFindings, updateChecklist } from './responderActions.ts';
import { listSentReports, reportPdf, saveReport, sendReport } from './report.ts';

const id = z.string().min(1).max(64);
const idParams = z.object({ id });
const paged = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
const tags = ['dispatch'];

export function dispatchRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    // --- offices and responders
    app.get('/dispatch/offices', { schema: { tags, summary: 'Dispatch offices and the municipalities they cover', response: { 200: z.object({ items: z.array(officeDto) }) } } }, async (req) =>
      listOffices(deps, { actor: requireActor(req) }),
    );
    app.get('/dispatch/responders', { schema: { tags, summary: 'Responders with office, skills and working hours', response: { 200: z.object({ items: z.array(responderDto) }) } } }, async (req) =>
      listResponders(deps, { actor: requireActor(req) }),
    );
    app.put('/dispatch/responders/:userId', {
      schema: { tags, summary: 'Set a responder’s office, skills and working hours (program office)', params: z.object({ userId: id }), body: responderProfileInput, response: { 200: responderDto } },
    }, async (req) => setResponderProfile(deps, { actor: requireActor(req) }, req.params.userId, req.body));

    // --- ordering and scheduling (back office)
    app.post('/cases/:id/dispatches', {
      schema: {
        tags,
        summary: 'Order an on-site dispatch from a case; proposes the office covering the address and a responder with the skill',
        params: idParams,
        body: dispatchOrderInput,
        response: { 201: dispatchDetailDto.extend({ proposal: proposalDto }) },
      },
    }, async (req, reply) => reply.code(201).send(await orderDispatch(deps, { actor: requireActor(req) }, req.params.id, req.body)));

    app.get('/dispatches', { schema: { tags, summary: 'Dispatches (responders: only theirs), newest first', querystring: dispatchListQuery, response: { 200: paged(dispatchItemDto) } } }, async (req) =>
      listDispatches(deps, { actor: requireActor(req) }, req.query),
    );
    app.get('/dispatches/:id', { schema: { tags, summary: 'A dispatch with its evidence and chain of custody', params: idParams, response: { 200: dispatchViewDto } } }, async (req) =>
      getDispatch(deps, { actor: requireActor(req) }, req.params.id),
    );
    app.patch('/dispatches/:id', {
      schema: { tags, summary: 'Choose office, responder and visit time (→ scheduled), or cancel', params: idParams, body: dispatchPatch, response: { 200: dispatchDetailDto } },
    }, async (req) => updateDispatch(deps, { actor: requireActor(req) }, req.params.id, req.body));

    // --- on site (the assigned responder)
    app.post('/dispatches/:id/arrive', { schema: { tags, summary: 'Arrived on site (report due 7 days later)', params: idParams, response: { 200: dispatchDetailDto } } }, async (req) =>
      arrive(deps, { actor: requireActor(req) }, req.params.id),
    );
    app.put('/dispatches/:id/checklist', { schema: { tags, params: idParams, body: checklistInput, response: { 200: dispatchDetailDto } } }, async (req) =>
      updateChecklist(deps, { actor: requireActor(req) }, req.params.id, req.body),
    );
    app.post('/dispatches/:id/evidence', { schema: { tags, summary: 'Register evidence (SHA-256, size, storage)', params: idParams, body: evidenceInput, response: { 201: evidenceDto } } }, async (req, reply) =>
      reply.code(201).send(await addEvidence(deps, { actor: requireActor(req) }, req.params.id, req.body)),
    );
    app.post('/dispatches/:id/evidence/:evidenceId/custody', {
      schema: { tags, summary: 'Append a hand-over to the chain of custody (append-only)', params: idParams.extend({ evidenceId: id }), body: custodyInput, response: { 201: custodyDto } },
    }, async (req, reply) => reply.code(201).send(await recordCustody(deps, { actor: requireActor(req) }, req.params.id, req.params.evidenceId, req.body)));
    app.put('/dispatches/:id/findings', { schema: { tags, params: idParams, body: findingsInput, response: { 200: dispatchDetailDto } } }, async (req) =>
      saveFindings(deps, { actor: requireActor(req) }, req.params.id, req.body),
    );

    // --- report
    app.put('/dispatches/:id/report', { schema: { tags, params: idParams, body: reportInput, response: { 200: dispatchDetailDto } } }, async (req) =>
      saveReport(deps, { actor: requireActor(req) }, req.params.id, req.body),
    );
    app.get('/dispatches/:id/report.pdf', {
      schema: { tags, summary: 'The report as PDF (Japanese fonts); the company’s own users once it has been sent to them', params: idParams, querystring: z.strictObject({ locale: z.enum(['ja', 'en']).default('ja') }) },
    }, async (req, reply) => {
      const { filename, pdf } = await reportPdf(deps, { actor: requireActor(req) }, req.params.id, req.query.locale);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(pdf);
    });
    app.get('/companies/:id/dispatch-reports', {
      schema: {
        tags,
        summary: 'The on-site reports sent to a company (its own users; staff who read companies). PDF: /dispatches/{id}/report.pdf',
        params: idParams,
        querystring: sentReportsQuery,
        response: { 200: paged(sentReportDto) },
      },
    }, async (req) => listSentReports(deps, { actor: requireActor(req) }, req.params.id, req.query.page, req.query.pageSize));
    app.post('/dispatches/:id/report/send', { schema: { tags, summary: 'Mail the report PDF to the company, mark reported, close the case', params: idParams, response: { 200: dispatchDetailDto } } }, async (req) =>
      sendReport(deps, { actor: requireActor(req) }, req.params.id),
    );
  };
}
