import { sql, type Kysely, type Migration } from 'kysely';
import { bigramIndex, isPostgres, trigramIndex } from '../../platform/db/migration-helpers.ts';
import { changeCounter } from '../../platform/db/change-counters.ts';

export const helpdeskMigrations: Record<string, Migration> = {
  '20261126_0010_helpdesk': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('tier', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text')
        .addColumn('contact_name', 'text')
        .addColumn('contact_email', 'text')
        .addColumn('contact_phone', 'text')
        .addColumn('call_script', 'text')
        .addColumn('judgement', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('first_responded_at', 'text')
        .addColumn('resolved_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('first_response_due_at', 'text', (c) => c.notNull())
        .addColumn('resolution_due_at', 'text', (c) => c.notNull())
        .addColumn('paused_since', 'text')
        .addColumn('sla_pauses', 'text', (c) => c.notNull())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_company_idx').on('cases').columns(['company_id', 'created_at']).execute();
      await db.schema.createIndex('cases_status_idx').on('cases').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('cases_created_idx').on('cases').columns(['created_at']).execute();
      await db.schema.createIndex('cases_assignee_idx').on('cases').columns(['assignee_id', 'status']).execute();
      // The back office's queue (tier=back): counted and paged from the index, not by a table scan.
      await db.schema.createIndex('cases_tier_idx').on('cases').columns(['tier', 'created_at']).execute();

      await db.schema
        .createTable('helpdesk_counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('helpdesk_counters').values({ name: 'case', value: 0 }).execute();

      await db.schema
        .createTable('case_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text')
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text')
        .execute();
      await db.schema.createIndex('case_events_case_idx').on('case_events').columns(['case_id', 'at']).execute();
      await db.schema.createIndex('case_events_msgid_idx').on('case_events').columns(['message_id']).execute();

      await db.schema
        .createTable('case_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text')
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_attachments_case_idx').on('case_attachments').columns(['case_id']).execute();

      await db.schema
        .createTable('case_alerts')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('alert_id', 'text', (c) => c.notNull())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_alerts_pk', ['case_id', 'alert_id'])
        .execute();
      await db.schema.createIndex('case_alerts_alert_idx').on('case_alerts').columns(['alert_id']).execute();

      await db.schema
        .createTable('mail_quarantine')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('mail_from', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('raw_file', 'text')
        .addColumn('case_id', 'text')
        .execute();
      await db.schema.createIndex('mail_quarantine_idx').on('mail_quarantine').columns(['status', 'received_at']).execute();

      await db.schema
        .createTable('kb_articles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('customer_body', 'text', (c) => c.notNull())
        .addColumn('staff_body', 'text', (c) => c.notNull())
        .addColumn('checklist', 'text', (c) => c.notNull())
        .addColumn('published', 'integer', (c) => c.notNull())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('notices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('filter', 'text', (c) => c.notNull())
        .addColumn('recipients', 'integer', (c) => c.notNull())
        .addColumn('mailed', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('notice_recipients')
        .addColumn('notice_id', 'text', (c) => c.notNull())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('message_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('notice_recipients_company_idx').on('notice_recipients').columns(['company_id', 'notice_id']).execute();
      await db.schema.createIndex('notice_recipients_msgid_idx').on('notice_recipients').columns(['message_id']).execute();
    },
  },
  '20261126_0013_cases_search': {
    // Substring search over 100,000+ cases without scanning them all: a trigram index on both engines
    // (SQLite: an FTS5 trigram table kept in step by triggers; PostgreSQL: pg_trgm GIN).
    async up(db: Kysely<any>) {
      if (await isPostgres(db)) {
        await trigramIndex(db, 'cases_search_trgm_idx', 'cases', 'search_text');
        return;
      }
      await sql`create virtual table cases_fts using fts5(search_text, content='cases', content_rowid='rowid', tokenize='trigram')`.execute(db);
      await sql`create trigger cases_fts_ai after insert on cases begin insert into cases_fts(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db);
      await sql`create trigger cases_fts_ad after delete on cases begin insert into cases_fts(cases_fts, rowid, search_text) values ('delete', old.rowid, old.search_text); end`.execute(db);
      await sql`create trigger cases_fts_au after update of search_text on cases begin
        insert into cases_fts(cases_fts, rowid, search_text) values ('delete', old.rowid, old.search_text);
        insert into cases_fts(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db);
      await sql`insert into cases_fts(cases_fts) values ('rebuild')`.execute(db);
    },
  },
};

/**
 * The case queues under load (100,000 cases): every list index ends in `id`, the tie-breaker of the
 * list order (created_at desc, id desc), so a page is found from the index alone — OFFSET skips
 * index entries, not table rows — and the page's rows are read afterwards by id. Open cases have
 * their own small index holding the SLA columns: `breached=true` is answered from it without
 * visiting closed history (its predicate must stay word for word the one in `listCases`).
 */
helpdeskMigrations['20261126_0017_cases_list_speed'] = {
  async up(db: Kysely<any>) {
    for (const [name, columns] of [
      ['cases_created_id_idx', ['created_at', 'id']],
      ['cases_status_created_id_idx', ['status', 'created_at', 'id']],
      ['cases_company_created_id_idx', ['company_id', 'created_at', 'id']],
      ['cases_tier_created_id_idx', ['tier', 'created_at', 'id']],
    ] as const) {
      await db.schema.createIndex(name).on('cases').columns([...columns]).execute();
    }
    for (const name of ['cases_created_idx', 'cases_status_idx', 'cases_company_idx', 'cases_tier_idx']) await db.schema.dropIndex(name).execute();
    await sql`create index cases_open_sla_idx on cases (created_at, id, status, first_responded_at, paused_since, first_response_due_at, resolution_due_at)
      where status not in ('resolved', 'closed')`.execute(db);
  },
};

/** The columns a case list filters on: only changes to them (and inserts, deletes) can move a cached total. */
const caseFilterColumns = ['company_id', 'number', 'status', 'channel', 'category', 'tier', 'assignee_id', 'search_text'];

/**
 * Case list totals cached while the cases table is unchanged (`changeCounter`, read by
 * `cachedCount` in listCases), and 2-character substring search on PostgreSQL from a bigram index.
 *
 * The counter is bumped only by inserts, deletes and updates of the filter columns — not by the
 * `updated_at` touch of every timeline entry. Besides keeping totals cached while staff write notes,
 * this keeps lock order: on PostgreSQL the bump locks the counter row until commit, and some
 * transactions append their audit row (locking `audit_head`) before adding a timeline entry, while
 * status changes lock the counter before their audit row; touching the counter from both would let
 * two such transactions deadlock. Code that changes a filter column after `appendAudit` in the same
 * transaction must not be added.
 */
helpdeskMigrations['20261126_0018_cases_counts_and_bigrams'] = {
  async up(db: Kysely<any>) {
    await changeCounter(db, 'cases', { columns: caseFilterColumns });
    // 2-character terms, which pg_trgm cannot index (3+ keep pg_trgm: see listCases). PostgreSQL only.
    await bigramIndex(db, 'cases_search_bigram_idx', 'cases', 'search_text');
  },
};
