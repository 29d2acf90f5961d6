import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { sha256Hex } from '../../platform/ids/ids.ts';
import { requireActor } from '../../server/auth.ts';
import type { IngestService } from './ingest.service.ts';
import { detectionSummary } from './detectionSummary.ts';
import { assignUnassigned, listUnassigned } from './unassigned.ts';
import { topHosts } from './topHosts.ts';
import { deviceInput } from '../devices/devices.schemas.ts';

const MAX_INFLATED = 64 << 20;

/** Splits a bulk body into lines (LF or CR LF), skipping empty ones. */
function* lines(body: Buffer): Generator<Buffer> {
  let start = 0;
  for (;;) {
    const nl = body.indexOf(0x0a, start);
    const end = nl === -1 ? body.length : nl;
    let e = end;
    if (e > start && body[e - 1] === 0x0d) e--;
    if (e > start) yield body.subarray(start, e);
    if (nl === -1) return;
    start = nl + 1;
  }
}

export function ingestRoutes(deps: Deps, ingest: IngestService | undefined): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(['text/plain', 'application/x-ndjson', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 16 << 20 }, (_req, body, done) => done(null, body));

    app.post('/ingest', {
      bodyLimit: 16 << 20,
      config: { skipCsrf: true },
      schema: {
        tags: ['ingest'],
        summary: 'HTTP bulk ingest: newline-delimited log lines (text/plain or application/x-ndjson; Content-Encoding: gzip accepted), authenticated by the device ingest token (Authorization: Bearer otk_…)',
        response: { 202: z.object({ accepted: z.number() }) },
      },
    }, async (req, reply) => {
      const auth = req.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
      if (!token) throw new AppError('unauthenticated', 'send the device ingest token as Authorization: Bearer otk_…');
      const device = await deps.db.kysely.selectFrom('devices').select(['id', 'identity']).where('ingest_token_hash', '=', sha256Hex(token)).executeTakeFirst();
      if (!device) throw new AppError('unauthenticated', 'unknown ingest token');
      if (!ingest) throw new AppError('internal', 'this process does not run the ingest pipeline (start it with --role all or ingest)');
      let body = req.body as Buffer | undefined;
      if (!Buffer.isBuffer(body)) throw new AppError('unsupported_media_type', 'send newline-delimited lines as text/plain or application/x-ndjson');
      if (req.headers['content-encoding'] === 'gzip') {
        try {
          body = gunzipSync(body, { maxOutputLength: MAX_INFLATED });
        } catch (e) {
          const tooBig = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength/i.test((e as Error).message);
          throw new AppError(tooBig ? 'payload_too_large' : 'validation_failed', tooBig ? `the body inflates to more than ${MAX_INFLATED} bytes` : 'the body is not valid gzip');
        }
      }
      const receivedAt = Date.now();
      let n = 0;
      for (const line of lines(body)) {
        ingest.spool.append({ receivedAt, transport: 'http', sender: device.identity, line: Buffer.from(line) });
        n++;
      }
      // Acknowledge only what is on disk.
      await ingest.spool.durable();
      ingest.poke();
      return reply.code(202).send({ accepted: n });
    });

    app.get('/unassigned', { schema: { tags: ['ingest'], summary: 'Lines from devices nobody registered yet, grouped by device' } }, async (req) =>
      listUnassigned(deps, { actor: requireActor(req) }),
    );

    app.post('/unassigned/assign', {
      schema: {
        tags: ['ingest'],
        summary: 'Register an unknown device for a company and process its queued lines',
        body: deviceInput.extend({ companyId: z.string().min(1).max(64) }),
      },
    }, async (req) => {
      const { companyId, ...device } = req.body;
      return assignUnassigned(deps, { actor: requireActor(req) }, companyId, device);
    });

    app.get('/companies/:id/detections/top', {
      schema: {
        tags: ['detections'],
        summary: 'Most frequent external sources (kind=source) or internal hosts (kind=internal) in a JST week',
        params: z.object({ id: z.string().min(1).max(64) }),
        querystring: z.strictObject({
          week: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD (the Monday)'),
          kind: z.enum(['source', 'internal']).default('source'),
          limit: z.coerce.number().int().min(1).max(200).default(20),
        }),
      },
    }, async (req) => topHosts(deps, { actor: requireActor(req) }, req.params.id, req.query.week, req.query.kind, req.query.limit));

    app.get('/companies/:id/detections/summary', {
      schema: {
        tags: ['detections'],
        summary: 'Detection counts per category for a period of JST days (inclusive)',
        params: z.object({ id: z.string().min(1).max(64) }),
        querystring: z.strictObject({
          from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
          to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
        }),
        response: { 200: z.object({ companyId: z.string(), from: z.string(), to: z.string(), categories: z.record(z.string(), z.number()) }) },
      },
    }, async (req) => detectionSummary(deps, { actor: requireActor(req) }, req.params.id, req.query.from, req.query.to));
  };
}
