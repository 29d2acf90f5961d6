import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { allRoles } from '../../platform/auth/roles.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { clearSessionCookie, requireActor, setSessionCookie } from '../../server/auth.ts';
import { companyUserInviteInput, loginInput, meDto, mePatch, resetConfirm, resetRequest, totpCodeInput, userDto, userInviteInput } from './accounts.schemas.ts';
import { login } from './login.ts';
import { logout, resolveSession } from './sessions.ts';
import { confirmPasswordReset, describeToken, requestPasswordReset } from './passwordReset.ts';
import { enableTotp, listCompanyUsers, listUsers, startTotpEnrolment, updateMe } from './manageAccount.ts';
import { createUser } from './createUser.ts';
import { SESSION_COOKIE } from '../../server/auth.ts';

const paged = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

export function accountsRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const loginLimit = { max: 30, timeWindow: '1 minute' };

    app.post('/session', {
      config: { skipCsrf: true, rateLimit: loginLimit },
      schema: { tags: ['session'], summary: 'Log in', body: loginInput, response: { 200: z.object({ user: meDto }) } },
    }, async (req, reply) => {
      const r = await login(deps, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] });
      setSessionCookie(req, reply, deps, r.token, r.expiresAt);
      const resolved = await resolveSession(deps, r.token, req.ip);
      if (!resolved) throw new AppError('internal', 'session could not be read back');
      return { user: resolved.me };
    });

    app.delete('/session', { config: { skipCsrf: false }, schema: { tags: ['session'], summary: 'Log out' } }, async (req, reply) => {
      if (req.auth) await logout(deps, req.auth.sessionId, req.auth.actor);
      clearSessionCookie(req, reply, deps);
      return reply.code(204).send();
    });

    app.get('/me', { schema: { tags: ['session'], summary: 'The current user', response: { 200: meDto } } }, async (req) => {
      requireActor(req);
      return req.auth!.me;
    });

    app.patch('/me', { schema: { tags: ['session'], body: mePatch, response: { 200: meDto } } }, async (req) => {
      const actor = requireActor(req);
      await updateMe(deps, { actor }, req.body);
      const again = await resolveSession(deps, req.cookies[SESSION_COOKIE]!, req.ip);
      return again!.me;
    });

    app.post('/me/totp/setup', { schema: { tags: ['session'], summary: 'Start TOTP enrolment', response: { 200: z.object({ secret: z.string(), uri: z.string(), qrDataUrl: z.string() }) } } }, async (req) =>
      startTotpEnrolment(deps, { actor: requireActor(req) }),
    );

    app.post('/me/totp/enable', { schema: { tags: ['session'], body: totpCodeInput } }, async (req, reply) => {
      await enableTotp(deps, { actor: requireActor(req) }, req.body.code);
      return reply.code(204).send();
    });

    app.post('/password-reset', {
      config: { skipCsrf: true, rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: { tags: ['session'], summary: 'Ask for a password reset mail', body: resetRequest },
    }, async (req, reply) => {
      await requestPasswordReset(deps, req.body.email, req.ip);
      return reply.code(202).send({ status: 'accepted' });
    });

    app.get('/password-tokens/:token', {
      schema: { tags: ['session'], params: z.object({ token: z.string().max(200) }), response: { 200: z.object({ email: z.string(), name: z.string(), purpose: z.enum(['invite', 'reset']) }) } },
    }, async (req) => describeToken(deps, req.params.token));

    app.post('/password-reset/confirm', {
      config: { skipCsrf: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['session'], summary: 'Set a password from an invite or reset link', body: resetConfirm },
    }, async (req, reply) => {
      await confirmPasswordReset(deps, req.body.token, req.body.password, req.ip);
      return reply.code(204).send();
    });

    app.get('/users', {
      schema: {
        tags: ['users'],
        querystring: z.strictObject({ role: z.enum(allRoles).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: paged(userDto) },
      },
    }, async (req) => listUsers(deps, { actor: requireActor(req) }, req.query));

    app.post('/users', { schema: { tags: ['users'], body: userInviteInput, response: { 201: userDto } } }, async (req, reply) => {
      const user = await createUser(deps, { actor: requireActor(req) }, req.body);
      return reply.code(201).send(user);
    });

    app.get('/companies/:id/users', {
      schema: { tags: ['companies'], params: z.object({ id: z.string().max(64) }), response: { 200: z.object({ items: z.array(userDto) }) } },
    }, async (req) => listCompanyUsers(deps, { actor: requireActor(req) }, req.params.id));

    app.post('/companies/:id/users', {
      schema: { tags: ['companies'], params: z.object({ id: z.string().max(64) }), body: companyUserInviteInput, response: { 201: userDto } },
    }, async (req, reply) => {
      const user = await createUser(deps, { actor: requireActor(req) }, { ...req.body, companyId: req.params.id });
      return reply.code(201).send(user);
    });
  };
}
