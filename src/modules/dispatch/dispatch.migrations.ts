import { sql, type Kysely, type Migration } from 'kysely';
import { appendOnly } from '../../platform/db/migration-helpers.ts';

export const dispatchMigrations: Record<string, Migration> = {
  '20261126_0011_dispatch': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('dispatch_offices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('coverage', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('dispatch_responders')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
        .addColumn('office_id', 'text', (c) => c.references('dispatch_offices.id'))
        .addColumn('skills', 'text', (c) => c.notNull())
        .addColumn('hours', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dispatch_responders_office_idx').on('dispatch_responders').columns(['office_id']).execute();

      await db.schema
        .createTable('dispatches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('site_address', 'text', (c) => c.notNull())
        .addColumn('device', 'text', (c) => c.notNull())
        .addColumn('identify_device', 'integer', (c) => c.notNull())
        .addColumn('office_id', 'text', (c) => c.references('dispatch_offices.id'))
        .addColumn('responder_id', 'text', (c) => c.references('users.id'))
        .addColumn('visit_at', 'text')
        .addColumn('arrived_at', 'text')
        .addColumn('report_due_at', 'text')
        .addColumn('report_sent_at', 'text')
        .addColumn('checklist', 'text', (c) => c.notNull())
        .addColumn('findings', 'text')
        .addColumn('recovered_at', 'text')
        .addColumn('report', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dispatches_created_idx').on('dispatches').columns(['created_at']).execute();
      await db.schema.createIndex('dispatches_status_idx').on('dispatches').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('dispatches_responder_idx').on('dispatches').columns(['responder_id', 'created_at']).execute();
      await db.schema.createIndex('dispatches_case_idx').on('dispatches').columns(['case_id']).execute();
      await db.schema.createIndex('dispatches_company_idx').on('dispatches').columns(['company_id', 'created_at']).execute();

      await db.schema
        .createTable('dispatch_counter')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('dispatch_counter').values({ id: 1, value: 0 }).execute();

      await db.schema
        .createTable('dispatch_evidence')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('dispatch_id', 'text', (c) => c.notNull().references('dispatches.id'))
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('collected_by_id', 'text')
        .addColumn('collected_by_name', 'text', (c) => c.notNull())
        .addColumn('collected_at', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dispatch_evidence_dispatch_idx').on('dispatch_evidence').columns(['dispatch_id', 'collected_at']).execute();

      await db.schema
        .createTable('dispatch_custody')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('evidence_id', 'text', (c) => c.notNull().references('dispatch_evidence.id'))
        .addColumn('dispatch_id', 'text', (c) => c.notNull())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('from_party', 'text', (c) => c.notNull())
        .addColumn('to_party', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('recorded_by_id', 'text')
        .addColumn('recorded_by_name', 'text', (c) => c.notNull())
        .addUniqueConstraint('dispatch_custody_seq_uq', ['evidence_id', 'seq'])
        .execute();
      await db.schema.createIndex('dispatch_custody_dispatch_idx').on('dispatch_custody').columns(['dispatch_id']).execute();

      // Evidence and its chain of custody are append-only: the database itself refuses changes.
      await appendOnly(db, ['dispatch_evidence', 'dispatch_custody'], 'otasuke_dispatch_append_only');
    },
  },
};
