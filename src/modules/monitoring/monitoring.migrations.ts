import type { Kysely, Migration } from 'kysely';

export const monitoringMigrations: Record<string, Migration> = {
  '20261126_0006_monitoring': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text')
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('host_ip', 'text')
        .addColumn('host_mac', 'text')
        .addColumn('host_vendor', 'text')
        .addColumn('host_name', 'text')
        .addColumn('remote_ip', 'text')
        .addColumn('remote_org', 'text')
        .addColumn('count', 'bigint', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alerts_company_idx').on('alerts').columns(['company_id', 'status', 'last_seen']).execute();
      await db.schema.createIndex('alerts_status_idx').on('alerts').columns(['status', 'last_seen']).execute();
      await db.schema.createIndex('alerts_group_idx').on('alerts').columns(['company_id', 'category', 'host_ip', 'status']).execute();

      await db.schema
        .createTable('alert_lines')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alert_id', 'text', (c) => c.notNull())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alert_lines_alert_idx').on('alert_lines').columns(['alert_id', 'at']).execute();

      await db.schema
        .createTable('suppression_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text')
        .addColumn('category', 'text')
        .addColumn('host_cidr', 'text')
        .addColumn('remote_cidr', 'text')
        .addColumn('remote_org', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();

      await db.schema
        .createTable('ip_mac_history')
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('mac', 'text', (c) => c.notNull())
        .addColumn('vendor', 'text')
        .addColumn('hostname', 'text')
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ip_mac_history_pk', ['company_id', 'ip', 'mac'])
        .execute();
      await db.schema.createIndex('ip_mac_history_last_idx').on('ip_mac_history').columns(['company_id', 'ip', 'last_seen']).execute();
    },
  },
};
