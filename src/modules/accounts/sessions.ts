import type { Deps } from '../../platform/deps.ts';
import { audit } from '../../platform/audit/audit.ts';
import { isStaffRole, type Actor, type Role } from '../../platform/auth/roles.ts';
import { addMinutes } from '../../platform/clock/clock.ts';
import { sha256Hex } from '../../platform/ids/ids.ts';
import { accountsRepository } from './accounts.repository.ts';
import type { MeDto } from './accounts.schemas.ts';

export interface ResolvedSession {
  sessionId: string;
  actor: Actor;
  me: MeDto;
}

/** Refresh the sliding expiry at most once a minute, so reads don't write on every request. */
const TOUCH_EVERY_MS = 60_000;

export async function resolveSession(deps: Pick<Deps, 'db' | 'clock' | 'config'>, token: string, ip: string): Promise<ResolvedSession | null> {
  const repo = accountsRepository(deps.db);
  const id = sha256Hex(token);
  const s = await repo.findSession(id);
  if (!s) return null;
  const now = deps.clock.now();
  if (s.expires_at <= now.toISOString() || s.status !== 'active') {
    await repo.deleteSession(id);
    return null;
  }
  if (now.getTime() - new Date(s.last_seen_at).getTime() > TOUCH_EVERY_MS) {
    await repo.touchSession(id, now.toISOString(), addMinutes(now, deps.config.sessionTtlHours * 60).toISOString());
  }
  const totpEnabled = Number(s.totp_enabled) === 1;
  return {
    sessionId: id,
    actor: { userId: s.id, role: s.role as Role, companyId: s.company_id, email: s.email, ip },
    me: {
      id: s.id,
      email: s.email,
      name: s.name,
      role: s.role,
      companyId: s.company_id,
      companyName: s.company_name ?? null,
      locale: s.locale,
      totpEnabled,
      totpRequired: isStaffRole(s.role) && !totpEnabled,
      csrfToken: s.csrf_token,
    },
  };
}

export async function logout(deps: Pick<Deps, 'db' | 'clock'>, sessionId: string, actor: Actor) {
  await accountsRepository(deps.db).deleteSession(sessionId);
  await audit(deps.db, deps.clock, actor, { action: 'auth.logout', targetType: 'user', targetId: actor.userId ?? undefined, companyId: actor.companyId });
}
