import type { Deps, Ctx, Page } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isProgramAdmin, isStaffRole } from '../../platform/auth/roles.ts';
import { newTotpSecret, totpEnrolment, verifyTotp } from '../../platform/auth/totp.ts';
import { accountsRepository } from './accounts.repository.ts';
import { toUser, type UserDto } from './accounts.schemas.ts';
import { openCompany } from '../companies/getCompany.ts';

function me(ctx: Ctx): string {
  if (!ctx.actor.userId) throw new AppError('unauthenticated', 'please log in');
  return ctx.actor.userId;
}

export async function updateMe(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, patch: { locale?: 'ja' | 'en'; name?: string }) {
  const id = me(ctx);
  await deps.db.kysely.transaction().execute(async (tx) => {
    await accountsRepository(deps.db).updateUser(tx, id, { ...patch, updated_at: deps.clock.now().toISOString() });
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'user.updated_self', targetType: 'user', targetId: id, companyId: ctx.actor.companyId, detail: { fields: Object.keys(patch) } });
  });
}

/** Starts (or restarts) TOTP enrolment: stores a new secret, not yet enabled. */
export async function startTotpEnrolment(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx) {
  const id = me(ctx);
  const repo = accountsRepository(deps.db);
  const user = await repo.findUserById(id);
  if (!user) throw new AppError('unauthenticated', 'please log in');
  if (Number(user.totp_enabled) === 1) throw new AppError('conflict', 'two-factor authentication is already enabled');
  const secret = newTotpSecret();
  await deps.db.kysely.transaction().execute((tx) => repo.updateUser(tx, id, { totp_secret: secret, updated_at: deps.clock.now().toISOString() }));
  return totpEnrolment(secret, user.email);
}

export async function enableTotp(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, code: string) {
  const id = me(ctx);
  const repo = accountsRepository(deps.db);
  const user = await repo.findUserById(id);
  if (!user?.totp_secret) throw new AppError('conflict', 'start the enrolment first');
  if (!verifyTotp(user.totp_secret, code, deps.clock.now())) throw new AppError('totp_invalid', 'the code is not correct');
  await deps.db.kysely.transaction().execute(async (tx) => {
    await repo.updateUser(tx, id, { totp_enabled: 1, updated_at: deps.clock.now().toISOString() });
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'auth.totp_enabled', targetType: 'user', targetId: id, companyId: ctx.actor.companyId });
  });
}

export async function listUsers(deps: Pick<Deps, 'db'>, ctx: Ctx, q: { role?: string; page: number; pageSize: number }): Promise<Page<UserDto>> {
  if (!isProgramAdmin(ctx.actor)) throw new AppError('forbidden', 'only the program office can list users');
  const { items, total } = await accountsRepository(deps.db).listUsers(q.role, q.page, q.pageSize);
  return { items: items.map(toUser), total, page: q.page, pageSize: q.pageSize };
}

export async function listCompanyUsers(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string) {
  const scope = await openCompany(deps, ctx, companyId, 'users');
  return { items: (await accountsRepository(deps.db).companyUsers(scope)).map(toUser) };
}

/** Staff who must use two-factor but have not enrolled yet (when enforcement is on). */
export function needsTotpEnrolment(role: string, totpEnabled: boolean): boolean {
  return isStaffRole(role) && !totpEnabled;
}

