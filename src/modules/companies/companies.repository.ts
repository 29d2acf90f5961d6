import { sql, type Selectable } from 'kysely';
import { normaliseSearch } from './search-text.ts';
import { substringMatch, type Db, type Executor } from '../../platform/db/database.ts';
import { cachedCount } from '../../platform/db/change-counters.ts';
import type { AllCompaniesScope, CompanyScope, ListScope } from '../../platform/tenancy/scope.ts';
import type { ApplicationsTable, CompaniesTable, CompanyContactsTable } from './companies.tables.ts';

export type CompanyRow = Selectable<CompaniesTable>;
export type ContactRow = Selectable<CompanyContactsTable>;
export type ApplicationRow = Selectable<ApplicationsTable>;

export interface CompanyFilter {
  q?: string;
  status?: string;
  group?: string;
  industry?: string;
  referralRoute?: string;
  sort?: 'name' | 'createdAt';
}

const summaryColumns = ['id', 'name', 'industry', 'employees_band', 'pc_count', 'status', 'maturity_group', 'referral_route', 'created_at'] as const;

/** Searches with at most this many matches page through the bigram index's matches; more walk the list order. */
const SORT_MATCHES_UP_TO = 2_000;

/** The only place that builds SQL for the companies module's tables. */
export function companiesRepository(db: Db) {
  const k = db.kysely;
  return {
    async list(scope: ListScope, f: CompanyFilter, page: number, pageSize: number) {
      const term = f.q?.trim();
      const filtered = (bigrams: boolean) => {
        let q = k.selectFrom('companies');
        if (scope.kind === 'one') q = q.where('id', '=', scope.scope.companyId);
        if (f.status) q = q.where('status', '=', f.status);
        if (f.group) q = q.where('maturity_group', '=', f.group);
        if (f.industry) q = q.where('industry', '=', f.industry);
        if (f.referralRoute) q = q.where('referral_route', '=', f.referralRoute);
        if (term) q = q.where((eb) => eb.or([substringMatch(db, 'search_text', normaliseSearch(term), bigrams ? { table: 'companies' } : undefined), eb('id', '=', term)]));
        return q;
      };
      // The total of a filter is counted again only after the companies table has changed.
      const key = JSON.stringify([scope.kind === 'one' ? scope.scope.companyId : '*', f.status, f.group, f.industry, f.referralRoute, term]);
      const total = await cachedCount(db, 'companies', key, async () => Number((await filtered(true).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));
      // A page of a rare term sorts its few matches (found by the bigram index); a common term
      // (「株式会社」) walks the list order's index and stops after the page.
      const order = f.sort === 'createdAt' ? (['created_at', 'desc'] as const) : (['name', 'asc'] as const);
      const items = await filtered(total <= SORT_MATCHES_UP_TO)
        .orderBy(order[0], order[1])
        .orderBy('id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .select([...summaryColumns])
        .execute();
      return { items, total };
    },

    findById(scope: CompanyScope, tx: Executor = k): Promise<CompanyRow | undefined> {
      return tx.selectFrom('companies').selectAll().where('id', '=', scope.companyId).executeTakeFirst();
    },

    /** Creating a company needs the all-companies right (program office or system). */
    async insert(_scope: AllCompaniesScope, tx: Executor, row: CompanyRow): Promise<void> {
      await tx.insertInto('companies').values(row).execute();
    },

    async update(scope: CompanyScope, tx: Executor, patch: Partial<CompanyRow>): Promise<void> {
      await tx.updateTable('companies').set(patch).where('id', '=', scope.companyId).execute();
    },

    async addHistory(
      scope: CompanyScope,
      tx: Executor,
      h: { id: string; from_status: string | null; to_status: string; reason_code: string | null; note: string | null; actor_id: string | null; at: string },
    ) {
      await tx.insertInto('company_status_history').values({ ...h, company_id: scope.companyId }).execute();
    },

    history(scope: CompanyScope) {
      return k
        .selectFrom('company_status_history as h')
        .leftJoin('users as u', 'u.id', 'h.actor_id')
        .select(['h.id', 'h.from_status', 'h.to_status', 'h.reason_code', 'h.note', 'h.at', 'u.email as actor_email'])
        .where('h.company_id', '=', scope.companyId)
        .orderBy('h.at', 'desc')
        .orderBy('h.id', 'desc')
        .execute();
    },

    contacts(scope: CompanyScope): Promise<ContactRow[]> {
      return k
        .selectFrom('company_contacts')
        .selectAll()
        .where('company_id', '=', scope.companyId)
        .orderBy('is_primary', 'desc')
        .orderBy('created_at')
        .execute();
    },

    findContact(scope: CompanyScope, contactId: string, tx: Executor = k): Promise<ContactRow | undefined> {
      return tx
        .selectFrom('company_contacts')
        .selectAll()
        .where('company_id', '=', scope.companyId)
        .where('id', '=', contactId)
        .executeTakeFirst();
    },

    async insertContact(scope: CompanyScope, tx: Executor, row: Omit<ContactRow, 'company_id'>) {
      await tx.insertInto('company_contacts').values({ ...row, company_id: scope.companyId }).execute();
    },

    async updateContact(scope: CompanyScope, tx: Executor, contactId: string, patch: Partial<ContactRow>) {
      await tx.updateTable('company_contacts').set(patch).where('company_id', '=', scope.companyId).where('id', '=', contactId).execute();
    },

    async clearPrimary(scope: CompanyScope, tx: Executor) {
      await tx.updateTable('company_contacts').set({ is_primary: 0 }).where('company_id', '=', scope.companyId).execute();
    },

    async deleteContact(scope: CompanyScope, tx: Executor, contactId: string) {
      await tx.deleteFrom('company_contacts').where('company_id', '=', scope.companyId).where('id', '=', contactId).execute();
    },

    timeline(scope: CompanyScope, limit: number, includeViews: boolean) {
      let q = k.selectFrom('audit_log as a');
      // Staff reads are audited, but they are not "activity" a person wants to scroll through.
      if (!includeViews) q = q.where('a.action', 'not in', ['company.viewed', 'company.list_viewed']);
      return q
        .leftJoin('users as u', 'u.id', 'a.actor_id')
        .select(['a.seq', 'a.at', 'a.action', 'a.actor_role', 'a.detail', 'a.target_type', 'a.target_id', 'u.email as actor_email'])
        .where('a.company_id', '=', scope.companyId)
        .orderBy('a.seq', 'desc')
        .limit(limit)
        .execute();
    },
  };
}

/** Applications are not company-owned (they precede the company); only the program office reads them. */
export function applicationsRepository(db: Db) {
  const k = db.kysely;
  return {
    async list(_scope: AllCompaniesScope, status: string | undefined, page: number, pageSize: number) {
      let q = k.selectFrom('applications');
      if (status) q = q.where('status', '=', status);
      const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
      const items = await q
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return { items, total: Number(total) };
    },
    findById(_scope: AllCompaniesScope, id: string, tx: Executor = k): Promise<ApplicationRow | undefined> {
      return tx.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** Any open (pending or accepted) application with the same e-mail or company name. */
    findOpenDuplicate(tx: Executor, email: string, nameKey: string) {
      return tx
        .selectFrom('applications')
        .select(['id'])
        .where('status', 'in', ['pending', 'accepted'])
        .where((eb) => eb.or([eb('email', '=', email), eb('name_key', '=', nameKey)]))
        .executeTakeFirst();
    },
    async insert(tx: Executor, row: ApplicationRow) {
      await tx.insertInto('applications').values(row).execute();
    },
    async decide(tx: Executor, id: string, patch: Pick<ApplicationRow, 'status' | 'decided_at' | 'decided_by' | 'decision_note' | 'company_id'>) {
      const r = await tx.updateTable('applications').set(patch).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
