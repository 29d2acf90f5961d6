import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import { platformMigrations } from './platform.migrations.ts';
import { companiesMigrations } from '../../modules/companies/companies.migrations.ts';
import { devicesMigrations } from '../../modules/devices/devices.migrations.ts';
import { ingestMigrations } from '../../modules/ingest/ingest.migrations.ts';
import { monitoringMigrations } from '../../modules/monitoring/monitoring.migrations.ts';
import { helpdeskMigrations } from '../../modules/helpdesk/helpdesk.migrations.ts';
import { dispatchMigrations } from '../../modules/dispatch/dispatch.migrations.ts';
import { reportingMigrations } from '../../modules/reporting/reporting.migrations.ts';
import { assessmentMigrations } from '../../modules/assessment/assessment.migrations.ts';

/** One migration set for both engines; each module contributes its own, ordered by name. */
export const allMigrations: Record<string, Migration> = {
  ...platformMigrations,
  ...companiesMigrations,
  ...devicesMigrations,
  ...ingestMigrations,
  ...monitoringMigrations,
  ...helpdeskMigrations,
  ...dispatchMigrations,
  ...reportingMigrations,
  ...assessmentMigrations,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations() {
    return this.migrations;
  }
}

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: new StaticProvider(allMigrations),
    migrationTableName: 'otasuke_migrations',
    migrationLockTableName: 'otasuke_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? String(error)}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
