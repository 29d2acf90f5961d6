import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { appendAudit, audit } from '../../platform/audit/audit.ts';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.ts';
import { publicActor, type Actor, type Role } from '../../platform/auth/roles.ts';
import { sha256Hex } from '../../platform/ids/ids.ts';
import { t, type Locale } from '../../platform/i18n/i18n.ts';
import { accountsRepository } from './accounts.repository.ts';
import { issueToken, passwordLink, RESET_HOURS } from './createUser.ts';

/** Always answers the same way, so the form cannot be used to find out who has an account. */
export async function requestPasswordReset(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'mailer'>, email: string, ip: string) {
  const repo = accountsRepository(deps.db);
  const user = await repo.findUserByEmail(email);
  if (!user || user.status === 'disabled') {
    await audit(deps.db, deps.clock, publicActor(ip), { action: 'auth.reset_requested_unknown', detail: { email } });
    return;
  }
  const token = await deps.db.kysely.transaction().execute(async (tx) => {
    const tk = await issueToken(deps, tx, user.id, 'reset', RESET_HOURS);
    await appendAudit(tx, deps.clock, { ...publicActor(ip), userId: user.id, email: user.email }, { action: 'auth.reset_requested', targetType: 'user', targetId: user.id, companyId: user.company_id });
    return tk;
  });
  const locale = (user.locale === 'en' ? 'en' : 'ja') as Locale;
  const vars = { name: user.name, link: passwordLink(deps, token), hours: RESET_HOURS };
  await deps.mailer.send({
    to: user.email,
    subject: t(locale, 'mail.reset.subject', vars),
    text: `${t(locale, 'mail.reset.body', vars)}\n\n--\n${t(locale, 'mail.footer')}\n`,
  });
}

async function validToken(deps: Pick<Deps, 'db' | 'clock'>, token: string) {
  const repo = accountsRepository(deps.db);
  const row = await repo.findToken(sha256Hex(token));
  if (!row || row.used_at || row.expires_at <= deps.clock.now().toISOString()) throw new AppError('token_invalid', 'the link is invalid or has expired');
  const user = await repo.findUserById(row.user_id);
  if (!user || user.status === 'disabled') throw new AppError('token_invalid', 'the link is invalid or has expired');
  return { row, user };
}

export async function describeToken(deps: Pick<Deps, 'db' | 'clock'>, token: string) {
  const { row, user } = await validToken(deps, token);
  return { email: user.email, name: user.name, purpose: row.purpose as 'invite' | 'reset' };
}

/** Sets the password from an invite or reset link; activates invited users and ends all their sessions. */
export async function confirmPasswordReset(deps: Pick<Deps, 'db' | 'clock'>, token: string, password: string, ip: string) {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('validation_failed', problem, { fields: [{ path: 'password', message: problem }] });
  const { row, user } = await validToken(deps, token);
  const hash = await hashPassword(password);
  const repo = accountsRepository(deps.db);
  await deps.db.kysely.transaction().execute(async (tx) => {
    const now = deps.clock.now().toISOString();
    if (!(await repo.useToken(tx, row.id, now))) throw new AppError('token_invalid', 'the link has already been used');
    await repo.updateUser(tx, user.id, { password_hash: hash, status: 'active', updated_at: now });
    await repo.deleteUserSessions(tx, user.id);
    const actor: Actor = { userId: user.id, role: user.role as Role, companyId: user.company_id, email: user.email, ip };
    await appendAudit(tx, deps.clock, actor, { action: row.purpose === 'invite' ? 'auth.invite_accepted' : 'auth.password_reset', targetType: 'user', targetId: user.id, companyId: user.company_id });
  });
}
