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

function toRow(seq: number, prevHash: string, at: string, actor: Actor, e: AuditEntry): Row {
  return {
    seq,
    at,
    actor_id: actor.userId,
    actor_role: actor.role,
    action: e.action,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    company_id: e.companyId ?? null,
    ip: actor.ip,
    detail: JSON.stringify(e.detail ?? {}),
    prev_hash: prevHash,
  };
}

/**
 * Appends rows to the hash-chained audit log inside the caller's transaction (so a change and its
 * audit row commit together). The single `audit_head` row is advanced by the number of rows in the
 * same statement; on PostgreSQL its row lock serialises writers so the chain never forks.
 */
async function appendMany(tx: Executor, clock: Clock, items: { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  const head = await tx
    .updateTable('audit_head')
    .set({ seq: sql`seq + ${items.length}` })
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  let seq = Number(head.seq) - items.length;
  let prev = head.hash;
  const at = clock.now().toISOString();
  const rows = items.map(({ actor, entry }) => {
    const row = toRow(++seq, prev, at, actor, entry);
    prev = rowHash(row);
    return { ...row, hash: prev };
  });
  for (let i = 0; i < rows.length; i += 200) await tx.insertInto('audit_log').values(rows.slice(i, i + 200)).execute();
  await tx.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
}

export function appendAudit(tx: Executor, clock: Clock, actor: Actor, e: AuditEntry): Promise<void> {
  return appendMany(tx, clock, [{ actor, entry: e }]);
}

interface Pending {
  actor: Actor;
  entry: AuditEntry;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for audit rows that are not part of a business transaction (reads, logins): entries
 * queued while a write is in flight go out together in the next transaction. Each caller still
 * waits until its own row is committed, so nothing is answered before it is audited.
 */
class AuditQueue {
  private queue: Pending[] = [];
  private running = false;
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  add(actor: Actor, entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ actor, entry, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain() {
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, 500);
      try {
        await this.db.kysely.transaction().execute((tx) => appendMany(tx, this.clock, batch));
        for (const p of batch) p.resolve();
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
    this.running = false;
  }
}

const queues = new WeakMap<Db, AuditQueue>();

/** Appends in its own (shared, batched) transaction: for reads and events that change nothing else. */
export function audit(db: Db, clock: Clock, actor: Actor, e: AuditEntry): Promise<void> {
  let q = queues.get(db);
  if (!q) queues.set(db, (q = new AuditQueue(db, clock)));
  return q.add(actor, e);
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

const recentReads = new Map<string, number>();

/**
 * Audits a repeated list read (a live queue polling every few seconds) once per window per actor
 * and query: who looked at what is kept, without a row every 3 seconds. Single-object reads use
 * `audit` and are recorded every time.
 */
export async function auditRepeatedRead(db: Db, clock: Clock, actor: Actor, e: AuditEntry, windowMs = 10 * 60_000): Promise<void> {
  const key = `${actor.userId}|${e.action}|${e.companyId ?? ''}|${JSON.stringify(e.detail?.filter ?? null)}`;
  const now = clock.now().getTime();
  const last = recentReads.get(key);
  if (last !== undefined && now - last < windowMs) return;
  if (recentReads.size > 10_000) recentReads.clear();
  recentReads.set(key, now);
  await audit(db, clock, actor, e);
}
