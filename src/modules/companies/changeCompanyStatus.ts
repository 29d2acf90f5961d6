import type { Deps, Ctx } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { companyScope } from '../../platform/tenancy/scope.ts';
import { newId } from '../../platform/ids/ids.ts';
import { companiesRepository } from './companies.repository.ts';
import type { StatusChangeInput } from './companies.schemas.ts';
import { allowedTransitions, type CompanyStatus } from './reference-codes.ts';
import { toCompany } from './companies.presenters.ts';
import { programScope } from './createCompany.ts';

/** applied → surveyed → active → withdrawn (with a reason code); every move is kept as participation history. */
export async function changeCompanyStatus(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, input: StatusChangeInput) {
  const scope = companyScope(ctx.actor, companyId); // other companies' users: 404 before anything else
  programScope(ctx);
  const repo = companiesRepository(deps.db);
  if (input.status === 'withdrawn' && !input.reasonCode) {
    throw new AppError('validation_failed', 'a withdrawal needs a reason code', { fields: [{ path: 'reasonCode', message: 'required when withdrawing' }] });
  }
  return deps.db.kysely.transaction().execute(async (tx) => {
    const before = await repo.findById(scope, tx);
    if (!before) throw notFound('company');
    const from = before.status as CompanyStatus;
    if (!allowedTransitions[from]?.includes(input.status)) {
      throw new AppError('invalid_transition', `a company cannot go from ${from} to ${input.status}`, { from, to: input.status, allowed: allowedTransitions[from] });
    }
    const now = deps.clock.now().toISOString();
    const withdrawn = input.status === 'withdrawn';
    const patch = {
      status: input.status,
      withdrawal_reason: withdrawn ? (input.reasonCode ?? null) : null,
      withdrawal_note: withdrawn ? (input.note ?? null) : null,
      updated_at: now,
    };
    await repo.update(scope, tx, patch);
    await repo.addHistory(scope, tx, {
      id: newId('csh'),
      from_status: from,
      to_status: input.status,
      reason_code: input.reasonCode ?? null,
      note: input.note ?? null,
      actor_id: ctx.actor.userId,
      at: now,
    });
    await appendAudit(tx, deps.clock, ctx.actor, {
      action: 'company.status_changed',
      targetType: 'company',
      targetId: companyId,
      companyId,
      detail: { from, to: input.status, reasonCode: input.reasonCode ?? null, note: input.note ?? null },
    });
    return toCompany({ ...before, ...patch });
  });
}
