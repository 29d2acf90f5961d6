import type { Deps, Ctx } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isProgramAdmin, type Actor } from '../../platform/auth/roles.ts';
import { newId, newToken, sha256Hex } from '../../platform/ids/ids.ts';
import { bus } from '../../platform/events/bus.ts';
import { companyScope, listScope } from '../../platform/tenancy/scope.ts';
import { devicesRepository, type DeviceRow } from './devices.repository.ts';
import { deviceInput, identityKind, type DeviceDto, type DeviceInput } from './devices.schemas.ts';

export function toDevice(r: DeviceRow): DeviceDto {
  return {
    id: r.id,
    companyId: r.company_id,
    vendor: r.vendor,
    identity: r.identity,
    identityKind: r.identity_kind as DeviceDto['identityKind'],
    name: r.name,
    timezone: r.timezone,
    lanCidrs: JSON.parse(r.lan_cidrs) as string[],
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
  };
}

/** Staff who set devices up: the program office, the deployment coordinators and the monitoring center. */
function canManageDevices(actor: Actor): boolean {
  return isProgramAdmin(actor) || actor.role === 'deployment' || actor.role === 'analyst';
}

/**
 * Registers a device for a company. Its identity (serial, or sender IP when lines carry no serial)
 * must be unique: a line is attributed to exactly one company. Returns the device and, once, the
 * token for HTTP bulk ingest (only its hash is stored).
 */
export async function registerDevice(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, raw: DeviceInput): Promise<{ device: DeviceDto; ingestToken: string }> {
  const scope = companyScope(ctx.actor, companyId);
  if (!canManageDevices(ctx.actor)) throw new AppError('forbidden', 'only deployment, monitoring or program staff can register devices');
  const input = deviceInput.parse(raw);
  const repo = devicesRepository(deps.db);
  const result = await deps.db.kysely.transaction().execute(async (tx) => {
    const company = await tx.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
    if (!company) throw notFound('company');
    if (await repo.findByIdentity(input.identity, tx)) {
      throw new AppError('conflict', `a device with identity ${input.identity} is already registered`, { fields: [{ path: 'identity', message: 'already registered' }] });
    }
    const now = deps.clock.now().toISOString();
    const token = `otk_${newToken()}`;
    const row = {
      id: newId('dev'),
      vendor: input.vendor,
      identity: input.identity,
      identity_kind: identityKind(input.identity),
      name: input.name ?? null,
      timezone: input.timezone,
      lan_cidrs: JSON.stringify(input.lanCidrs),
      ingest_token_hash: sha256Hex(token),
      created_at: now,
      updated_at: now,
      last_seen_at: null,
    };
    await repo.insert(scope, tx, row);
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'device.registered', targetType: 'device', targetId: row.id, companyId, detail: { vendor: row.vendor, identity: row.identity } });
    return { device: toDevice({ ...row, company_id: companyId }), ingestToken: token };
  });
  bus.emit('devices.changed');
  return result;
}

export async function listDevices(deps: Pick<Deps, 'db'>, ctx: Ctx, companyId?: string): Promise<DeviceDto[]> {
  const repo = devicesRepository(deps.db);
  if (companyId) return (await repo.forCompany(companyScope(ctx.actor, companyId))).map(toDevice);
  const scope = listScope(ctx.actor);
  const rows = scope.kind === 'all' ? await repo.all(scope.scope) : await repo.forCompany(scope.scope);
  return rows.map(toDevice);
}
