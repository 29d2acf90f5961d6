import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { requireActor } from '../../server/auth.ts';
import { alertDto, alertListQuery, alertPatch, suppressionDto, suppressionInput } from './monitoring.schemas.ts';
import { getAlert, listAlerts, updateAlert } from './alerts.ts';
import { createSuppression, listSuppressions, revokeSuppression } from './suppressions.ts';
import { deviceHealth } from './deviceHealth.ts';

const idParams = z.object({ id: z.string().min(1).max(64) });

export function monitoringRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/alerts', {
      schema: { tags: ['alerts'], summary: 'Alert queue (newest activity first)', querystring: alertListQuery, response: { 200: z.object({ items: z.array(alertDto), total: z.number(), page: z.number(), pageSize: z.number() }) } },
    }, async (req) => listAlerts(deps, { actor: requireActor(req) }, req.query));

    app.get('/alerts/:id', {
      schema: {
        tags: ['alerts'],
        summary: 'Alert with its raw lines and the internal host identity (IP↔MAC history)',
        params: idParams,
        response: {
          200: z.object({
            alert: alertDto,
            lines: z.array(z.object({ at: z.string(), raw: z.string() })),
            identity: z.array(z.object({ mac: z.string(), vendor: z.string().nullable(), hostname: z.string().nullable(), firstSeen: z.string(), lastSeen: z.string() })),
          }),
        },
      },
    }, async (req) => getAlert(deps, { actor: requireActor(req) }, req.params.id));

    app.patch('/alerts/:id', { schema: { tags: ['alerts'], params: idParams, body: alertPatch, response: { 200: alertDto } } }, async (req) =>
      updateAlert(deps, { actor: requireActor(req) }, req.params.id, req.body),
    );

    app.get('/devices/health', { schema: { tags: ['devices'], summary: 'Last seen, lines per day and dead-letter rate per device; silent devices flagged' } }, async (req) =>
      deviceHealth(deps, { actor: requireActor(req) }),
    );

    app.get('/suppressions', {
      schema: { tags: ['alerts'], querystring: z.strictObject({ companyId: z.string().max(64).optional() }), response: { 200: z.object({ items: z.array(suppressionDto) }) } },
    }, async (req) => listSuppressions(deps, { actor: requireActor(req) }, req.query.companyId));

    app.post('/suppressions', { schema: { tags: ['alerts'], summary: 'Stop alerting for something judged benign (still counted)', body: suppressionInput, response: { 201: suppressionDto } } }, async (req, reply) =>
      reply.code(201).send(await createSuppression(deps, { actor: requireActor(req) }, req.body)),
    );

    app.delete('/suppressions/:id', { schema: { tags: ['alerts'], params: idParams } }, async (req, reply) => {
      await revokeSuppression(deps, { actor: requireActor(req) }, req.params.id);
      return reply.code(204).send();
    });
  };
}
