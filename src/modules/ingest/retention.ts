import type { Deps } from '../../platform/deps.ts';

/**
 * Deletes detections, dead letters and unassigned lines older than the retention period, a bounded
 * number of rows per call (the job runs again until nothing is left). Rollups are kept for years.
 */
export async function purgeExpiredDetections(deps: Pick<Deps, 'db' | 'clock'>, retentionDays: number, batchLimit = 5_000): Promise<{ deleted: number }> {
  const cutoff = new Date(deps.clock.now().getTime() - retentionDays * 86_400_000).toISOString();
  const k = deps.db.kysely;
  let deleted = 0;
  const ids = await k.selectFrom('detections').select('id').where('at', '<', cutoff).limit(batchLimit).execute();
  if (ids.length) deleted += Number((await k.deleteFrom('detections').where('id', 'in', ids.map((r) => r.id)).executeTakeFirst()).numDeletedRows);
  const dl = await k.selectFrom('dead_letters').select('id').where('received_at', '<', cutoff).limit(batchLimit).execute();
  if (dl.length) deleted += Number((await k.deleteFrom('dead_letters').where('id', 'in', dl.map((r) => r.id)).executeTakeFirst()).numDeletedRows);
  const ul = await k.selectFrom('unassigned_lines').select('id').where('received_at', '<', cutoff).limit(batchLimit).execute();
  if (ul.length) deleted += Number((await k.deleteFrom('unassigned_lines').where('id', 'in', ul.map((r) => r.id)).executeTakeFirst()).numDeletedRows);
  return { deleted };
}
