import type { Kysely, Migration } from 'kysely';

export const devicesMigrations: Record<string, Migration> = {
  '20261126_0003_devices': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('vendor', 'text', (c) => c.notNull())
        .addColumn('identity', 'text', (c) => c.notNull().unique())
        .addColumn('identity_kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('lan_cidrs', 'text', (c) => c.notNull())
        .addColumn('ingest_token_hash', 'text', (c) => c.unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text')
        .execute();
      await db.schema.createIndex('devices_company_idx').on('devices').columns(['company_id', 'id']).execute();
    },
  },
};
