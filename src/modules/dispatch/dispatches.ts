import type { Deps, Ctx, Page } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { appendAudit, audit, auditRepeatedRead } from '../../platform/audit/audit.ts';
import { formatJst } from '../../platform/clock/clock.ts';
import { t } from '../../platform/i18n/i18n.ts';
import { addCaseEvent } from '../helpdesk/case-links.ts';
import { dispatchRepository, type DispatchRow } from './dispatch.repository.ts';
import { loadDispatch, reachForList, requireBackOffice, requireStatus } from './dispatch.access.ts';
import { dispatchListQuery, dispatchPatch, type DispatchDetailDto, type DispatchItemDto, type DispatchViewDto } from './dispatch.schemas.ts';
import { toDetail, toEvidence, toItem } from './dispatch.presenters.ts';
import { reportDueAt } from './orderDispatch.ts';

export async function listDispatches(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, query: import('zod').input<typeof dispatchListQuery>): Promise<Page<DispatchItemDto>> {
  const reach = reachForList(ctx.actor);
  const q = dispatchListQuery.parse(query);
  const { items, total } = await dispatchRepository(deps.db).listDispatches(reach, { status: q.status }, q.page, q.pageSize);
  if (ctx.actor.role !== 'system') {
    await auditRepeatedRead(deps.db, deps.clock, ctx.actor, { action: 'dispatch.list_viewed', detail: { filter: { status: q.status ?? null, page: q.page, pageSize: q.pageSize }, returned: items.length } });
  }
  return { items: items.map(toItem), total, page: q.page, pageSize: q.pageSize };
}

/** The dispatch with its evidence and chain of custody (every staff view is audited). */
export async function getDispatch(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string): Promise<DispatchViewDto> {
  const row = await loadDispatch(deps, ctx.actor, id);
  const repo = dispatchRepository(deps.db);
  const [evidence, custody] = await Promise.all([repo.listEvidence(id), repo.listCustody(id)]);
  if (ctx.actor.role !== 'system') {
    await audit(deps.db, deps.clock, ctx.actor, { action: 'dispatch.viewed', targetType: 'dispatch', targetId: id, companyId: row.company_id, detail: { number: row.number } });
  }
  return { dispatch: toDetail(row), evidence: evidence.map((e) => toEvidence(e, custody)) };
}

/** Reads the dispatch again after a change (no view audit: the change itself is audited). */
export async function reloadDetail(deps: Pick<Deps, 'db'>, id: string): Promise<DispatchDetailDto> {
  const row = await dispatchRepository(deps.db).findDispatch({ kind: 'all' }, id);
  if (!row) throw new AppError('not_found', 'dispatch not found');
  return toDetail(row);
}

/**
 * Back office: choose the office and responder, set the visit time, or cancel. A dispatch with a
 * responder and a visit time is `scheduled`; without either it is `ordered` again.
 */
export async function updateDispatch(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: Ctx, id: string, patchInput: import('zod').input<typeof dispatchPatch>): Promise<DispatchDetailDto> {
  const row = await loadDispatch(deps, ctx.actor, id);
  requireBackOffice(ctx.actor);
  const patch = dispatchPatch.parse(patchInput);
  const repo = dispatchRepository(deps.db);
  const cancelling = patch.status === 'cancelled';
  const changesPlan = patch.officeId !== undefined || patch.responderId !== undefined || patch.visitAt !== undefined;
  const from = cancelling ? ['ordered', 'scheduled', 'on_site'] : ['ordered', 'scheduled'];
  requireStatus(row, from, cancelling ? 'cancelling' : 'changing the office, responder or visit time');

  if (patch.officeId && !(await repo.findOffice(patch.officeId))) {
    throw new AppError('validation_failed', 'no such office', { fields: [{ path: 'officeId', message: 'no such office' }] });
  }
  let responderName: string | null = row.responder_name;
  if (patch.responderId) {
    const u = await repo.findUser(patch.responderId);
    if (!u || u.role !== 'responder' || u.status === 'disabled') {
      throw new AppError('validation_failed', 'not an active responder', { fields: [{ path: 'responderId', message: 'choose a user with the responder role' }] });
    }
    responderName = u.name;
  }
  const now = deps.clock.now().toISOString();
  const next: Partial<DispatchRow> = { updated_at: now };
  if (patch.officeId !== undefined) next.office_id = patch.officeId;
  if (patch.responderId !== undefined) next.responder_id = patch.responderId;
  if (patch.visitAt !== undefined) {
    next.visit_at = patch.visitAt;
    if (!row.arrived_at) next.report_due_at = reportDueAt(deps, patch.visitAt);
  }
  const responderId = next.responder_id !== undefined ? next.responder_id : row.responder_id;
  const visitAt = next.visit_at !== undefined ? next.visit_at : row.visit_at;
  if (cancelling) next.status = 'cancelled';
  else next.status = responderId && visitAt ? 'scheduled' : 'ordered';

  await deps.db.kysely.transaction().execute(async (tx) => {
    if (!(await repo.updateDispatch(tx, id, next, from))) throw new AppError('conflict', `dispatch ${row.number} was changed meanwhile; reload it`);
    const action = cancelling ? 'dispatch.cancelled' : next.status === 'scheduled' && (row.status !== 'scheduled' || changesPlan) ? 'dispatch.scheduled' : 'dispatch.updated';
    await appendAudit(tx, deps.clock, ctx.actor, { action, targetType: 'dispatch', targetId: id, companyId: row.company_id, detail: { number: row.number, from: row.status, ...patch, status: next.status } });
    if (cancelling) {
      await addCaseEvent(tx, deps.clock, ctx.actor, { caseId: row.case_id, companyId: row.company_id, kind: 'dispatch_linked', visibility: 'internal', body: t('ja', 'dispatch.case.cancelled', { number: row.number }), data: { dispatchId: id, number: row.number, status: 'cancelled' } });
    } else if (next.status === 'scheduled' && changesPlan && visitAt) {
      await addCaseEvent(tx, deps.clock, ctx.actor, {
        caseId: row.case_id,
        companyId: row.company_id,
        kind: 'dispatch_linked',
        visibility: 'internal',
        body: t('ja', 'dispatch.case.scheduled', { number: row.number, visitAt: formatJst(visitAt, 'ja'), responder: responderName ?? '' }),
        data: { dispatchId: id, number: row.number, status: 'scheduled', visitAt, responderId },
      });
    }
  });
  return reloadDetail(deps, id);
}
