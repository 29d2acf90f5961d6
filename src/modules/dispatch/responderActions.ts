import type { Deps, Ctx } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/ids/ids.ts';
import { t } from '../../platform/i18n/i18n.ts';
import { addCaseEvent } from '../helpdesk/case-links.ts';
import { dispatchRepository } from './dispatch.repository.ts';
import { actorName, loadDispatch, requireFieldWorker, requireStatus } from './dispatch.access.ts';
import {
  checklistInput,
  custodyInput,
  evidenceInput,
  findingsInput,
  type CustodyDto,
  type DeviceDto,
  type DispatchDetailDto,
  type EvidenceDto,
} from './dispatch.schemas.ts';
import { parseChecklist, parseDevice, toCustody, toEvidence } from './dispatch.presenters.ts';
import { completeDevice, reportDueAt } from './orderDispatch.ts';
import { reloadDetail } from './dispatches.ts';

type In<T extends import('zod').ZodType> = import('zod').input<T>;

/** A time given by the responder may be a few minutes ahead of the server's clock, not more. */
const CLOCK_SKEW_MS = 5 * 60_000;

function notInFuture(deps: Pick<Deps, 'clock'>, iso: string, path: string) {
  if (Date.parse(iso) > deps.clock.now().getTime() + CLOCK_SKEW_MS) {
    throw new AppError('validation_failed', `${path} is in the future`, { fields: [{ path, message: 'must not be in the future' }] });
  }
}

/** The responder is on site: status `on_site`, arrival time, and the report is due N calendar days later. */
export async function arrive(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: Ctx, id: string): Promise<DispatchDetailDto> {
  const row = await loadDispatch(deps, ctx.actor, id);
  requireFieldWorker(ctx.actor, row);
  requireStatus(row, ['scheduled'], 'arrival');
  const now = deps.clock.now().toISOString();
  const due = reportDueAt(deps, now);
  const repo = dispatchRepository(deps.db);
  await deps.db.kysely.transaction().execute(async (tx) => {
    if (!(await repo.updateDispatch(tx, id, { status: 'on_site', arrived_at: now, report_due_at: due, updated_at: now }, ['scheduled']))) {
      throw new AppError('conflict', `dispatch ${row.number} was changed meanwhile; reload it`);
    }
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'dispatch.arrived', targetType: 'dispatch', targetId: id, companyId: row.company_id, detail: { number: row.number, arrivedAt: now, reportDueAt: due } });
    await addCaseEvent(tx, deps.clock, ctx.actor, {
      caseId: row.case_id,
      companyId: row.company_id,
      kind: 'dispatch_linked',
      visibility: 'internal',
      body: t('ja', 'dispatch.case.arrived', { number: row.number }),
      data: { dispatchId: id, number: row.number, status: 'on_site', arrivedAt: now, reportDueAt: due },
    });
  });
  return reloadDetail(deps, id);
}

/**
 * Records checklist items (done, note; who and when are added) and what was learnt about the
 * device. `deviceIdentified` can be ticked only once the device has an IP or MAC address.
 */
export async function updateChecklist(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string, body: In<typeof checklistInput>): Promise<DispatchDetailDto> {
  const row = await loadDispatch(deps, ctx.actor, id);
  requireFieldWorker(ctx.actor, row);
  const input = checklistInput.parse(body);
  requireStatus(row, ['on_site'], 'the on-site checklist');
  const now = deps.clock.now().toISOString();
  const by = await actorName(deps, ctx.actor);
  const repo = dispatchRepository(deps.db);
  const checklist = parseChecklist(row.checklist);
  for (const [item, entry] of Object.entries(input.items)) {
    if (!entry) continue;
    const prev = checklist[item]!;
    checklist[item] = { done: entry.done, at: now, by, note: entry.note !== undefined ? entry.note : prev.note };
  }
  await deps.db.kysely.transaction().execute(async (tx) => {
    let device: DeviceDto = parseDevice(row.device);
    if (input.device) {
      const d = input.device;
      device = await completeDevice(deps, tx, row.company_id, {
        ip: d.ip ?? device.ip,
        mac: d.mac ?? device.mac,
        vendor: d.vendor ?? (d.mac && d.mac !== device.mac ? null : device.vendor),
        hostname: d.hostname ?? device.hostname,
        kind: d.kind ?? device.kind,
      });
    }
    if (checklist.deviceIdentified?.done && !device.ip && !device.mac) {
      throw new AppError('validation_failed', 'record the device’s IP or MAC address before ticking “device identified”', {
        fields: [{ path: 'device.ip', message: 'an IP or MAC address is needed to mark the device identified' }],
      });
    }
    const ok = await repo.updateDispatch(tx, id, { checklist: JSON.stringify(checklist), device: JSON.stringify(device), updated_at: now }, ['on_site']);
    if (!ok) throw new AppError('conflict', `dispatch ${row.number} was changed meanwhile; reload it`);
    await appendAudit(tx, deps.clock, ctx.actor, {
      action: 'dispatch.checklist_updated',
      targetType: 'dispatch',
      targetId: id,
      companyId: row.company_id,
      detail: { number: row.number, items: input.items, ...(input.device ? { device } : {}) },
    });
  });
  return reloadDetail(deps, id);
}

/** Registers a piece of evidence (hash, size, where it is kept); the collector is the acting user. */
export async function addEvidence(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string, body: In<typeof evidenceInput>): Promise<EvidenceDto> {
  const row = await loadDispatch(deps, ctx.actor, id);
  requireFieldWorker(ctx.actor, row);
  const input = evidenceInput.parse(body);
  requireStatus(row, ['on_site'], 'collecting evidence');
  const now = deps.clock.now().toISOString();
  const collectedAt = input.collectedAt ?? now;
  notInFuture(deps, collectedAt, 'collectedAt');
  if (row.arrived_at && collectedAt < row.arrived_at) {
    throw new AppError('validation_failed', 'collectedAt is before the arrival on site', { fields: [{ path: 'collectedAt', message: 'must not be before the arrival' }] });
  }
  const evidence = {
    id: newId('evd'),
    dispatch_id: id,
    company_id: row.company_id,
    label: input.label,
    sha256: input.sha256,
    size: input.size,
    collected_by_id: ctx.actor.userId,
    collected_by_name: await actorName(deps, ctx.actor),
    collected_at: collectedAt,
    location: input.location,
    recorded_at: now,
  };
  await deps.db.kysely.transaction().execute(async (tx) => {
    await dispatchRepository(deps.db).insertEvidence(tx, evidence);
    await appendAudit(tx, deps.clock, ctx.actor, {
      action: 'dispatch.evidence_added',
      targetType: 'dispatch_evidence',
      targetId: evidence.id,
      companyId: row.company_id,
      detail: { dispatchId: id, number: row.number, label: evidence.label, sha256: evidence.sha256, size: evidence.size, collectedAt, location: evidence.location },
    });
  });
  return toEvidence(evidence, []);
}

/**
 * Appends a hand-over to a piece of evidence's chain of custody: from the current holder (the last
 * recipient, or the collector) to `to`. Hand-overs are never changed or removed.
 */
export async function recordCustody(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string, evidenceId: string, body: In<typeof custodyInput>): Promise<CustodyDto> {
  const row = await loadDispatch(deps, ctx.actor, id);
  const repo = dispatchRepository(deps.db);
  const evidence = await repo.findEvidence(id, evidenceId);
  if (!evidence) throw notFound('evidence');
  requireFieldWorker(ctx.actor, row);
  const input = custodyInput.parse(body);
  const by = await actorName(deps, ctx.actor);
  const now = deps.clock.now().toISOString();
  const custody = await deps.db.kysely.transaction().execute(async (tx) => {
    const last = await repo.lastCustody(evidenceId, tx);
    const c = {
      id: newId('cus'),
      evidence_id: evidenceId,
      dispatch_id: id,
      company_id: row.company_id,
      seq: (last ? Number(last.seq) : 0) + 1,
      at: now,
      from_party: last?.to_party ?? evidence.collected_by_name,
      to_party: input.to,
      location: input.location,
      purpose: input.purpose,
      recorded_by_id: ctx.actor.userId,
      recorded_by_name: by,
    };
    try {
      await repo.insertCustody(tx, c);
    } catch (e) {
      if (/unique|duplicate/i.test(String((e as Error).message))) throw new AppError('conflict', 'another hand-over was recorded at the same moment; reload and try again');
      throw e;
    }
    await appendAudit(tx, deps.clock, ctx.actor, {
      action: 'dispatch.custody_recorded',
      targetType: 'dispatch_evidence',
      targetId: evidenceId,
      companyId: row.company_id,
      detail: { dispatchId: id, number: row.number, seq: c.seq, from: c.from_party, to: c.to_party, location: c.location, purpose: c.purpose, sha256: evidence.sha256 },
    });
    return c;
  });
  return toCustody(custody);
}

/** What was found on site, and when the customer's work was running again (time to recovery). */
export async function saveFindings(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string, body: In<typeof findingsInput>): Promise<DispatchDetailDto> {
  const row = await loadDispatch(deps, ctx.actor, id);
  requireFieldWorker(ctx.actor, row);
  const input = findingsInput.parse(body);
  requireStatus(row, ['on_site'], 'recording findings');
  if (input.recoveredAt) {
    notInFuture(deps, input.recoveredAt, 'recoveredAt');
    if (input.recoveredAt < row.created_at) {
      throw new AppError('validation_failed', 'recoveredAt is before the dispatch was ordered', { fields: [{ path: 'recoveredAt', message: 'must not be before the order' }] });
    }
  }
  const now = deps.clock.now().toISOString();
  await deps.db.kysely.transaction().execute(async (tx) => {
    const patch = { findings: input.findings, updated_at: now, ...(input.recoveredAt !== undefined ? { recovered_at: input.recoveredAt } : {}) };
    if (!(await dispatchRepository(deps.db).updateDispatch(tx, id, patch, ['on_site']))) throw new AppError('conflict', `dispatch ${row.number} was changed meanwhile; reload it`);
    await appendAudit(tx, deps.clock, ctx.actor, {
      action: 'dispatch.findings_saved',
      targetType: 'dispatch',
      targetId: id,
      companyId: row.company_id,
      detail: { number: row.number, length: input.findings.length, ...(input.recoveredAt !== undefined ? { recoveredAt: input.recoveredAt } : {}) },
    });
  });
  return reloadDetail(deps, id);
}
