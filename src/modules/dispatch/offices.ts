import type { Deps, Ctx } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isProgramAdmin } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/ids/ids.ts';
import { dispatchRepository, type OfficeRow, type ResponderListRow } from './dispatch.repository.ts';
import { requireDispatchStaff } from './dispatch.access.ts';
import type { OfficeInput, ResponderProfileInput } from './dispatch.schemas.ts';

const parseList = (v: string | null): string[] => {
  if (!v) return [];
  try {
    const a = JSON.parse(v) as unknown;
    return Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

export const toOffice = (o: OfficeRow) => ({ id: o.id, name: o.name, address: o.address, coverage: parseList(o.coverage) });
export const toResponder = (r: ResponderListRow) => ({ userId: r.user_id, name: r.name, email: r.email, officeId: r.office_id, skills: parseList(r.skills), hours: r.hours });

export async function listOffices(deps: Pick<Deps, 'db'>, ctx: Ctx) {
  requireDispatchStaff(ctx.actor);
  return { items: (await dispatchRepository(deps.db).listOffices()).map(toOffice) };
}

export async function listResponders(deps: Pick<Deps, 'db'>, ctx: Ctx) {
  requireDispatchStaff(ctx.actor);
  const rows = await dispatchRepository(deps.db).listResponders();
  return { items: rows.filter((r) => r.status !== 'disabled').map(toResponder) };
}

function requireProgramOffice(ctx: Ctx, what: string) {
  if (!isProgramAdmin(ctx.actor)) throw new AppError('forbidden', `only the program office can ${what}`);
}

/** Creates an office, or updates the one with the same name (program office; the demo data uses it). */
export async function saveOffice(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, input: OfficeInput) {
  requireProgramOffice(ctx, 'manage dispatch offices');
  const repo = dispatchRepository(deps.db);
  const now = deps.clock.now().toISOString();
  const coverage = [...new Set(input.coverage.map((c) => c.normalize('NFKC').trim()).filter(Boolean))];
  return deps.db.kysely.transaction().execute(async (tx) => {
    const existing = await repo.findOfficeByName(input.name, tx);
    const row: OfficeRow = existing
      ? { ...existing, address: input.address, coverage: JSON.stringify(coverage), updated_at: now }
      : { id: newId('dof'), name: input.name, address: input.address, coverage: JSON.stringify(coverage), position: await repo.nextOfficePosition(tx), created_at: now, updated_at: now };
    if (existing) await repo.updateOffice(tx, row.id, { address: row.address, coverage: row.coverage, updated_at: now });
    else await repo.insertOffice(tx, row);
    await appendAudit(tx, deps.clock, ctx.actor, { action: existing ? 'dispatch.office_updated' : 'dispatch.office_created', targetType: 'dispatch_office', targetId: row.id, detail: { name: row.name, coverage } });
    return toOffice(row);
  });
}

/** Sets a responder's office, skills and working hours (program office). */
export async function setResponderProfile(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, userId: string, input: ResponderProfileInput) {
  requireProgramOffice(ctx, 'change responders');
  const repo = dispatchRepository(deps.db);
  const user = await repo.findUser(userId);
  if (!user || user.role !== 'responder') throw notFound('responder');
  if (input.officeId && !(await repo.findOffice(input.officeId))) {
    throw new AppError('validation_failed', 'no such office', { fields: [{ path: 'officeId', message: 'no such office' }] });
  }
  const now = deps.clock.now().toISOString();
  await deps.db.kysely.transaction().execute(async (tx) => {
    await repo.upsertResponderProfile(tx, { user_id: userId, office_id: input.officeId, skills: JSON.stringify(input.skills), hours: input.hours, updated_at: now });
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'dispatch.responder_updated', targetType: 'user', targetId: userId, detail: { ...input } });
  });
  return toResponder({ user_id: userId, name: user.name, email: user.email, status: user.status, office_id: input.officeId, skills: JSON.stringify(input.skills), hours: input.hours });
}

export interface Proposal {
  officeId: string | null;
  officeName: string | null;
  /** The coverage municipality found in the address (e.g. 一宮市). */
  matched: string | null;
  responderId: string | null;
  responderName: string | null;
  /** `matched`: office and responder found; `no_responder`: an office covers the address but no responder fits; `no_office`: no office covers it. */
  reason: 'matched' | 'no_responder' | 'no_office';
}

/**
 * The office whose coverage municipality appears in the address. When several do (北名古屋市 also
 * contains 名古屋市), the longest name wins; ties go to the office listed first.
 */
export function officeForAddress(offices: OfficeRow[], address: string): { office: OfficeRow; matched: string } | null {
  const addr = address.normalize('NFKC').replace(/\s+/g, '');
  let best: { office: OfficeRow; matched: string } | null = null;
  for (const o of offices) {
    for (const m of parseList(o.coverage)) {
      const name = m.normalize('NFKC').replace(/\s+/g, '');
      if (name && addr.includes(name) && (!best || name.length > best.matched.length)) best = { office: o, matched: m };
    }
  }
  return best;
}

/** Time of day in Japan (HH:MM) of an instant. */
function jstTime(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(11, 16);
}

function withinHours(hours: string | null, iso: string): boolean {
  if (!hours) return false;
  const [from, to] = hours.split('-');
  const t = jstTime(iso);
  return !!from && !!to && t >= from && t < to;
}

/**
 * Proposes the office covering the site address and a responder of that office with the skill for
 * the device kind (any responder of the office when the kind is unknown). Responders working at
 * the visit time come first, then those with the fewest open dispatches.
 */
export async function proposeAssignment(
  deps: Pick<Deps, 'db'>,
  tx: Executor,
  q: { siteAddress: string; kind?: string | null; visitAt?: string | null },
): Promise<Proposal> {
  const repo = dispatchRepository(deps.db);
  const found = officeForAddress(await repo.listOffices(tx), q.siteAddress);
  if (!found) return { officeId: null, officeName: null, matched: null, responderId: null, responderName: null, reason: 'no_office' };
  const candidates = (await repo.listResponders(tx)).filter(
    (r) => r.status === 'active' && r.office_id === found.office.id && (!q.kind || parseList(r.skills).includes(q.kind)),
  );
  const base = { officeId: found.office.id, officeName: found.office.name, matched: found.matched };
  if (candidates.length === 0) return { ...base, responderId: null, responderName: null, reason: 'no_responder' };
  const load = await repo.openLoad(candidates.map((c) => c.user_id), tx);
  const score = (r: ResponderListRow) => [q.visitAt && !withinHours(r.hours, q.visitAt) ? 1 : 0, load.get(r.user_id) ?? 0] as const;
  candidates.sort((a, b) => {
    const [sa, sb] = [score(a), score(b)];
    return sa[0] - sb[0] || sa[1] - sb[1] || a.name.localeCompare(b.name, 'ja') || a.user_id.localeCompare(b.user_id);
  });
  const best = candidates[0]!;
  return { ...base, responderId: best.user_id, responderName: best.name, reason: 'matched' };
}
