import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { audit } from '../../platform/audit/audit.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { verifyTotp } from '../../platform/auth/totp.ts';
import { isStaffRole, publicActor, type Actor, type Role } from '../../platform/auth/roles.ts';
import { addMinutes } from '../../platform/clock/clock.ts';
import { newId, newToken, sha256Hex } from '../../platform/ids/ids.ts';
import { accountsRepository } from './accounts.repository.ts';

export interface LoginInput {
  email: string;
  password: string;
  totp?: string;
  ip: string;
  userAgent?: string;
}

/** An IP that fails this often in the window is refused regardless of the account tried. */
const IP_FAILURE_FACTOR = 4;

/**
 * Checks the lockout first (so a locked account cannot be probed), then the password, then the TOTP
 * code for staff who enrolled. Every failure is recorded and audited; success starts a server-side
 * session whose token only the cookie holds (the database keeps its SHA-256).
 */
export async function login(deps: Pick<Deps, 'db' | 'clock' | 'config'>, input: LoginInput) {
  const repo = accountsRepository(deps.db);
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const { maxFailures, windowMinutes, lockMinutes } = deps.config.login;
  const since = addMinutes(now, -Math.max(windowMinutes, lockMinutes)).toISOString();
  const failures = await repo.failuresSince(email, input.ip, since);
  const lockedUntil = failures.lastEmailFailure ? addMinutes(new Date(failures.lastEmailFailure), lockMinutes) : null;
  if ((failures.email >= maxFailures && lockedUntil && lockedUntil > now) || failures.ip >= maxFailures * IP_FAILURE_FACTOR) {
    await audit(deps.db, deps.clock, publicActor(input.ip), { action: 'auth.login_locked', detail: { email } });
    throw new AppError('too_many_attempts', 'too many failed logins; try again later', {
      retryAfterSeconds: lockedUntil ? Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000)) : lockMinutes * 60,
    });
  }

  const user = await repo.findUserByEmail(email);
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  const fail = async (reason: string, code: 'invalid_credentials' | 'totp_invalid') => {
    await repo.recordFailure({ id: newId('lf'), email, ip: input.ip, at: now.toISOString() });
    const actor: Actor = { ...publicActor(input.ip), userId: user?.id ?? null, email };
    await audit(deps.db, deps.clock, actor, { action: 'auth.login_failed', targetType: 'user', targetId: user?.id, companyId: user?.company_id ?? null, detail: { email, reason } });
    return new AppError(code, code === 'totp_invalid' ? 'the code is not correct' : 'wrong e-mail address or password');
  };
  if (!user || !ok || user.status !== 'active') throw await fail(!user ? 'unknown_user' : !ok ? 'bad_password' : `status_${user.status}`, 'invalid_credentials');

  if (Number(user.totp_enabled) === 1 && user.totp_secret) {
    if (!input.totp) throw new AppError('totp_required', 'enter the 6-digit code from your authenticator app');
    if (!verifyTotp(user.totp_secret, input.totp, now)) throw await fail('bad_totp', 'totp_invalid');
  }

  const token = newToken();
  const csrf = newToken();
  const expires = addMinutes(now, deps.config.sessionTtlHours * 60).toISOString();
  await repo.insertSession({
    id: sha256Hex(token),
    user_id: user.id,
    csrf_token: csrf,
    created_at: now.toISOString(),
    expires_at: expires,
    last_seen_at: now.toISOString(),
    ip: input.ip,
    user_agent: input.userAgent?.slice(0, 300) ?? null,
  });
  await repo.clearFailures(email);
  await deps.db.kysely.transaction().execute(async (tx) => {
    await repo.updateUser(tx, user.id, { last_login_at: now.toISOString() });
  });
  const actor: Actor = { userId: user.id, role: user.role as Role, companyId: user.company_id, email: user.email, ip: input.ip };
  await audit(deps.db, deps.clock, actor, { action: 'auth.login', targetType: 'user', targetId: user.id, companyId: user.company_id, detail: { totp: Number(user.totp_enabled) === 1 } });
  return { token, expiresAt: expires, userId: user.id, isStaff: isStaffRole(user.role) };
}
