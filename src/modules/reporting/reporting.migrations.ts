import type { Kysely, Migration } from 'kysely';

export const reportingMigrations: Record<string, Migration> = {
  '20261126_0012_reporting': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('weekly_report_sends')
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('week', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text')
        .addColumn('recipients', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('weekly_report_sends_pk', ['company_id', 'week'])
        .execute();
      await db.schema.createIndex('weekly_report_sends_week_idx').on('weekly_report_sends').columns(['week', 'status']).execute();
      await db.schema.createIndex('weekly_report_sends_msgid_idx').on('weekly_report_sends').columns(['message_id']).execute();
      await db.schema
        .createTable('weekly_aggregates')
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('week', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('count', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('weekly_aggregates_pk', ['company_id', 'week', 'source', 'category', 'key'])
        .execute();
    },
  },
};
