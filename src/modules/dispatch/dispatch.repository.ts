import { sql, type Selectable } from 'kysely';
import type { Db, Executor } from '../../platform/db/database.ts';
import type { CompanyScope } from '../../platform/tenancy/scope.ts';
import type {
  DispatchCustodyTable,
  DispatchEvidenceTable,
  DispatchOfficesTable,
  DispatchRespondersTable,
  DispatchesTable,
} from './dispatch.tables.ts';
import { openStatuses } from './dispatch.codes.ts';

export type OfficeRow = Selectable<DispatchOfficesTable>;
export type ResponderProfileRow = Selectable<DispatchRespondersTable>;
export type DispatchRow = Selectable<DispatchesTable>;
export type EvidenceRow = Selectable<DispatchEvidenceTable>;
export type CustodyRow = Selectable<DispatchCustodyTable>;

/** A dispatch row with the names shown next to it (company, office, responder, case number). */
export type DispatchListRow = DispatchRow & {
  company_name: string | null;
  office_name: string | null;
  responder_name: string | null;
  case_number: string | null;
};

/**
 * Which dispatches a query may reach: the back office and the help desk reach all, a responder only
 * those assigned to them. Built only by `dispatchReach` (dispatch.access.ts).
 */
export type DispatchReach = { kind: 'all' } | { kind: 'assigned'; userId: string };

export interface ResponderListRow {
  user_id: string;
  name: string;
  email: string;
  status: string;
  office_id: string | null;
  skills: string | null;
  hours: string | null;
}

/** The only place that builds SQL for the dispatch module's tables. */
export function dispatchRepository(db: Db) {
  const k = db.kysely;

  const withNames = (tx: Executor) =>
    tx
      .selectFrom('dispatches as d')
      .leftJoin('companies as c', 'c.id', 'd.company_id')
      .leftJoin('dispatch_offices as o', 'o.id', 'd.office_id')
      .leftJoin('users as u', 'u.id', 'd.responder_id')
      .leftJoin('cases as k', 'k.id', 'd.case_id');
  const nameColumns = ['c.name as company_name', 'o.name as office_name', 'u.name as responder_name', 'k.number as case_number'] as const;

  return {
    // --- offices and responders
    listOffices(tx: Executor = k): Promise<OfficeRow[]> {
      return tx.selectFrom('dispatch_offices').selectAll().orderBy('position').orderBy('name').execute();
    },
    findOffice(id: string, tx: Executor = k): Promise<OfficeRow | undefined> {
      return tx.selectFrom('dispatch_offices').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findOfficeByName(name: string, tx: Executor = k): Promise<OfficeRow | undefined> {
      return tx.selectFrom('dispatch_offices').selectAll().where('name', '=', name).executeTakeFirst();
    },
    async nextOfficePosition(tx: Executor): Promise<number> {
      const r = await tx.selectFrom('dispatch_offices').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
      return Number(r?.p ?? 0) + 1;
    },
    async insertOffice(tx: Executor, row: OfficeRow) {
      await tx.insertInto('dispatch_offices').values(row).execute();
    },
    async updateOffice(tx: Executor, id: string, patch: Partial<OfficeRow>) {
      await tx.updateTable('dispatch_offices').set(patch).where('id', '=', id).execute();
    },

    /** Every user with role `responder`, with their dispatch profile when they have one. */
    listResponders(tx: Executor = k): Promise<ResponderListRow[]> {
      return tx
        .selectFrom('users as u')
        .leftJoin('dispatch_responders as r', 'r.user_id', 'u.id')
        .select(['u.id as user_id', 'u.name', 'u.email', 'u.status', 'r.office_id', 'r.skills', 'r.hours'])
        .where('u.role', '=', 'responder')
        .orderBy('u.name')
        .orderBy('u.id')
        .execute();
    },
    findUser(id: string, tx: Executor = k) {
      return tx.selectFrom('users').select(['id', 'name', 'email', 'role', 'status', 'company_id', 'locale']).where('id', '=', id).executeTakeFirst();
    },
    findUserByEmail(email: string, tx: Executor = k) {
      return tx.selectFrom('users').select(['id', 'role']).where('email', '=', email.toLowerCase()).executeTakeFirst();
    },
    findUserName(id: string, tx: Executor = k) {
      return tx.selectFrom('users').select(['name']).where('id', '=', id).executeTakeFirst();
    },
    async upsertResponderProfile(tx: Executor, row: ResponderProfileRow) {
      await tx
        .insertInto('dispatch_responders')
        .values(row)
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ office_id: row.office_id, skills: row.skills, hours: row.hours, updated_at: row.updated_at }))
        .execute();
    },
    /** Open dispatches per responder, for spreading the load when proposing one. */
    async openLoad(userIds: string[], tx: Executor = k): Promise<Map<string, number>> {
      const m = new Map<string, number>();
      if (userIds.length === 0) return m;
      const rows = await tx
        .selectFrom('dispatches')
        .select(['responder_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('responder_id', 'in', userIds)
        .where('status', 'in', [...openStatuses])
        .groupBy('responder_id')
        .execute();
      for (const r of rows) if (r.responder_id) m.set(r.responder_id, Number(r.n));
      return m;
    },

    // --- dispatches
    /** Next dispatch number; the counter row's lock serialises concurrent orders. */
    async nextNumber(tx: Executor): Promise<number> {
      const r = await tx.updateTable('dispatch_counter').set({ value: sql`value + 1` }).where('id', '=', 1).returning('value').executeTakeFirstOrThrow();
      return Number(r.value);
    },
    async insertDispatch(tx: Executor, row: DispatchRow) {
      await tx.insertInto('dispatches').values(row).execute();
    },
    /** Updates a dispatch only while it is in one of `fromStatuses`; returns false when it was not. */
    async updateDispatch(tx: Executor, id: string, patch: Partial<DispatchRow>, fromStatuses?: readonly string[]): Promise<boolean> {
      let q = tx.updateTable('dispatches').set(patch).where('id', '=', id);
      if (fromStatuses) q = q.where('status', 'in', [...fromStatuses]);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    findDispatch(reach: DispatchReach, id: string, tx: Executor = k): Promise<DispatchListRow | undefined> {
      let q = withNames(tx).selectAll('d').select([...nameColumns]).where('d.id', '=', id);
      if (reach.kind === 'assigned') q = q.where('d.responder_id', '=', reach.userId);
      return q.executeTakeFirst() as Promise<DispatchListRow | undefined>;
    },
    async listDispatches(reach: DispatchReach, f: { status?: string; caseId?: string }, page: number, pageSize: number) {
      let q = k.selectFrom('dispatches as d');
      if (reach.kind === 'assigned') q = q.where('d.responder_id', '=', reach.userId);
      if (f.status) q = q.where('d.status', '=', f.status);
      if (f.caseId) q = q.where('d.case_id', '=', f.caseId);
      const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      let rq = withNames(k).selectAll('d').select([...nameColumns]);
      if (reach.kind === 'assigned') rq = rq.where('d.responder_id', '=', reach.userId);
      if (f.status) rq = rq.where('d.status', '=', f.status);
      if (f.caseId) rq = rq.where('d.case_id', '=', f.caseId);
      const items = (await rq.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute()) as DispatchListRow[];
      return { items, total: Number(n) };
    },
    /** Summaries of a case's dispatches (for the case page), oldest first. */
    // --- what a company sees: the reports it has been sent
    sentReportsOfCompany(scope: CompanyScope, page: number, pageSize: number) {
      const base = k.selectFrom('dispatches as d').where('d.company_id', '=', scope.companyId).where('d.report_sent_at', 'is not', null);
      return Promise.all([
        base
          .leftJoin('cases as k', 'k.id', 'd.case_id')
          .select(['d.id', 'd.number', 'd.request', 'd.visit_at', 'd.arrived_at', 'd.report_sent_at', 'k.number as case_number', 'k.subject as case_subject'])
          .orderBy('d.report_sent_at', 'desc')
          .orderBy('d.id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]).then(([items, { n }]) => ({ items, total: Number(n) }));
    },
    findSentReport(scope: CompanyScope, id: string): Promise<DispatchListRow | undefined> {
      return withNames(k)
        .selectAll('d')
        .select([...nameColumns])
        .where('d.id', '=', id)
        .where('d.company_id', '=', scope.companyId)
        .where('d.report_sent_at', 'is not', null)
        .executeTakeFirst() as Promise<DispatchListRow | undefined>;
    },

    dispatchesOfCase(caseId: string, tx: Executor = k) {
      return tx
        .selectFrom('dispatches')
        .select(['id', 'number', 'status', 'request', 'visit_at', 'report_due_at'])
        .where('case_id', '=', caseId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    // --- evidence and custody (append-only)
    async insertEvidence(tx: Executor, row: EvidenceRow) {
      await tx.insertInto('dispatch_evidence').values(row).execute();
    },
    findEvidence(dispatchId: string, evidenceId: string, tx: Executor = k): Promise<EvidenceRow | undefined> {
      return tx.selectFrom('dispatch_evidence').selectAll().where('dispatch_id', '=', dispatchId).where('id', '=', evidenceId).executeTakeFirst();
    },
    listEvidence(dispatchId: string, tx: Executor = k): Promise<EvidenceRow[]> {
      return tx.selectFrom('dispatch_evidence').selectAll().where('dispatch_id', '=', dispatchId).orderBy('collected_at').orderBy('id').execute();
    },
    listCustody(dispatchId: string, tx: Executor = k): Promise<CustodyRow[]> {
      return tx.selectFrom('dispatch_custody').selectAll().where('dispatch_id', '=', dispatchId).orderBy('evidence_id').orderBy('seq').execute();
    },
    lastCustody(evidenceId: string, tx: Executor = k): Promise<CustodyRow | undefined> {
      return tx.selectFrom('dispatch_custody').selectAll().where('evidence_id', '=', evidenceId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    },
    async insertCustody(tx: Executor, row: CustodyRow) {
      await tx.insertInto('dispatch_custody').values(row).execute();
    },

    // --- read-only look-ups in other modules' tables (names and addresses for the report and mail)
    findCompany(companyId: string, tx: Executor = k) {
      return tx.selectFrom('companies').select(['id', 'name', 'email', 'address']).where('id', '=', companyId).executeTakeFirst();
    },
    primaryContactEmails(companyId: string, tx: Executor = k) {
      return tx
        .selectFrom('company_contacts')
        .select(['email'])
        .where('company_id', '=', companyId)
        .where('is_primary', '=', 1)
        .where('email', 'is not', null)
        .execute();
    },
    companyAdminEmails(companyId: string, tx: Executor = k) {
      return tx
        .selectFrom('users')
        .select(['email'])
        .where('company_id', '=', companyId)
        .where('role', '=', 'company_admin')
        .where('status', '=', 'active')
        .orderBy('created_at')
        .execute();
    },
    /** The last MAC, vendor and hostname seen for an IP at this company (monitoring's IP↔MAC history). */
    latestIdentity(companyId: string, ip: string, tx: Executor = k) {
      return tx
        .selectFrom('ip_mac_history')
        .select(['mac', 'vendor', 'hostname', 'last_seen'])
        .where('company_id', '=', companyId)
        .where('ip', '=', ip)
        .orderBy('last_seen', 'desc')
        .limit(1)
        .executeTakeFirst();
    },
  };
}

export type DispatchRepository = ReturnType<typeof dispatchRepository>;
