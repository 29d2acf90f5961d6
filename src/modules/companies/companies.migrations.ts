import { sql, type Kysely, type Migration } from 'kysely';
import { bigramIndex, isPostgres, trigramIndex } from '../../platform/db/migration-helpers.ts';
import { changeCounter } from '../../platform/db/change-counters.ts';
import { companySearchText } from './search-text.ts';

export const companiesMigrations: Record<string, Migration> = {
  '20261126_0002_companies': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('companies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('industry', 'text', (c) => c.notNull())
        .addColumn('employees_band', 'text', (c) => c.notNull())
        .addColumn('pc_count', 'integer')
        .addColumn('sites', 'integer')
        .addColumn('referral_route', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('maturity_group', 'text')
        .addColumn('address', 'text')
        .addColumn('phone', 'text')
        .addColumn('email', 'text')
        .addColumn('website', 'text')
        .addColumn('withdrawal_reason', 'text')
        .addColumn('withdrawal_note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('companies_name_idx').on('companies').columns(['name', 'id']).execute();
      await db.schema.createIndex('companies_created_idx').on('companies').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('companies_status_idx').on('companies').columns(['status', 'name']).execute();
      await db.schema.createIndex('companies_group_idx').on('companies').columns(['maturity_group', 'name']).execute();
      await db.schema.createIndex('companies_industry_idx').on('companies').columns(['industry', 'name']).execute();

      await db.schema
        .createTable('company_contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('phone', 'text')
        .addColumn('email', 'text')
        .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('company_contacts_company_idx').on('company_contacts').columns(['company_id', 'id']).execute();

      await db.schema
        .createTable('company_status_history')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('reason_code', 'text')
        .addColumn('note', 'text')
        .addColumn('actor_id', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('company_status_history_company_idx').on('company_status_history').columns(['company_id', 'at']).execute();

      await db.schema
        .createTable('applications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_name', 'text', (c) => c.notNull())
        .addColumn('industry', 'text', (c) => c.notNull())
        .addColumn('employees_band', 'text', (c) => c.notNull())
        .addColumn('pc_count', 'integer', (c) => c.notNull())
        .addColumn('sites', 'integer', (c) => c.notNull())
        .addColumn('contact_name', 'text', (c) => c.notNull())
        .addColumn('contact_title', 'text')
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('referral_route', 'text', (c) => c.notNull())
        .addColumn('referral_note', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decision_note', 'text')
        .addColumn('company_id', 'text')
        .addColumn('name_key', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('applications_status_idx').on('applications').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('applications_email_idx').on('applications').column('email').execute();
      await db.schema.createIndex('applications_name_key_idx').on('applications').column('name_key').execute();
    },
  },
};

/** Normalised search text and list indexes that end with the id tie-breaker of the list's ORDER BY. */
companiesMigrations['20261126_0004_company_search'] = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('companies').addColumn('search_text', 'text', (c) => c.notNull().defaultTo('')).execute();
    const rows = await db.selectFrom('companies').select(['id', 'name', 'email', 'address', 'phone']).execute();
    for (const r of rows) {
      await db.updateTable('companies').set({ search_text: companySearchText(r) }).where('id', '=', r.id).execute();
    }
    for (const [name, col] of [['companies_status_idx', 'status'], ['companies_group_idx', 'maturity_group'], ['companies_industry_idx', 'industry']] as const) {
      await db.schema.dropIndex(name).execute();
      await db.schema.createIndex(name).on('companies').columns([col, 'name', 'id']).execute();
    }
    await db.schema.createIndex('companies_referral_idx').on('companies').columns(['referral_route', 'name', 'id']).execute();
    if (await isPostgres(db)) await trigramIndex(db, 'companies_search_trgm_idx', 'companies', 'search_text');
  },
};

/**
 * The program office's company list under load: list totals are cached while the table is unchanged
 * (change counter), searches of 2+ characters use a bigram index (both engines), and the name-ordered
 * pages, filtered or not, are read from the indexes alone on PostgreSQL (covering: no heap visit per skipped row).
 */
companiesMigrations['20261126_0016_company_list_speed'] = {
  async up(db: Kysely<any>) {
    await changeCounter(db, 'companies');
    await bigramIndex(db, 'companies_search_bigram_idx', 'companies', 'search_text', { sqlite: true });
    if (await isPostgres(db)) {
      // Every column of a list row rides in the name-ordered indexes (plain and per filter), so the
      // rows an OFFSET skips are never fetched from the table.
      const summary = sql`industry, employees_band, pc_count, status, maturity_group, referral_route, created_at`;
      await sql`create index companies_name_cover_idx on companies (name, id) include (${summary})`.execute(db);
      await db.schema.dropIndex('companies_name_idx').execute();
      for (const [name, col] of [['companies_status_idx', 'status'], ['companies_group_idx', 'maturity_group'], ['companies_industry_idx', 'industry'], ['companies_referral_idx', 'referral_route']] as const) {
        await db.schema.dropIndex(name).execute();
        await sql`create index ${sql.raw(name)} on companies (${sql.ref(col)}, name, id) include (${summary})`.execute(db);
      }
    }
  },
};
