import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { isProgramAdmin, type Actor } from '../../platform/auth/roles.ts';
import { dispatchRepository, type DispatchListRow, type DispatchReach } from './dispatch.repository.ts';

/**
 * Who may do what with dispatches (docs/api-helpdesk.md):
 * - the back office (`analyst`, `program_admin`) orders, schedules and cancels, and sees every dispatch;
 * - the help desk (`operator`) reads every dispatch;
 * - a `responder` sees and works only the dispatches assigned to them (others answer 404);
 * - nobody else sees dispatches (lists: 403, single dispatches: 404 like one that does not exist).
 */
const readAll: ReadonlySet<string> = new Set(['program_admin', 'analyst', 'operator', 'system']);

export function isBackOffice(actor: Actor): boolean {
  return isProgramAdmin(actor) || actor.role === 'analyst';
}

function reach(actor: Actor): DispatchReach | null {
  if (readAll.has(actor.role)) return { kind: 'all' };
  if (actor.role === 'responder' && actor.userId) return { kind: 'assigned', userId: actor.userId };
  return null;
}

/** For lists: roles without dispatches get 403. */
export function reachForList(actor: Actor): DispatchReach {
  const r = reach(actor);
  if (!r) throw new AppError('forbidden', 'this role cannot see dispatches');
  return r;
}

/** For one dispatch: anything the actor may not see is `not_found`, exactly like a dispatch that does not exist. */
export function reachForOne(actor: Actor): DispatchReach {
  const r = reach(actor);
  if (!r) throw notFound('dispatch');
  return r;
}

/** Staff who may see the offices and responders list. */
export function requireDispatchStaff(actor: Actor): void {
  reachForList(actor);
}

/** Loads a dispatch the actor may see, or answers 404. */
export async function loadDispatch(deps: Pick<Deps, 'db'>, actor: Actor, id: string): Promise<DispatchListRow> {
  const row = await dispatchRepository(deps.db).findDispatch(reachForOne(actor), id);
  if (!row) throw notFound('dispatch');
  return row;
}

export function requireBackOffice(actor: Actor, what = 'order or schedule dispatches'): void {
  if (!isBackOffice(actor)) throw new AppError('forbidden', `only the monitoring center or the program office can ${what}`);
}

/**
 * On-site work (arrival, checklist, evidence, custody, findings, report): the assigned responder,
 * or the back office standing in. The help desk only reads.
 */
export function requireFieldWorker(actor: Actor, row: DispatchListRow): void {
  if (isBackOffice(actor)) return;
  if (actor.role === 'responder' && actor.userId && row.responder_id === actor.userId) return;
  throw new AppError('forbidden', 'only the assigned responder or the back office can do this');
}

/** Refuses a change unless the dispatch is in one of the statuses. */
export function requireStatus(row: { status: string; number: string }, allowed: readonly string[], what: string): void {
  if (!allowed.includes(row.status)) {
    throw new AppError('invalid_transition', `${what} is not possible while dispatch ${row.number} is ${row.status} (needs ${allowed.join(' or ')})`);
  }
}

/** The actor's display name for custody and checklist records. */
export async function actorName(deps: Pick<Deps, 'db'>, actor: Actor): Promise<string> {
  if (!actor.userId) return actor.role === 'system' ? 'otasuke' : (actor.email ?? actor.role);
  const u = await dispatchRepository(deps.db).findUserName(actor.userId);
  return u?.name ?? actor.email ?? actor.userId;
}
