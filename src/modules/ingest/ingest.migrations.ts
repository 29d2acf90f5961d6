import type { Kysely, Migration } from 'kysely';

export const ingestMigrations: Record<string, Migration> = {
  '20261126_0005_ingest': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('detection_rollups')
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('count', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('detection_rollups_pk', ['company_id', 'day', 'category', 'key', 'device_id'])
        .execute();

      await db.schema
        .createTable('detections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('direction', 'text')
        .addColumn('src_ip', 'text')
        .addColumn('src_port', 'integer')
        .addColumn('dst_ip', 'text')
        .addColumn('dst_port', 'integer')
        .addColumn('proto', 'text')
        .addColumn('src_mac', 'text')
        .addColumn('name', 'text')
        .addColumn('action', 'text')
        .addColumn('raw', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('detections_company_at_idx').on('detections').columns(['company_id', 'at']).execute();
      await db.schema.createIndex('detections_at_idx').on('detections').column('at').execute();

      await db.schema
        .createTable('dead_letters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text')
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dead_letters_device_idx').on('dead_letters').columns(['device_id', 'received_at']).execute();
      await db.schema.createIndex('dead_letters_received_idx').on('dead_letters').column('received_at').execute();

      await db.schema
        .createTable('unassigned_lines')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_key', 'text', (c) => c.notNull())
        .addColumn('vendor', 'text')
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('transport', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('unassigned_lines_key_idx').on('unassigned_lines').columns(['device_key', 'received_at']).execute();

      await db.schema
        .createTable('device_daily_stats')
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('lines', 'bigint', (c) => c.notNull())
        .addColumn('dead_letters', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('device_daily_stats_pk', ['device_id', 'day'])
        .execute();

      await db.schema
        .createTable('ingest_checkpoints')
        .addColumn('stream', 'text', (c) => c.primaryKey())
        .addColumn('segment', 'bigint', (c) => c.notNull())
        .addColumn('offset', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '20261126_0007_top_hosts': {
    async up(db: Kysely<any>) {
      // Per company and JST week (Monday): the most frequent external sources and internal hosts.
      await db.schema
        .createTable('detection_top_hosts')
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('week', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('count', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('detection_top_hosts_pk', ['company_id', 'week', 'kind', 'ip'])
        .execute();
    },
  },
  '20261126_0015_rollups_by_day': {
    async up(db: Kysely<any>) {
      // Program-wide figures read every company's counts for a period: by day, not by company.
      await db.schema.createIndex('detection_rollups_day_idx').on('detection_rollups').columns(['day', 'category']).execute();
    },
  },
};
