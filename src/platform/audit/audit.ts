import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { Actor } from '../auth/roles.ts';
import type { Clock } from '../clock/clock.ts';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  companyId?: string | null;
  detail?: Record<string, unknown>;
}

interface Row {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  company_id: string | null;
  ip: string | null;
  detail: string;
  prev_hash: string;
}

/** The hash covers every column but itself, in a fixed order, so any edit breaks the chain. */
export function rowHash(r: Row): string {
  const canonical = JSON.stringify([
    r.seq, r.at, r.actor_id, r.actor_role, r.action, r.target_type, r.target_id, r.company_id, r.ip, r.detail, r.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends one row to the hash-chained audit log inside the caller's transaction (so a change and
 * its audit row commit together). The single `audit_head` row is updated in the same transaction;
 * on PostgreSQL its row lock serialises concurrent writers so the chain never forks.
 */
export async function appendAudit(tx: Executor, clock: Clock, actor: Actor, e: AuditEntry): Promise<void> {
  const head = await tx
    .updateTable('audit_head')
    .set({ seq: sql`seq + 1` })
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const row: Row = {
    seq: Number(head.seq),
    at: clock.now().toISOString(),
    actor_id: actor.userId,
    actor_role: actor.role,
    action: e.action,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    company_id: e.companyId ?? null,
    ip: actor.ip,
    detail: JSON.stringify(e.detail ?? {}),
    prev_hash: head.hash,
  };
  const hash = rowHash(row);
  await tx.insertInto('audit_log').values({ ...row, hash }).execute();
  await tx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
}

/** Appends in its own transaction (for reads and events that change nothing else). */
export function audit(db: Db, clock: Clock, actor: Actor, e: AuditEntry): Promise<void> {
  return db.kysely.transaction().execute((tx) => appendAudit(tx, clock, actor, e));
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  firstBadSeq?: number;
  reason?: string;
}

/** Walks the whole chain in pages and reports the first row whose hash or link is wrong. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<VerifyResult> {
  let prev = '0'.repeat(64);
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const page = await db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const r of page) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, rows, firstBadSeq: expectedSeq, reason: `row ${expectedSeq} is missing` };
      if (r.prev_hash !== prev) return { ok: false, rows, firstBadSeq: seq, reason: `row ${seq} does not link to row ${seq - 1}` };
      if (rowHash({ ...r, seq }) !== r.hash) return { ok: false, rows, firstBadSeq: seq, reason: `row ${seq} was altered` };
      prev = r.hash;
      expectedSeq++;
      rows++;
    }
    if (page.length < pageSize) break;
  }
  const head = await db.kysely.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (head && (Number(head.seq) !== rows || head.hash !== prev)) {
    return { ok: false, rows, firstBadSeq: rows + 1, reason: `the chain ends at row ${rows} but the head says ${head.seq}: rows were removed at the end` };
  }
  return { ok: true, rows };
}
