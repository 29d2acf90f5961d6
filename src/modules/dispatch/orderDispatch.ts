import type { Deps, Ctx } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isCompanyRole, type Actor } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/ids/ids.ts';
import { t } from '../../platform/i18n/i18n.ts';
import { addCaseEvent, findCase, type CaseEssentials } from '../helpdesk/case-links.ts';
import { macVendor } from '../monitoring/mac-vendor.ts';
import { dispatchRepository } from './dispatch.repository.ts';
import { isBackOffice, loadDispatch } from './dispatch.access.ts';
import { dispatchOrderInput, type DeviceDto, type DispatchDetailDto } from './dispatch.schemas.ts';
import { toDetail } from './dispatch.presenters.ts';
import { proposeAssignment, type Proposal } from './offices.ts';

export type DispatchOrderRequest = import('zod').input<typeof dispatchOrderInput>;

/** Report due date: the configured number of calendar days (7) after arrival, or after the planned visit until then. */
export function reportDueAt(deps: Pick<Deps, 'config'>, fromIso: string | null): string | null {
  if (!fromIso) return null;
  return new Date(Date.parse(fromIso) + deps.config.dispatchReportDueDays * 86_400_000).toISOString();
}

/** Cases are work of the help desk and back office: others get 404 (company users for their own company's case 403). */
function checkCaseAccess(actor: Actor, c: CaseEssentials | undefined): CaseEssentials {
  if (!c) throw notFound('case');
  if (isBackOffice(actor)) return c;
  if (isCompanyRole(actor.role)) {
    if (actor.companyId !== c.companyId) throw notFound('case');
    throw new AppError('forbidden', 'only the monitoring center or the program office can order a dispatch');
  }
  if (actor.role === 'operator') throw new AppError('forbidden', 'only the monitoring center or the program office can order a dispatch');
  throw notFound('case');
}

/**
 * Completes what is known about the device: with an IP but no MAC, the MAC, vendor and hostname last
 * seen for that IP at the company (monitoring's IP↔MAC history); the vendor from the MAC (IEEE OUI).
 */
export async function completeDevice(deps: Pick<Deps, 'db'>, tx: Executor, companyId: string, d: DeviceDto): Promise<DeviceDto> {
  const out = { ...d };
  if (out.ip && !out.mac) {
    const seen = await dispatchRepository(deps.db).latestIdentity(companyId, out.ip, tx);
    if (seen) {
      out.mac = seen.mac;
      out.vendor ??= seen.vendor;
      out.hostname ??= seen.hostname;
    }
  }
  if (out.mac && !out.vendor) out.vendor = macVendor(out.mac);
  return out;
}

/**
 * Orders an on-site dispatch from a case (back office). The device must be identified (IP or MAC)
 * unless the order is to identify it. Proposes the office whose coverage contains the site address
 * and a responder of that office with the skill for the device; links the dispatch to the case.
 */
export async function orderDispatch(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: Ctx,
  caseId: string,
  request: DispatchOrderRequest,
): Promise<DispatchDetailDto & { proposal: Proposal }> {
  const c = checkCaseAccess(ctx.actor, await findCase(deps.db.kysely, caseId));
  const input = dispatchOrderInput.parse(request);
  if (c.status === 'closed') throw new AppError('invalid_transition', `case ${c.number} is closed; reopen it before ordering a dispatch`);
  const repo = dispatchRepository(deps.db);
  const now = deps.clock.now().toISOString();
  const id = newId('dsp');
  const identifyDevice = input.identifyDevice === true;
  const proposal = await deps.db.kysely.transaction().execute(async (tx) => {
    const device = await completeDevice(deps, tx, c.companyId, {
      ip: input.device.ip ?? null,
      mac: input.device.mac ?? null,
      vendor: input.device.vendor ?? null,
      hostname: input.device.hostname ?? null,
      kind: input.device.kind ?? null,
    });
    const proposal = await proposeAssignment(deps, tx, { siteAddress: input.siteAddress, kind: device.kind, visitAt: input.visitAt ?? null });
    const number = `D-${String(await repo.nextNumber(tx)).padStart(6, '0')}`;
    await repo.insertDispatch(tx, {
      id,
      number,
      case_id: c.id,
      company_id: c.companyId,
      status: 'ordered',
      request: input.request,
      priority: input.priority ?? 'normal',
      site_address: input.siteAddress,
      device: JSON.stringify(device),
      identify_device: identifyDevice ? 1 : 0,
      office_id: proposal.officeId,
      responder_id: proposal.responderId,
      visit_at: input.visitAt ?? null,
      arrived_at: null,
      report_due_at: reportDueAt(deps, input.visitAt ?? null),
      report_sent_at: null,
      checklist: '{}',
      findings: null,
      recovered_at: null,
      report: null,
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
    });
    await addCaseEvent(tx, deps.clock, ctx.actor, {
      caseId: c.id,
      companyId: c.companyId,
      kind: 'dispatch_linked',
      visibility: 'internal',
      body: t('ja', 'dispatch.case.ordered', { number, request: t('ja', `dispatch.codes.request.${input.request}`) }),
      data: { dispatchId: id, number, request: input.request, priority: input.priority ?? 'normal', officeId: proposal.officeId, responderId: proposal.responderId },
    });
    await appendAudit(tx, deps.clock, ctx.actor, {
      action: 'dispatch.ordered',
      targetType: 'dispatch',
      targetId: id,
      companyId: c.companyId,
      detail: { number, caseId: c.id, request: input.request, priority: input.priority ?? 'normal', identifyDevice, device, proposal },
    });
    return proposal;
  });
  const row = await loadDispatch(deps, { ...ctx.actor, role: 'system' }, id);
  return { ...toDetail(row), proposal };
}
