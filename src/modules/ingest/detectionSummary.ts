import type { Deps, Ctx } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { openCompany } from '../companies/getCompany.ts';

/** Counts per category over JST days [from, to], from the rollups. */
export async function detectionSummary(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, from: string, to: string) {
  if (from > to) throw new AppError('validation_failed', '`from` is after `to`', { fields: [{ path: 'from', message: 'must not be after to' }] });
  const scope = await openCompany(deps, ctx, companyId, 'detections');
  const rows = await deps.db.kysely
    .selectFrom('detection_rollups')
    .select(['category', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('company_id', '=', scope.companyId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('category')
    .execute();
  const categories: Record<string, number> = {};
  for (const r of rows) categories[r.category] = Number(r.n);
  return { companyId, from, to, categories };
}
