import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { requireActor } from '../../server/auth.ts';
import { deviceDto, deviceInput } from './devices.schemas.ts';
import { listDevices, registerDevice } from './registerDevice.ts';

const idParams = z.object({ id: z.string().min(1).max(64) });

export function devicesRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/devices', { schema: { tags: ['devices'], summary: 'Devices the caller may see', response: { 200: z.object({ items: z.array(deviceDto) }) } } }, async (req) => ({
      items: await listDevices(deps, { actor: requireActor(req) }),
    }));
    app.get('/companies/:id/devices', { schema: { tags: ['devices'], params: idParams, response: { 200: z.object({ items: z.array(deviceDto) }) } } }, async (req) => ({
      items: await listDevices(deps, { actor: requireActor(req) }, req.params.id),
    }));
    app.post('/companies/:id/devices', {
      schema: {
        tags: ['devices'],
        summary: 'Register a device; the answer holds the HTTP ingest token once',
        params: idParams,
        body: deviceInput,
        response: { 201: z.object({ device: deviceDto, ingestToken: z.string() }) },
      },
    }, async (req, reply) => reply.code(201).send(await registerDevice(deps, { actor: requireActor(req) }, req.params.id, req.body)));
  };
}
