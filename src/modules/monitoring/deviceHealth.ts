import type { Deps, Ctx } from '../../platform/deps.ts';
import { listScope } from '../../platform/tenancy/scope.ts';
import { jstDay } from '../ingest/pipeline/rollup-key.ts';

/**
 * Per device: when it last sent, lines and dead letters today (JST) and over 7 days, and whether
 * it has been silent past the threshold. Company users see their own devices only.
 */
export async function deviceHealth(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: Ctx) {
  const scope = listScope(ctx.actor);
  const now = deps.clock.now();
  const today = jstDay(now.getTime());
  const weekAgo = jstDay(now.getTime() - 6 * 86_400_000);
  const silentBefore = new Date(now.getTime() - deps.config.silentDeviceHours * 3_600_000).toISOString();
  let q = deps.db.kysely
    .selectFrom('devices as d')
    .leftJoin('companies as c', 'c.id', 'd.company_id')
    .leftJoin('device_daily_stats as s', (j) => j.onRef('s.device_id', '=', 'd.id').on('s.day', '>=', weekAgo))
    .select((eb) => [
      'd.id', 'd.company_id', 'c.name as company_name', 'd.vendor', 'd.identity', 'd.name', 'd.last_seen_at',
      eb.fn.sum<number>(eb.case().when('s.day', '=', today).then(eb.ref('s.lines')).else(0).end()).as('lines_today'),
      eb.fn.sum<number>(eb.case().when('s.day', '=', today).then(eb.ref('s.dead_letters')).else(0).end()).as('dead_today'),
      eb.fn.sum<number>(eb.fn.coalesce('s.lines', eb.lit(0))).as('lines_7d'),
      eb.fn.sum<number>(eb.fn.coalesce('s.dead_letters', eb.lit(0))).as('dead_7d'),
    ])
    .groupBy(['d.id', 'd.company_id', 'c.name', 'd.vendor', 'd.identity', 'd.name', 'd.last_seen_at']);
  if (scope.kind === 'one') q = q.where('d.company_id', '=', scope.scope.companyId);
  const rows = await q.orderBy('d.last_seen_at', 'asc').limit(2000).execute();
  const unassigned = scope.kind === 'all'
    ? Number((await deps.db.kysely.selectFrom('unassigned_lines').select((eb) => eb.fn.count<number>('device_key').distinct().as('n')).executeTakeFirstOrThrow()).n)
    : 0;
  return {
    unassignedDevices: unassigned,
    items: rows.map((r) => {
      const lines7 = Number(r.lines_7d ?? 0);
      const dead7 = Number(r.dead_7d ?? 0);
      return {
        id: r.id, companyId: r.company_id, companyName: r.company_name ?? null, vendor: r.vendor, identity: r.identity, name: r.name, lastSeenAt: r.last_seen_at,
        linesToday: Number(r.lines_today ?? 0), deadLettersToday: Number(r.dead_today ?? 0), lines7d: lines7, deadLetters7d: dead7,
        deadLetterRate7d: lines7 > 0 ? Math.round((dead7 / lines7) * 10_000) / 10_000 : 0,
        isSilent: r.last_seen_at !== null && r.last_seen_at < silentBefore,
        neverSeen: r.last_seen_at === null,
      };
    }),
  };
}
