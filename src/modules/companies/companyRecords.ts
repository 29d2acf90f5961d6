import type { Deps, Ctx } from '../../platform/deps.ts';
import { companiesRepository } from './companies.repository.ts';
import { openCompany } from './getCompany.ts';

/** Participation history (lifecycle moves with reasons). */
export async function companyHistory(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string) {
  const scope = await openCompany(deps, ctx, companyId, 'history');
  const rows = await companiesRepository(deps.db).history(scope);
  return {
    items: rows.map((r) => ({
      id: r.id,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      reasonCode: r.reason_code,
      note: r.note,
      actorEmail: r.actor_email ?? null,
      at: r.at,
    })),
  };
}

/** Activity timeline: the audit rows about this company, newest first. */
export async function companyTimeline(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, limit: number, includeViews = false) {
  const scope = await openCompany(deps, ctx, companyId, 'timeline');
  const rows = await companiesRepository(deps.db).timeline(scope, limit, includeViews);
  return {
    items: rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      action: r.action,
      actorEmail: r.actor_email ?? null,
      actorRole: r.actor_role,
      targetType: r.target_type,
      targetId: r.target_id,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    })),
  };
}
