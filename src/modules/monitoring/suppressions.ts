import type { z } from 'zod';
import type { Deps, Ctx } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isProgramAdmin, type Actor } from '../../platform/auth/roles.ts';
import { companyScope } from '../../platform/tenancy/scope.ts';
import { newId } from '../../platform/ids/ids.ts';
import { bus } from '../../platform/events/bus.ts';
import type { suppressionInput } from './monitoring.schemas.ts';

/** The monitoring center and the program office decide what is benign. */
function canManage(actor: Actor) {
  return isProgramAdmin(actor) || actor.role === 'analyst';
}

type Row = { id: string; company_id: string | null; category: string | null; host_cidr: string | null; remote_cidr: string | null; remote_org: string | null; reason: string; author_id: string | null; author_email: string | null; created_at: string; expires_at: string | null; revoked_at: string | null };

const toDto = (r: Row) => ({
  id: r.id, companyId: r.company_id, category: r.category, hostCidr: r.host_cidr, remoteCidr: r.remote_cidr, remoteOrg: r.remote_org, reason: r.reason,
  authorId: r.author_id, authorEmail: r.author_email, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at,
});

export async function listSuppressions(deps: Pick<Deps, 'db'>, ctx: Ctx, companyId?: string) {
  if (!canManage(ctx.actor) && ctx.actor.role !== 'operator') throw new AppError('forbidden', 'only staff can see suppression rules');
  let q = deps.db.kysely
    .selectFrom('suppression_rules as s')
    .leftJoin('users as u', 'u.id', 's.author_id')
    .select(['s.id', 's.company_id', 's.category', 's.host_cidr', 's.remote_cidr', 's.remote_org', 's.reason', 's.author_id', 'u.email as author_email', 's.created_at', 's.expires_at', 's.revoked_at']);
  if (companyId) q = q.where((eb) => eb.or([eb('s.company_id', '=', companyId), eb('s.company_id', 'is', null)]));
  const rows = (await q.orderBy('s.created_at', 'desc').limit(500).execute()) as Row[];
  return { items: rows.map(toDto) };
}

/** Creates a rule (audited). Suppressed lines are still counted; they just raise no alert. */
export async function createSuppression(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, input: z.infer<typeof suppressionInput>) {
  if (input.companyId) companyScope(ctx.actor, input.companyId);
  if (!canManage(ctx.actor)) throw new AppError('forbidden', 'only the monitoring center or the program office can suppress alerts');
  if (input.companyId) {
    const c = await deps.db.kysely.selectFrom('companies').select('id').where('id', '=', input.companyId).executeTakeFirst();
    if (!c) throw notFound('company');
  }
  const now = deps.clock.now().toISOString();
  const row = {
    id: newId('sup'), company_id: input.companyId ?? null, category: input.category ?? null, host_cidr: input.hostCidr ?? null, remote_cidr: input.remoteCidr ?? null,
    remote_org: input.remoteOrg ?? null, reason: input.reason, author_id: ctx.actor.userId, created_at: now,
    expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null, revoked_at: null,
  };
  await deps.db.kysely.transaction().execute(async (tx) => {
    await tx.insertInto('suppression_rules').values(row).execute();
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'suppression.created', targetType: 'suppression', targetId: row.id, companyId: row.company_id, detail: { ...row } });
  });
  bus.emit('suppressions.changed');
  return toDto({ ...row, author_email: ctx.actor.email });
}

export async function revokeSuppression(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string) {
  const row = await deps.db.kysely.selectFrom('suppression_rules').select(['id', 'company_id', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('suppression rule');
  if (row.company_id) {
    try {
      companyScope(ctx.actor, row.company_id);
    } catch {
      throw notFound('suppression rule');
    }
  }
  if (!canManage(ctx.actor)) throw new AppError('forbidden', 'only the monitoring center or the program office can change suppressions');
  const now = deps.clock.now().toISOString();
  await deps.db.kysely.transaction().execute(async (tx) => {
    await tx.updateTable('suppression_rules').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'suppression.revoked', targetType: 'suppression', targetId: id, companyId: row.company_id });
  });
  bus.emit('suppressions.changed');
}
