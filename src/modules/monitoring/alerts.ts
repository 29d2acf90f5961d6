import type { Deps, Ctx, Page } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit, audit, auditRepeatedRead } from '../../platform/audit/audit.ts';
import { companyScope, listScope } from '../../platform/tenancy/scope.ts';
import { isCompanyRole, isProgramAdmin, type Actor } from '../../platform/auth/roles.ts';
import type { AlertDto } from './monitoring.schemas.ts';

type AlertRow = {
  id: string; company_id: string; company_name: string | null; device_id: string | null; category: string; status: string; host_ip: string | null; host_mac: string | null;
  host_vendor: string | null; host_name: string | null; remote_ip: string | null; remote_org: string | null; count: number; first_seen: string; last_seen: string;
  assignee_id: string | null; created_at: string; updated_at: string;
};

function toAlert(r: AlertRow): AlertDto {
  return {
    id: r.id, companyId: r.company_id, companyName: r.company_name, deviceId: r.device_id, category: r.category, status: r.status, hostIp: r.host_ip, hostMac: r.host_mac,
    hostVendor: r.host_vendor, hostName: r.host_name, remoteIp: r.remote_ip, remoteOrg: r.remote_org, count: Number(r.count), firstSeen: r.first_seen, lastSeen: r.last_seen,
    assigneeId: r.assignee_id, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

const columns = [
  'a.id', 'a.company_id', 'c.name as company_name', 'a.device_id', 'a.category', 'a.status', 'a.host_ip', 'a.host_mac', 'a.host_vendor', 'a.host_name', 'a.remote_ip', 'a.remote_org',
  'a.count', 'a.first_seen', 'a.last_seen', 'a.assignee_id', 'a.created_at', 'a.updated_at',
] as const;

/** Staff who work alerts: the monitoring center, the help desk and the program office. */
function canWorkAlerts(actor: Actor) {
  return isProgramAdmin(actor) || actor.role === 'analyst' || actor.role === 'operator';
}

export async function listAlerts(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, q: { companyId?: string; status?: string; category?: string; page: number; pageSize: number }): Promise<Page<AlertDto>> {
  let query = deps.db.kysely.selectFrom('alerts as a').leftJoin('companies as c', 'c.id', 'a.company_id');
  if (q.companyId) {
    const scope = companyScope(ctx.actor, q.companyId);
    query = query.where('a.company_id', '=', scope.companyId);
  } else {
    const ls = listScope(ctx.actor);
    if (ls.kind === 'one') query = query.where('a.company_id', '=', ls.scope.companyId);
  }
  if (q.status) query = query.where('a.status', '=', q.status);
  if (q.category) query = query.where('a.category', '=', q.category);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await query.select([...columns]).orderBy('a.last_seen', 'desc').orderBy('a.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  if (!isCompanyRole(ctx.actor.role) && ctx.actor.role !== 'system') {
    await auditRepeatedRead(deps.db, deps.clock, ctx.actor, { action: 'alert.list_viewed', companyId: q.companyId ?? null, detail: { filter: { status: q.status ?? null, category: q.category ?? null, page: q.page } } });
  }
  return { items: (rows as AlertRow[]).map(toAlert), total: Number(total), page: q.page, pageSize: q.pageSize };
}

export async function getAlert(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string) {
  const row = (await deps.db.kysely.selectFrom('alerts as a').leftJoin('companies as c', 'c.id', 'a.company_id').select([...columns]).where('a.id', '=', id).executeTakeFirst()) as AlertRow | undefined;
  if (!row) throw notFound('alert');
  let scope;
  try {
    scope = companyScope(ctx.actor, row.company_id);
  } catch {
    throw notFound('alert');
  }
  const k = deps.db.kysely;
  const lines = await k.selectFrom('alert_lines').select(['at', 'raw']).where('company_id', '=', scope.companyId).where('alert_id', '=', id).orderBy('at').limit(50).execute();
  const identity = row.host_ip
    ? await k.selectFrom('ip_mac_history').select(['mac', 'vendor', 'hostname', 'first_seen', 'last_seen']).where('company_id', '=', scope.companyId).where('ip', '=', row.host_ip).orderBy('last_seen', 'desc').limit(10).execute()
    : [];
  if (scope.isStaffAccess && ctx.actor.role !== 'system') {
    await audit(deps.db, deps.clock, ctx.actor, { action: 'alert.viewed', targetType: 'alert', targetId: id, companyId: row.company_id });
  }
  return {
    alert: toAlert(row),
    lines: lines.map((l) => ({ at: l.at, raw: l.raw })),
    identity: identity.map((i) => ({ mac: i.mac, vendor: i.vendor, hostname: i.hostname, firstSeen: i.first_seen, lastSeen: i.last_seen })),
  };
}

export async function updateAlert(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string, patch: { status?: string; assigneeId?: string | null }) {
  const row = await deps.db.kysely.selectFrom('alerts').select(['id', 'company_id', 'status', 'assignee_id']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('alert');
  try {
    companyScope(ctx.actor, row.company_id);
  } catch {
    throw notFound('alert');
  }
  if (!canWorkAlerts(ctx.actor)) throw new AppError('forbidden', 'only the monitoring center, the help desk or the program office can work alerts');
  const now = deps.clock.now().toISOString();
  await deps.db.kysely.transaction().execute(async (tx) => {
    await tx
      .updateTable('alerts')
      .set({ ...(patch.status ? { status: patch.status } : {}), ...(patch.assigneeId !== undefined ? { assignee_id: patch.assigneeId } : {}), updated_at: now })
      .where('id', '=', id)
      .execute();
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'alert.updated', targetType: 'alert', targetId: id, companyId: row.company_id, detail: { from: row.status, ...patch } });
  });
  return (await getAlert(deps, { actor: { ...ctx.actor, role: 'system' } }, id)).alert;
}
