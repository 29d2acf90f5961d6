import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { AppError } from '../platform/http/app-error.ts';
import { errorHandler } from './error-handler.ts';
import { registerAuth } from './auth.ts';
import { accountsRoutes } from '../modules/accounts/accounts.routes.ts';
import { companiesRoutes } from '../modules/companies/companies.routes.ts';
import { auditRoutes } from '../platform/audit/audit.routes.ts';
import { devicesRoutes } from '../modules/devices/devices.routes.ts';
import { ingestRoutes } from '../modules/ingest/ingest.routes.ts';
import { monitoringRoutes } from '../modules/monitoring/monitoring.routes.ts';
import { helpdeskRoutes } from '../modules/helpdesk/helpdesk.routes.ts';
import { dispatchRoutes } from '../modules/dispatch/dispatch.routes.ts';
import { weeklyRoutes } from '../modules/reporting/weekly.routes.ts';
import { assessmentRoutes } from '../modules/assessment/assessment.routes.ts';
import { programRoutes } from '../modules/reporting/program.routes.ts';
import type { IngestService } from '../modules/ingest/ingest.service.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDist = path.join(root, 'web/dist');

export interface BuildOptions {
  /** Serve the built SPA from web/dist (off in API tests). */
  serveWeb?: boolean;
  /** Rate limits on (on by default; benchmarks switch them off). */
  rateLimits?: boolean;
  /** The ingest pipeline of this process, for HTTP bulk ingest. */
  ingest?: IngestService;
}

/** Builds the HTTP app from the modules; never listens (tests use app.inject()). */
export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new AppError('too_many_attempts', `too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s`), { statusCode: 429 }),
    ...(opts.rateLimits === false ? { max: Number.MAX_SAFE_INTEGER } : {}),
  });
  if (opts.rateLimits === false) {
    app.addHook('onRoute', (r) => {
      if (r.config && 'rateLimit' in r.config) (r.config as Record<string, unknown>).rateLimit = false;
    });
  }
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'otasuke API',
        version: '1',
        description:
          'otasuke — the system of a cyber-security help squad for small businesses. Session cookie auth; cookie-authenticated writes need the `x-csrf-token` header from `GET /api/v1/me`. Errors are `{ "error": { "code", "message", "fields"? } }`.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'otasuke_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  registerAuth(app, deps);

  await app.register(
    async (api) => {
      api.get('/health', { schema: { tags: ['system'] } }, async () => ({ status: 'ok', engine: deps.db.engine }));
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      await api.register(accountsRoutes(deps));
      await api.register(companiesRoutes(deps));
      await api.register(auditRoutes(deps));
      await api.register(devicesRoutes(deps));
      await api.register(ingestRoutes(deps, opts.ingest));
      await api.register(monitoringRoutes(deps));
      await api.register(helpdeskRoutes(deps));
      await api.register(dispatchRoutes(deps));
      await api.register(weeklyRoutes(deps));
      await api.register(assessmentRoutes(deps));
      await api.register(programRoutes(deps));
    },
    { prefix: '/api/v1' },
  );

  if (opts.serveWeb) await registerWeb(app);
  app.setNotFoundHandler((req, reply) => {
    if (!req.url.startsWith('/api/') && opts.serveWeb && req.method === 'GET' && existsSync(path.join(webDist, 'index.html'))) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(readFileSync(path.join(webDist, 'index.html')));
    }
    return reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
  return app;
}

async function registerWeb(app: FastifyInstance) {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    app.log.warn('web/dist is missing: run `npm run build` to build the web app');
    return;
  }
  await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: true, index: ['index.html'], cacheControl: false });
}
