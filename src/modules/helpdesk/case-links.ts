/**
 * What other modules (dispatch, monitoring, reporting) may do to a case: read its essentials,
 * add a timeline event, close it. They never write the cases tables directly.
 */
import type { Executor } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Actor } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/ids/ids.ts';

export interface CaseEssentials {
  id: string;
  number: string;
  companyId: string;
  subject: string;
  status: string;
  contactName: string | null;
  contactEmail: string | null;
}

export async function findCase(db: Executor, caseId: string): Promise<CaseEssentials | undefined> {
  const r = await db
    .selectFrom('cases')
    .select(['id', 'number', 'company_id', 'subject', 'status', 'contact_name', 'contact_email'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  return r && { id: r.id, number: r.number, companyId: r.company_id, subject: r.subject, status: r.status, contactName: r.contact_name, contactEmail: r.contact_email };
}

export interface NewCaseEvent {
  caseId: string;
  companyId: string;
  kind: string;
  body: string;
  visibility?: 'public' | 'internal';
  data?: Record<string, unknown>;
  messageId?: string | null;
  at?: string;
}

async function actorName(db: Executor, actor: Actor): Promise<string | null> {
  if (!actor.userId) return actor.role === 'system' ? 'otasuke' : null;
  const u = await db.selectFrom('users').select(['name']).where('id', '=', actor.userId).executeTakeFirst();
  return u?.name ?? actor.email;
}

/** Appends one event to a case's timeline and touches the case. Returns the event id. */
export async function addCaseEvent(db: Executor, clock: Clock, actor: Actor, e: NewCaseEvent): Promise<string> {
  const id = newId('cev');
  const at = e.at ?? clock.now().toISOString();
  await db
    .insertInto('case_events')
    .values({
      id,
      case_id: e.caseId,
      company_id: e.companyId,
      at,
      kind: e.kind,
      actor_id: actor.userId,
      actor_name: await actorName(db, actor),
      visibility: e.visibility ?? 'internal',
      body: e.body,
      data: JSON.stringify(e.data ?? {}),
      message_id: e.messageId ?? null,
    })
    .execute();
  await db.updateTable('cases').set({ updated_at: at }).where('id', '=', e.caseId).execute();
  return id;
}

/** Closes a case (e.g. when the dispatch report is sent), recording why on its timeline. */
export async function closeCase(db: Executor, clock: Clock, actor: Actor, caseId: string, reason: string): Promise<void> {
  const c = await findCase(db, caseId);
  if (!c || c.status === 'closed') return;
  const now = clock.now().toISOString();
  await db.updateTable('cases').set({ status: 'closed', closed_at: now, resolved_at: now, paused_since: null, updated_at: now }).where('id', '=', caseId).execute();
  await addCaseEvent(db, clock, actor, { caseId, companyId: c.companyId, kind: 'status', body: reason, visibility: 'public', data: { from: c.status, to: 'closed' }, at: now });
}
