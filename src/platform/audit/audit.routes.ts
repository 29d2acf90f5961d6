import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../deps.ts';
import { AppError } from '../http/app-error.ts';
import { isProgramAdmin } from '../auth/roles.ts';
import { requireActor } from '../../server/auth.ts';

/** Program office reads the audit log (newest first). */
export function auditRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/audit', {
      schema: {
        tags: ['audit'],
        querystring: z.strictObject({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
          companyId: z.string().max(64).optional(),
        }),
      },
    }, async (req) => {
      const actor = requireActor(req);
      if (!isProgramAdmin(actor)) throw new AppError('forbidden', 'only the program office can read the audit log');
      const { page, pageSize, companyId } = req.query;
      let q = deps.db.kysely.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_id');
      if (companyId) q = q.where('a.company_id', '=', companyId);
      const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
      const rows = await q
        .select(['a.seq', 'a.at', 'a.action', 'a.actor_role', 'a.target_type', 'a.target_id', 'a.company_id', 'a.detail', 'a.ip', 'u.email as actor_email'])
        .orderBy('a.seq', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return {
        items: rows.map((r) => ({
          seq: Number(r.seq),
          at: r.at,
          action: r.action,
          actorEmail: r.actor_email ?? null,
          actorRole: r.actor_role,
          targetType: r.target_type,
          targetId: r.target_id,
          companyId: r.company_id,
          ip: r.ip,
          detail: JSON.parse(r.detail) as Record<string, unknown>,
        })),
        total: Number(total),
        page,
        pageSize,
      };
    });
  };
}
