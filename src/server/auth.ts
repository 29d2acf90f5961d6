import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../platform/deps.ts';
import { AppError } from '../platform/http/app-error.ts';
import { publicActor, type Actor } from '../platform/auth/roles.ts';
import { resolveSession, type ResolvedSession } from '../modules/accounts/sessions.ts';

export const SESSION_COOKIE = 'otasuke_session';

declare module 'fastify' {
  interface FastifyRequest {
    auth: ResolvedSession | null;
  }
  interface FastifyContextConfig {
    /** Writes that need no CSRF token (login, public forms). */
    skipCsrf?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes an unenrolled staff user may still use when two-factor is enforced. */
const ENROLMENT_ALLOWED = ['/api/v1/me', '/api/v1/session'];

/**
 * Resolves the session cookie into `req.auth`, then checks CSRF: a cookie-authenticated write must
 * carry the session's token in `x-csrf-token` (SameSite=Lax stops most cross-site posts; this stops the rest).
 */
export function registerAuth(app: FastifyInstance, deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  app.decorateRequest('auth', null);
  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[SESSION_COOKIE];
    req.auth = token ? await resolveSession(deps, token, req.ip) : null;
    if (!req.auth) return;
    if (UNSAFE.has(req.method) && !req.routeOptions.config?.skipCsrf) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== req.auth.me.csrfToken) {
        throw new AppError('csrf_failed', 'missing or wrong x-csrf-token header (get it from GET /api/v1/me)');
      }
    }
    if (deps.config.enforceStaffTotp && req.auth.me.totpRequired && !ENROLMENT_ALLOWED.some((p) => req.url.startsWith(p))) {
      throw new AppError('totp_enrolment_required', 'set up two-factor authentication first (POST /api/v1/me/totp/setup)');
    }
  });
}

/** The logged-in actor, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.auth) throw new AppError('unauthenticated', 'please log in');
  return req.auth.actor;
}

export function actorOrPublic(req: FastifyRequest): Actor {
  return req.auth?.actor ?? publicActor(req.ip);
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, deps: Pick<Deps, 'config'>, token: string, expiresAt: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure(req, deps),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply, deps: Pick<Deps, 'config'>) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(req, deps) });
}

function isSecure(req: FastifyRequest, deps: Pick<Deps, 'config'>): boolean {
  if (deps.config.secureCookies === 'always') return true;
  if (deps.config.secureCookies === 'never') return false;
  return req.protocol === 'https';
}
