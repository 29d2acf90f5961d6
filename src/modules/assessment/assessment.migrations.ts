import type { Kysely, Migration } from 'kysely';
import { appendOnly } from '../../platform/db/migration-helpers.ts';

export const assessmentMigrations: Record<string, Migration> = {
  '20261126_0014_assessment': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('presurveys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('facts', 'text', (c) => c.notNull())
        .addColumn('org', 'integer', (c) => c.notNull())
        .addColumn('meas', 'integer', (c) => c.notNull())
        .addColumn('group_code', 'text', (c) => c.notNull())
        .addColumn('group_reasons', 'text', (c) => c.notNull())
        .addColumn('device_kind', 'text', (c) => c.notNull())
        .addColumn('device_reasons', 'text', (c) => c.notNull())
        .addColumn('readiness_flags', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('on_behalf', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('presurveys_company_idx').on('presurveys').columns(['company_id', 'created_at']).execute();
      await db.schema
        .createTable('group_overrides')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('presurvey_id', 'text')
        .addColumn('group_code', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('group_overrides_company_idx').on('group_overrides').columns(['company_id', 'created_at']).execute();
      await db.schema
        .createTable('assessments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('bank_version', 'text', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('ipa_score', 'integer', (c) => c.notNull())
        .addColumn('ipa_band', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('on_behalf', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('assessments_company_version_uq', ['company_id', 'version'])
        .execute();
      await appendOnly(db, ['assessments'], 'otasuke_assessment_append_only');
      await db.schema
        .createTable('assessment_drafts')
        .addColumn('company_id', 'text', (c) => c.primaryKey())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('security_action')
        .addColumn('company_id', 'text', (c) => c.primaryKey())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('declaration_id', 'text')
        .addColumn('declared_at', 'text')
        .addColumn('five_articles', 'text', (c) => c.notNull())
        .addColumn('five_committed_at', 'text')
        .addColumn('basic_policy', 'text')
        .addColumn('updated_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('security_action_history')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('security_action_history_idx').on('security_action_history').columns(['company_id', 'at']).execute();
    },
  },
};
