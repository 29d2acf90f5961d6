/**
 * Cases: one model for every contact (web form, mail, phone call, outbound from an alert).
 * Use cases here are called by the HTTP routes, the mail intake and the demo seeder.
 */
import { sql } from 'kysely';
import type { Deps, Ctx, Page } from '../../platform/deps.ts';
import { likePattern, substringMatch, type Executor } from '../../platform/db/database.ts';
import { cachedCount } from '../../platform/db/change-counters.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit, audit, auditRepeatedRead } from '../../platform/audit/audit.ts';
import { isCompanyRole, type Actor } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/ids/ids.ts';
import { normaliseSearch } from '../companies/search-text.ts';
import { addCaseEvent } from './case-links.ts';
import { dueDates, parsePauses, slaState, type StoredPause } from './sla.ts';
import {
  caseTransitions,
  type CallScript,
  type CaseCreate,
  type CaseDetail,
  type CaseListItem,
  type CaseListQuery,
  type CasePatch,
  type CaseStatus,
} from './helpdesk.schemas.ts';
import { playbooksFor } from './kb.ts';

type CaseDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/** Staff who work cases: the help desk, the monitoring center (back office) and the program office. */
export function isCaseWorker(actor: Actor): boolean {
  return ['operator', 'analyst', 'program_admin', 'system'].includes(actor.role);
}
/** The back office decides whether something is an incident and whether to send someone. */
export function isBackOffice(actor: Actor): boolean {
  return ['analyst', 'program_admin', 'system'].includes(actor.role);
}

function requireCaseWorker(actor: Actor) {
  if (!isCaseWorker(actor)) throw new AppError('forbidden', 'only the help desk, the monitoring center or the program office can do this');
}

export interface CaseRow {
  id: string;
  number: string;
  company_id: string;
  company_name: string | null;
  subject: string;
  channel: string;
  category: string;
  severity: string;
  status: string;
  tier: string;
  assignee_id: string | null;
  assignee_name: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  call_script: string | null;
  judgement: string | null;
  created_at: string;
  updated_at: string;
  first_responded_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  first_response_due_at: string;
  resolution_due_at: string;
  paused_since: string | null;
  sla_pauses: string;
}

const listColumns = [
  'k.id', 'k.number', 'k.company_id', 'c.name as company_name', 'k.subject', 'k.channel', 'k.category', 'k.severity', 'k.status', 'k.tier', 'k.assignee_id',
  'u.name as assignee_name', 'k.created_at', 'k.updated_at', 'k.first_responded_at', 'k.resolved_at', 'k.first_response_due_at', 'k.resolution_due_at', 'k.paused_since',
] as const;

function baseQuery(db: Executor) {
  return db.selectFrom('cases as k').leftJoin('companies as c', 'c.id', 'k.company_id').leftJoin('users as u', 'u.id', 'k.assignee_id');
}

function toListItem(r: Omit<CaseRow, 'contact_name' | 'contact_email' | 'contact_phone' | 'call_script' | 'judgement' | 'closed_at' | 'sla_pauses'>, now: Date): CaseListItem {
  return {
    id: r.id,
    number: r.number,
    companyId: r.company_id,
    companyName: r.company_name,
    subject: r.subject,
    channel: r.channel,
    category: r.category,
    severity: r.severity,
    status: r.status,
    tier: r.tier,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sla: slaState(r, now),
  };
}

/** Loads a case the actor may see, or answers not_found (other companies' cases do not exist for them). */
export async function loadCase(db: Executor, actor: Actor, id: string): Promise<CaseRow> {
  const row = (await baseQuery(db)
    .select([...listColumns, 'k.contact_name', 'k.contact_email', 'k.contact_phone', 'k.call_script', 'k.judgement', 'k.closed_at', 'k.sla_pauses'])
    .where('k.id', '=', id)
    .executeTakeFirst()) as CaseRow | undefined;
  if (!row) throw notFound('case');
  if (isCompanyRole(actor.role)) {
    if (actor.companyId !== row.company_id) throw notFound('case');
  } else if (!isCaseWorker(actor)) {
    throw notFound('case');
  }
  return row;
}

/** FTS5 phrase for a substring: with the trigram tokenizer, a quoted phrase of 3+ characters matches exactly the rows containing it. */
function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** How a list's `q` is answered: a case number, the SQLite FTS5 trigram index (3+ characters), or LIKE. */
function caseSearch(deps: CaseDeps, q: CaseListQuery): { by: 'number' | 'fts' | 'like'; term: string } | null {
  const raw = q.q?.trim();
  if (!raw) return null;
  const term = normaliseSearch(raw);
  if (/^c-\d{1,12}$/.test(term)) return { by: 'number', term: term.toUpperCase() };
  if (deps.db.engine === 'sqlite' && [...term].length >= 3) return { by: 'fts', term };
  return { by: 'like', term };
}

/**
 * The cases matching a list query's filters (FROM cases as k WHERE …). `forPage`: the query will be
 * ordered by the list order and limited, so a text search should keep to the order's index.
 */
function filteredCases(deps: CaseDeps, actor: Actor, q: CaseListQuery, now: Date, forPage: boolean) {
  let query = deps.db.kysely.selectFrom('cases as k');
  if (isCompanyRole(actor.role)) {
    query = query.where('k.company_id', '=', actor.companyId ?? '-');
  } else if (q.companyId) {
    query = query.where('k.company_id', '=', q.companyId);
  }
  if (q.status) query = query.where('k.status', '=', q.status);
  if (q.channel) query = query.where('k.channel', '=', q.channel);
  if (q.category) query = query.where('k.category', '=', q.category);
  if (q.tier) query = query.where('k.tier', '=', q.tier);
  if (q.assigneeId) query = query.where('k.assignee_id', '=', q.assigneeId);
  const search = caseSearch(deps, q);
  if (search?.by === 'number') {
    // A case number: the unique index, nothing else.
    query = query.where('k.number', '=', search.term);
  } else if (search?.by === 'fts') {
    // The FTS5 trigram index answers substring matches of 3+ characters as a phrase (not LIKE,
    // which re-reads every candidate's text from the cases table). A count looks the matches up
    // by rowid; a page walks the list order's index (`+` stops the rowid look-up) and probes the
    // set of matches, instead of reading and sorting every match.
    const matches = sql`(select rowid from cases_fts where cases_fts match ${ftsPhrase(search.term)})`;
    query = query.where(forPage ? sql<boolean>`+k.rowid in ${matches}` : sql<boolean>`k.rowid in ${matches}`);
  } else if (search) {
    // PostgreSQL: 3+ characters through pg_trgm, whose row estimates let the planner walk the list
    // order for a first page and sort the matches for a deep one (the bigram condition would be
    // estimated at one row and always sorted); 2 characters, which pg_trgm cannot index, through
    // the bigram index. SQLite: 1–2 characters scan.
    query = query.where(
      [...search.term].length >= 3 ? sql<boolean>`k.search_text like ${likePattern(search.term)} escape '\\'` : substringMatch(deps.db, 'k.search_text', search.term),
    );
  }
  if (q.breached === 'true') {
    const nowIso = now.toISOString();
    // Open cases only, written exactly as the predicate of cases_open_sla_idx (a partial index of
    // the few open cases with their SLA columns), so both engines answer from that index alone.
    query = query
      .where(sql<boolean>`k.status not in ('resolved', 'closed')`)
      .where((eb) =>
        eb.or([
          eb.and([eb('k.first_responded_at', 'is', null), eb(eb.fn.coalesce('k.paused_since', sql.val(nowIso)), '>', eb.ref('k.first_response_due_at'))]),
          eb(eb.fn.coalesce('k.paused_since', sql.val(nowIso)), '>', eb.ref('k.resolution_due_at')),
        ]),
      );
  }
  return query;
}

/** A staff search by words with no other filter, on SQLite: counted in the FTS index alone (every case has its row there). */
function ftsOnly(deps: CaseDeps, actor: Actor, q: CaseListQuery): boolean {
  if (caseSearch(deps, q)?.by !== 'fts' || isCompanyRole(actor.role)) return false;
  return !q.companyId && !q.status && !q.channel && !q.category && !q.tier && !q.assigneeId && q.breached !== 'true';
}

export async function listCases(deps: CaseDeps, ctx: Ctx, q: CaseListQuery): Promise<Page<CaseListItem>> {
  const { actor } = ctx;
  if (isCompanyRole(actor.role)) {
    if (q.companyId && q.companyId !== actor.companyId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  } else if (!isCaseWorker(actor)) {
    throw new AppError('forbidden', 'this role cannot list cases');
  }
  const now = deps.clock.now();
  // Filters only use the cases table: the total is counted without the names (which never change
  // the number of rows), so it comes from an index.
  const count = async () =>
    Number(
      ftsOnly(deps, actor, q)
        ? (await sql<{ total: number }>`select count(*) as total from cases_fts where cases_fts match ${ftsPhrase(caseSearch(deps, q)!.term)}`.execute(deps.db.kysely)).rows[0]!.total
        : (await filteredCases(deps, actor, q, now, false).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()).total,
    );
  // Totals are kept while no case is added, removed or changes a filter column (see the cases
  // change counter in helpdesk.migrations.ts); `breached` depends on the clock and is always counted.
  const search = caseSearch(deps, q);
  const key = JSON.stringify([isCompanyRole(actor.role) ? actor.companyId : q.companyId, q.status, q.channel, q.category, q.tier, q.assigneeId, search?.by, search?.term]);
  const total = q.breached === 'true' ? await count() : await cachedCount(deps.db, 'cases', key, count);
  // The page's ids come from the filter's index (…, created_at, id) alone — OFFSET skips index
  // entries — and only those rows are read, with the company and assignee names.
  const pageIds = filteredCases(deps, actor, q, now, true)
    .select('k.id')
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const rows = await deps.db.kysely
    .selectFrom('cases as p')
    .select([
      'p.id', 'p.number', 'p.company_id', 'p.subject', 'p.channel', 'p.category', 'p.severity', 'p.status', 'p.tier', 'p.assignee_id',
      'p.created_at', 'p.updated_at', 'p.first_responded_at', 'p.resolved_at', 'p.first_response_due_at', 'p.resolution_due_at', 'p.paused_since',
      (eb) => eb.selectFrom('companies as c').select('c.name').whereRef('c.id', '=', 'p.company_id').as('company_name'),
      (eb) => eb.selectFrom('users as u').select('u.name').whereRef('u.id', '=', 'p.assignee_id').as('assignee_name'),
    ])
    .where('p.id', 'in', pageIds)
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
  if (!isCompanyRole(actor.role) && actor.role !== 'system') {
    await auditRepeatedRead(deps.db, deps.clock, actor, { action: 'case.list_viewed', companyId: q.companyId ?? null, detail: { status: q.status ?? null, page: q.page } });
  }
  return { items: rows.map((r) => toListItem(r as CaseRow, now)), total, page: q.page, pageSize: q.pageSize };
}

export async function getCase(deps: CaseDeps, ctx: Ctx, id: string): Promise<CaseDetail> {
  const row = await loadCase(deps.db.kysely, ctx.actor, id);
  const detail = await caseDetail(deps.db.kysely, deps.clock.now(), row, ctx.actor);
  if (!isCompanyRole(ctx.actor.role) && ctx.actor.role !== 'system') {
    await audit(deps.db, deps.clock, ctx.actor, { action: 'case.viewed', targetType: 'case', targetId: id, companyId: row.company_id });
  }
  return detail;
}

export async function caseDetail(db: Executor, now: Date, row: CaseRow, actor: Actor): Promise<CaseDetail> {
  const customer = isCompanyRole(actor.role);
  let events = db.selectFrom('case_events').select(['id', 'kind', 'at', 'actor_name', 'visibility', 'body', 'data']).where('case_id', '=', row.id).where('company_id', '=', row.company_id);
  if (customer) events = events.where('visibility', '=', 'public');
  const [evs, atts, alerts, dispatches] = await Promise.all([
    events.orderBy('at').orderBy('id').execute(),
    db.selectFrom('case_attachments').select(['id', 'filename', 'content_type', 'size', 'sha256', 'at', 'event_id']).where('case_id', '=', row.id).orderBy('at').execute(),
    customer
      ? Promise.resolve([])
      : db
          .selectFrom('case_alerts as ca')
          .innerJoin('alerts as a', 'a.id', 'ca.alert_id')
          .select(['a.id', 'a.category', 'a.host_ip', 'a.host_mac', 'a.host_vendor', 'a.host_name', 'a.remote_ip', 'a.count', 'a.last_seen'])
          .where('ca.case_id', '=', row.id)
          .execute(),
    linkedDispatches(db, row.id),
  ]);
  const visibleEvents = new Set(evs.map((e) => e.id));
  const judgement = row.judgement ? (JSON.parse(row.judgement) as CaseDetail['case']['judgement']) : null;
  return {
    case: {
      ...toListItem(row, now),
      contactName: row.contact_name,
      contactEmail: row.contact_email,
      contactPhone: row.contact_phone,
      judgement: customer ? null : judgement,
      callScript: customer || !row.call_script ? null : (JSON.parse(row.call_script) as CallScript),
    },
    events: evs.map((e) => ({ id: e.id, kind: e.kind, at: e.at, actorName: e.actor_name, visibility: e.visibility as 'public' | 'internal', body: e.body, data: JSON.parse(e.data) as Record<string, unknown> })),
    attachments: atts
      .filter((a) => !customer || !a.event_id || visibleEvents.has(a.event_id))
      .map((a) => ({ id: a.id, eventId: a.event_id, filename: a.filename, contentType: a.content_type, size: Number(a.size), sha256: a.sha256, at: a.at })),
    alerts: alerts.map((a) => ({
      id: a.id, category: a.category, hostIp: a.host_ip, hostMac: a.host_mac, hostVendor: a.host_vendor, hostName: a.host_name, remoteIp: a.remote_ip, count: Number(a.count), lastSeen: a.last_seen,
    })),
    dispatches,
    playbooks: customer ? [] : await playbooksFor(db, row.category, alerts.map((a) => a.category)),
  };
}

/** Dispatches linked to a case, read from the dispatch module's table when it exists. */
async function linkedDispatches(db: Executor, caseId: string): Promise<CaseDetail['dispatches']> {
  try {
    const rows = await sql<{ id: string; number: string; status: string; request: string; visit_at: string | null; report_due_at: string | null }>`
      select id, number, status, request, visit_at, report_due_at from dispatches where case_id = ${caseId} order by created_at`.execute(db);
    return rows.rows.map((r) => ({ id: r.id, number: r.number, status: r.status, request: r.request, visitAt: r.visit_at, reportDueAt: r.report_due_at }));
  } catch {
    return [];
  }
}

async function nextCaseNumber(tx: Executor): Promise<string> {
  const r = await tx.updateTable('helpdesk_counters').set({ value: sql`value + 1` }).where('name', '=', 'case').returning('value').executeTakeFirstOrThrow();
  return `C-${String(r.value).padStart(6, '0')}`;
}

export interface NewCase {
  companyId: string;
  subject: string;
  body: string;
  channel: 'web' | 'mail' | 'phone' | 'outbound';
  category: string;
  severity: string;
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  callScript?: CallScript | null;
  alertIds?: string[];
  /** For mail: the Message-ID of the first mail, for threading replies. */
  messageId?: string | null;
  /** Timeline kind of the first entry: message_in (customer wrote), call_note (operator logged a call), note. */
  firstEventKind?: string;
  firstEventData?: Record<string, unknown>;
  createdAt?: string;
}

/** Inserts a case with its first timeline entry. Runs inside the caller's transaction. */
export async function insertCase(tx: Executor, deps: Pick<Deps, 'clock' | 'config'>, actor: Actor, c: NewCase): Promise<{ id: string; number: string; firstEventId: string }> {
  const id = newId('case');
  const number = await nextCaseNumber(tx);
  const now = c.createdAt ?? deps.clock.now().toISOString();
  const due = dueDates(deps.config, { channel: c.channel, severity: c.severity, createdAt: now, pauses: [] });
  await tx
    .insertInto('cases')
    .values({
      id,
      number,
      company_id: c.companyId,
      subject: c.subject,
      channel: c.channel,
      category: c.category,
      severity: c.severity,
      status: 'new',
      tier: 'front',
      assignee_id: null,
      contact_name: c.contactName ?? null,
      contact_email: c.contactEmail ?? null,
      contact_phone: c.contactPhone ?? null,
      call_script: c.callScript ? JSON.stringify(c.callScript) : null,
      judgement: null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
      first_responded_at: c.firstEventKind === 'call_note' ? now : null,
      resolved_at: null,
      closed_at: null,
      first_response_due_at: due.firstResponseDueAt,
      resolution_due_at: due.resolutionDueAt,
      paused_since: null,
      sla_pauses: '[]',
      search_text: normaliseSearch([number, c.subject, c.contactName ?? '', c.contactEmail ?? ''].join(' ')),
    })
    .execute();
  const firstEventId = await addCaseEvent(tx, deps.clock, actor, {
    caseId: id,
    companyId: c.companyId,
    kind: c.firstEventKind ?? 'message_in',
    body: c.body,
    visibility: c.firstEventKind === 'note' ? 'internal' : 'public',
    data: { subject: c.subject, channel: c.channel, ...(c.firstEventData ?? {}) },
    messageId: c.messageId ?? null,
    at: now,
  });
  for (const alertId of new Set(c.alertIds ?? [])) {
    const alert = await tx.selectFrom('alerts').select(['id', 'company_id']).where('id', '=', alertId).executeTakeFirst();
    if (!alert || alert.company_id !== c.companyId) throw new AppError('validation_failed', 'alert not found for this company', { fields: [{ path: 'alertIds', message: 'unknown alert' }] });
    await tx.insertInto('case_alerts').values({ case_id: id, alert_id: alertId, company_id: c.companyId }).execute();
    await addCaseEvent(tx, deps.clock, actor, { caseId: id, companyId: c.companyId, kind: 'alert_linked', body: '', data: { alertId }, at: now });
  }
  await appendAudit(tx, deps.clock, actor, { action: 'case.created', targetType: 'case', targetId: id, companyId: c.companyId, detail: { number, channel: c.channel, category: c.category } });
  return { id, number, firstEventId };
}

export async function createCase(deps: CaseDeps, ctx: Ctx, input: CaseCreate): Promise<CaseDetail> {
  const { actor } = ctx;
  let companyId = input.companyId;
  let channel: NewCase['channel'];
  let contact: { name: string | null; email: string | null; phone: string | null };
  if (isCompanyRole(actor.role)) {
    if (companyId && companyId !== actor.companyId) throw notFound('company');
    companyId = actor.companyId!;
    channel = 'web';
    const me = await deps.db.kysely.selectFrom('users').select(['name', 'email']).where('id', '=', actor.userId ?? '-').executeTakeFirst();
    contact = { name: input.contactName ?? me?.name ?? null, email: me?.email ?? null, phone: input.contactPhone ?? null };
  } else {
    requireCaseWorker(actor);
    if (!companyId) throw new AppError('validation_failed', 'companyId is required', { fields: [{ path: 'companyId', message: 'required' }] });
    channel = input.channel ?? 'phone';
    contact = { name: input.contactName ?? null, email: input.contactEmail ?? null, phone: input.contactPhone ?? null };
  }
  const company = await deps.db.kysely.selectFrom('companies').select(['id']).where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('company');
  if (!contact.email && !isCompanyRole(actor.role)) {
    const primary = await deps.db.kysely
      .selectFrom('company_contacts')
      .select(['name', 'email', 'phone'])
      .where('company_id', '=', companyId)
      .orderBy('is_primary', 'desc')
      .executeTakeFirst();
    if (primary) contact = { name: contact.name ?? primary.name, email: primary.email, phone: contact.phone ?? primary.phone };
  }
  const severity = input.severity ?? defaultSeverity(input.category);
  const created = await deps.db.kysely.transaction().execute((tx) =>
    insertCase(tx, deps, actor, {
      companyId: companyId!,
      subject: input.subject,
      body: input.body,
      channel,
      category: input.category,
      severity,
      contactName: contact.name,
      contactEmail: contact.email,
      contactPhone: contact.phone,
      alertIds: input.alertIds,
      firstEventKind: channel === 'phone' ? 'call_note' : channel === 'outbound' ? 'note' : 'message_in',
    }),
  );
  return getCase(deps, { actor: { ...actor, role: isCompanyRole(actor.role) ? actor.role : 'system' } }, created.id);
}

export function defaultSeverity(category: string): string {
  if (category === 'malware' || category === 'unauthorized_access') return 'high';
  if (category === 'suspicious_mail' || category === 'device_trouble') return 'medium';
  return 'low';
}

/** Moves a case to another status, keeping SLA pauses and timestamps right. */
export async function changeStatus(tx: Executor, deps: Pick<Deps, 'clock' | 'config'>, actor: Actor, row: CaseRow, to: CaseStatus, note = ''): Promise<void> {
  const from = row.status as CaseStatus;
  if (from === to) return;
  if (!caseTransitions[from].includes(to)) throw new AppError('invalid_transition', `a case cannot go from ${from} to ${to}`);
  const now = deps.clock.now().toISOString();
  const set: Record<string, unknown> = { status: to, updated_at: now };
  // Clocks pause while waiting for the customer.
  if (to === 'waiting_customer') set.paused_since = now;
  if (from === 'waiting_customer' && row.paused_since) {
    const pauses = [...(JSON.parse(row.sla_pauses) as StoredPause[]), { from: row.paused_since, to: now }];
    set.sla_pauses = JSON.stringify(pauses);
    set.paused_since = null;
    Object.assign(set, dueFields(deps, row, parsePauses(set.sla_pauses as string, null)));
  }
  if (to === 'resolved') set.resolved_at = now;
  if (to === 'closed') {
    set.closed_at = now;
    if (!row.resolved_at) set.resolved_at = now;
  }
  if (to === 'in_progress' && (from === 'resolved' || from === 'closed')) {
    // Reopened: the resolution clock runs again.
    set.resolved_at = null;
    set.closed_at = null;
  }
  await tx.updateTable('cases').set(set).where('id', '=', row.id).execute();
  if (to === 'closed') {
    // The alerts the case was about are dealt with too (a new line opens a new alert).
    const linked = await tx.selectFrom('case_alerts').select('alert_id').where('case_id', '=', row.id).execute();
    if (linked.length) await tx.updateTable('alerts').set({ status: 'closed', updated_at: now }).where('id', 'in', linked.map((l) => l.alert_id)).where('status', '!=', 'closed').execute();
  }
  const reopened = to === 'in_progress' && (from === 'resolved' || from === 'closed');
  await addCaseEvent(tx, deps.clock, actor, { caseId: row.id, companyId: row.company_id, kind: 'status', body: note, visibility: 'public', data: { from, to, reopened }, at: now });
  await appendAudit(tx, deps.clock, actor, { action: reopened ? 'case.reopened' : 'case.status_changed', targetType: 'case', targetId: row.id, companyId: row.company_id, detail: { from, to } });
}

function dueFields(deps: Pick<Deps, 'config'>, row: Pick<CaseRow, 'channel' | 'severity' | 'created_at'>, pauses: ReturnType<typeof parsePauses>, severity = row.severity) {
  const due = dueDates(deps.config, { channel: row.channel, severity, createdAt: row.created_at, pauses });
  return { first_response_due_at: due.firstResponseDueAt, resolution_due_at: due.resolutionDueAt };
}

export async function updateCase(deps: CaseDeps, ctx: Ctx, id: string, patch: CasePatch): Promise<CaseDetail> {
  requireCaseWorker(ctx.actor);
  await deps.db.kysely.transaction().execute(async (tx) => {
    const row = await loadCase(tx, ctx.actor, id);
    const now = deps.clock.now().toISOString();
    if (patch.assigneeId !== undefined && patch.assigneeId !== row.assignee_id) {
      if (patch.assigneeId) {
        const u = await tx.selectFrom('users').select(['id', 'role', 'name']).where('id', '=', patch.assigneeId).executeTakeFirst();
        if (!u || !['operator', 'analyst', 'program_admin'].includes(u.role)) {
          throw new AppError('validation_failed', 'the assignee must be help-desk or monitoring staff', { fields: [{ path: 'assigneeId', message: 'not a case worker' }] });
        }
      }
      await tx.updateTable('cases').set({ assignee_id: patch.assigneeId, updated_at: now }).where('id', '=', id).execute();
      const names = await tx.selectFrom('users').select(['id', 'name']).where('id', 'in', [row.assignee_id ?? '-', patch.assigneeId ?? '-']).execute();
      const nameOf = (uid: string | null) => names.find((n) => n.id === uid)?.name ?? null;
      await addCaseEvent(tx, deps.clock, ctx.actor, {
        caseId: id,
        companyId: row.company_id,
        kind: 'assignment',
        body: '',
        data: { from: row.assignee_id, to: patch.assigneeId, fromName: nameOf(row.assignee_id), toName: nameOf(patch.assigneeId) },
      });
      await appendAudit(tx, deps.clock, ctx.actor, { action: 'case.assigned', targetType: 'case', targetId: id, companyId: row.company_id, detail: { to: patch.assigneeId } });
    }
    if ((patch.severity && patch.severity !== row.severity) || (patch.category && patch.category !== row.category)) {
      const severity = patch.severity ?? row.severity;
      await tx
        .updateTable('cases')
        .set({ severity, category: patch.category ?? row.category, updated_at: now, ...dueFields(deps, row, parsePauses(row.sla_pauses, null), severity) })
        .where('id', '=', id)
        .execute();
      await addCaseEvent(tx, deps.clock, ctx.actor, {
        caseId: id,
        companyId: row.company_id,
        kind: 'note',
        body: '',
        data: { severity: { from: row.severity, to: severity }, category: { from: row.category, to: patch.category ?? row.category } },
      });
      await appendAudit(tx, deps.clock, ctx.actor, { action: 'case.reclassified', targetType: 'case', targetId: id, companyId: row.company_id, detail: { severity, category: patch.category ?? row.category } });
    }
    if (patch.status) await changeStatus(tx, deps, ctx.actor, await loadCase(tx, ctx.actor, id), patch.status);
  });
  return getCase(deps, { actor: { ...ctx.actor, role: 'system' } }, id);
}

export async function escalateCase(deps: CaseDeps, ctx: Ctx, id: string, reason: string): Promise<CaseDetail> {
  requireCaseWorker(ctx.actor);
  await deps.db.kysely.transaction().execute(async (tx) => {
    const row = await loadCase(tx, ctx.actor, id);
    if (row.tier === 'back') throw new AppError('conflict', 'the case is already with the back office');
    await tx.updateTable('cases').set({ tier: 'back', updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    await addCaseEvent(tx, deps.clock, ctx.actor, { caseId: id, companyId: row.company_id, kind: 'escalation', body: reason, data: { from: 'front', to: 'back' } });
    if (row.status === 'new') await changeStatus(tx, deps, ctx.actor, row, 'in_progress');
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'case.escalated', targetType: 'case', targetId: id, companyId: row.company_id, detail: { reason } });
  });
  return getCase(deps, { actor: { ...ctx.actor, role: 'system' } }, id);
}

export async function recordJudgement(
  deps: CaseDeps,
  ctx: Ctx,
  id: string,
  j: { incident: boolean; category: string; dispatchNeeded: boolean; reason: string },
): Promise<CaseDetail> {
  if (!isBackOffice(ctx.actor)) throw new AppError('forbidden', 'only the back office records a judgement');
  await deps.db.kysely.transaction().execute(async (tx) => {
    const row = await loadCase(tx, ctx.actor, id);
    const now = deps.clock.now().toISOString();
    const by = ctx.actor.userId ? ((await tx.selectFrom('users').select('name').where('id', '=', ctx.actor.userId).executeTakeFirst())?.name ?? null) : 'otasuke';
    const judgement = { ...j, by, at: now };
    await tx.updateTable('cases').set({ judgement: JSON.stringify(judgement), category: j.category, tier: 'back', updated_at: now }).where('id', '=', id).execute();
    await addCaseEvent(tx, deps.clock, ctx.actor, { caseId: id, companyId: row.company_id, kind: 'judgement', body: j.reason, data: { incident: j.incident, category: j.category, dispatchNeeded: j.dispatchNeeded } });
    if (row.status === 'new') await changeStatus(tx, deps, ctx.actor, row, 'in_progress');
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'case.judged', targetType: 'case', targetId: id, companyId: row.company_id, detail: { incident: j.incident, category: j.category, dispatchNeeded: j.dispatchNeeded } });
  });
  return getCase(deps, { actor: { ...ctx.actor, role: 'system' } }, id);
}
