import type { Selectable } from 'kysely';
import type { Db, Executor } from '../../platform/db/database.ts';
import type { AllCompaniesScope, CompanyScope } from '../../platform/tenancy/scope.ts';
import type { DevicesTable } from './devices.tables.ts';

export type DeviceRow = Selectable<DevicesTable>;

export function devicesRepository(db: Db) {
  const k = db.kysely;
  return {
    forCompany(scope: CompanyScope): Promise<DeviceRow[]> {
      return k.selectFrom('devices').selectAll().where('company_id', '=', scope.companyId).orderBy('created_at').execute();
    },
    all(_scope: AllCompaniesScope): Promise<DeviceRow[]> {
      return k.selectFrom('devices').selectAll().orderBy('company_id').orderBy('created_at').execute();
    },
    findByIdentity(identity: string, tx: Executor = k): Promise<DeviceRow | undefined> {
      return tx.selectFrom('devices').selectAll().where('identity', '=', identity).executeTakeFirst();
    },
    async insert(scope: CompanyScope, tx: Executor, row: Omit<DeviceRow, 'company_id'>) {
      await tx.insertInto('devices').values({ ...row, company_id: scope.companyId }).execute();
    },
  };
}
