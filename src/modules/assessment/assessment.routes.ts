import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { requireActor } from '../../server/auth.ts';
import { asLocale } from '../../platform/i18n/i18n.ts';
import { openCompany } from '../companies/getCompany.ts';
import { items, presurvey } from './question-bank.ts';
import { distribution, getAssessment, getDraft, getPresurvey, latestAssessment, listAssessments, overrideGroup, saveDraft, submitAssessment, submitPresurvey } from './assessments.ts';
import { getSecurityAction, saLevels, securityActionSummary, updateSecurityAction } from './securityAction.ts';
import { getRoadmap } from './roadmap.ts';
import { basicPolicyPdf } from './basic-policy-pdf.ts';

const idParams = z.object({ id: z.string().min(1).max(64) });
const ypn = z.enum(['yes', 'partial', 'no']);
const localeQuery = z.strictObject({ locale: z.enum(['ja', 'en']).optional() });
/** The reader's language: ?locale=, else the Accept-Language the web app sends. */
const localeOf = (req: { query: unknown; headers: Record<string, unknown> }) =>
  asLocale((req.query as { locale?: string } | undefined)?.locale ?? String(req.headers['accept-language'] ?? '').slice(0, 2));
const answerMap = z.record(z.string().regex(/^(Q|X)\d{2}$/), z.string().max(10));
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

const presurveyInput = z.strictObject({
  answers: z.strictObject({
    S1: ypn, S2: ypn, S3: ypn,
    S4: z.array(z.number().int().min(1).max(5)).max(5),
    S5: ypn, S6: ypn, S7: ypn,
    S8: z.strictObject({ oneStar: z.boolean().optional(), twoStar: z.boolean().optional(), isms: z.boolean().optional(), pmark: z.boolean().optional(), insurance: z.boolean().optional() }).default({}),
  }),
  facts: z
    .strictObject({
      pcCount: z.number().int().min(0).max(100_000).optional(),
      servers: z.number().int().min(0).max(10_000).optional(),
      wifi: z.boolean().optional(),
      cloudServices: z.array(z.string().trim().max(80)).max(30).optional(),
      routerMaker: z.string().trim().max(80).optional(),
      routerPasswordChanged: z.enum(['yes', 'no', 'unknown']).optional(),
      existingUtm: z.boolean().optional(),
      edr: z.boolean().optional(),
      ispLine: z.enum(['fiber', 'closed_network', 'mobile', 'other']).optional(),
      vpnBetweenSites: z.boolean().optional(),
      allPcsOnNonVpnWifi: z.boolean().optional(),
      routerIkev2: z.enum(['yes', 'no', 'unknown']).optional(),
    })
    .default({}),
});

export function assessmentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/assessment/questions', { schema: { tags: ['assessment'], summary: 'The question bank: pre-survey and self-assessment items with their mappings', querystring: localeQuery } }, async (req) => {
      requireActor(req);
      const l = localeOf(req);
      return {
        presurvey: presurvey.map((q) => ({ id: q.id, axis: q.axis, kind: q.kind, text: q.text[l], ...(q.options ? { options: q.options.map((o) => ({ id: o.id, text: o.text[l] })) } : {}) })),
        items: items.map((i) => ({ id: i.id, part: i.part, text: i.text[l], help: i.advice[l], ipaItem: i.ipaItem ?? null, naAllowed: i.naAllowed, csf: i.csf, cisIg1: i.cisIg1, importance: i.importance })),
      };
    });

    app.post('/companies/:id/presurvey', { schema: { tags: ['assessment'], summary: 'Pre-survey → group A/B/C, device recommendation, readiness flags', params: idParams, querystring: localeQuery, body: presurveyInput } }, async (req, reply) =>
      reply.code(201).send(await submitPresurvey(deps, { actor: requireActor(req) }, req.params.id, req.body, localeOf(req))),
    );
    app.get('/companies/:id/presurvey/latest', { schema: { tags: ['assessment'], params: idParams, querystring: localeQuery } }, async (req) => getPresurvey(deps, { actor: requireActor(req) }, req.params.id, localeOf(req)));
    app.post('/companies/:id/group-override', {
      schema: { tags: ['assessment'], summary: 'The program office overrides the group (audited)', params: idParams, body: z.strictObject({ group: z.enum(['A', 'B', 'C']), reason: z.string().trim().min(1).max(2000) }) },
    }, async (req) => overrideGroup(deps, { actor: requireActor(req) }, req.params.id, req.body));

    app.put('/companies/:id/assessments/draft', { schema: { tags: ['assessment'], summary: 'Save answers and continue later', params: idParams, body: z.strictObject({ answers: answerMap }) } }, async (req) =>
      saveDraft(deps, { actor: requireActor(req) }, req.params.id, req.body.answers),
    );
    app.get('/companies/:id/assessments/draft', { schema: { tags: ['assessment'], params: idParams } }, async (req) => getDraft(deps, { actor: requireActor(req) }, req.params.id));
    app.post('/companies/:id/assessments', {
      schema: { tags: ['assessment'], summary: 'Submit a self-assessment (immutable, versioned)', params: idParams, querystring: localeQuery, body: z.strictObject({ answers: answerMap, onBehalf: z.boolean().optional() }) },
    }, async (req, reply) => reply.code(201).send(await submitAssessment(deps, { actor: requireActor(req) }, req.params.id, req.body, localeOf(req))));
    app.get('/companies/:id/assessments/latest', { schema: { tags: ['assessment'], params: idParams, querystring: localeQuery } }, async (req) => latestAssessment(deps, { actor: requireActor(req) }, req.params.id, localeOf(req)));
    app.get('/companies/:id/assessments', { schema: { tags: ['assessment'], params: idParams } }, async (req) => listAssessments(deps, { actor: requireActor(req) }, req.params.id));
    app.get('/companies/:id/assessments/:assessmentId', { schema: { tags: ['assessment'], params: z.object({ id: z.string().max(64), assessmentId: z.string().max(64) }), querystring: localeQuery } }, async (req) =>
      getAssessment(deps, { actor: requireActor(req) }, req.params.id, req.params.assessmentId, localeOf(req)),
    );
    app.get('/assessment/distribution', { schema: { tags: ['assessment'], summary: 'Staff: group-wide score distribution', querystring: z.strictObject({ group: z.enum(['A', 'B', 'C']).optional() }) } }, async (req) =>
      distribution(deps, { actor: requireActor(req) }, req.query),
    );

    app.get('/companies/:id/security-action', { schema: { tags: ['assessment'], summary: 'SECURITY ACTION (self-declaration) status, evidence and eligibility', params: idParams } }, async (req) =>
      getSecurityAction(deps, { actor: requireActor(req) }, req.params.id),
    );
    app.put('/companies/:id/security-action', {
      schema: {
        tags: ['assessment'],
        params: idParams,
        body: z.strictObject({
          level: z.enum(saLevels).optional(),
          declarationId: z.string().trim().max(40).nullable().optional(),
          declaredAt: date.nullable().optional(),
          fiveArticles: z.record(z.enum(['1', '2', '3', '4', '5']), z.boolean()).optional(),
          basicPolicy: z.strictObject({ approvedBy: z.string().trim().min(1).max(100), approvedAt: date, publishedUrl: z.string().url().max(500).optional(), publishedAt: date.optional() }).nullable().optional(),
        }),
      },
    }, async (req) => updateSecurityAction(deps, { actor: requireActor(req) }, req.params.id, req.body));
    app.get('/security-action/summary', { schema: { tags: ['assessment'], summary: 'Staff: ★ / ★★ counts by month' } }, async (req) => securityActionSummary(deps, { actor: requireActor(req) }));
    app.get('/companies/:id/basic-policy.pdf', {
      schema: { tags: ['assessment'], summary: 'A filled basic-policy template (Japanese PDF)', params: idParams, querystring: z.strictObject({ approvedBy: z.string().max(100).optional(), date: date.optional() }) },
    }, async (req, reply) => {
      const actor = requireActor(req);
      await openCompany(deps, { actor }, req.params.id, 'basic_policy');
      const c = await deps.db.kysely.selectFrom('companies').select(['name']).where('id', '=', req.params.id).executeTakeFirstOrThrow();
      const pdf = await basicPolicyPdf({ companyName: c.name, approvedBy: req.query.approvedBy ?? '代表取締役 〇〇 〇〇', date: req.query.date ?? deps.clock.now().toISOString().slice(0, 10) });
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="basic-policy.pdf"`).send(pdf);
    });

    app.get('/companies/:id/roadmap', { schema: { tags: ['assessment'], summary: 'Next steps by phase', params: idParams, querystring: localeQuery } }, async (req) =>
      getRoadmap(deps, { actor: requireActor(req) }, req.params.id, localeOf(req)),
    );
  };
}
