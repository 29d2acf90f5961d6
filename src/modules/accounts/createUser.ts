import type { Deps, Ctx } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.ts';
import { isCompanyRole, isProgramAdmin, type Role } from '../../platform/auth/roles.ts';
import { newId, newToken, sha256Hex } from '../../platform/ids/ids.ts';
import { addMinutes } from '../../platform/clock/clock.ts';
import { publicBaseUrl } from '../../platform/config/config.ts';
import { t, type Locale } from '../../platform/i18n/i18n.ts';
import { companyScope } from '../../platform/tenancy/scope.ts';
import { accountsRepository, type UserRow } from './accounts.repository.ts';
import { toUser } from './accounts.schemas.ts';

export const INVITE_HOURS = 72;
export const RESET_HOURS = 2;

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  companyId?: string | null;
  password?: string;
  locale?: Locale;
}

/**
 * Program office creates any user; a company admin creates users of its own company with company
 * roles only. Company roles must belong to a company, staff roles must not.
 */
function checkCreateRights(ctx: Ctx, u: NewUser) {
  if (isCompanyRole(u.role) && !u.companyId) throw new AppError('validation_failed', 'company users need a company', { fields: [{ path: 'companyId', message: 'required for company roles' }] });
  if (!isCompanyRole(u.role) && u.companyId) throw new AppError('validation_failed', 'staff users do not belong to a company', { fields: [{ path: 'companyId', message: 'only for company roles' }] });
  if (isProgramAdmin(ctx.actor)) return;
  // Other companies' users get the same answer as for a company that does not exist.
  if (isCompanyRole(ctx.actor.role) && u.companyId) companyScope(ctx.actor, u.companyId);
  if (ctx.actor.role === 'company_admin' && isCompanyRole(u.role) && u.companyId) return;
  throw new AppError('forbidden', 'you cannot create this user');
}

/** Inserts the user in the caller's transaction; returns the invite token when no password was given. */
export async function insertUser(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, tx: Executor, u: NewUser): Promise<{ user: UserRow; inviteToken?: string }> {
  checkCreateRights(ctx, u);
  const repo = accountsRepository(deps.db);
  const email = u.email.trim().toLowerCase();
  if (await repo.findUserByEmail(email, tx)) throw new AppError('conflict', `a user with e-mail ${email} already exists`, { fields: [{ path: 'email', message: 'already registered' }] });
  if (u.companyId) {
    const company = await tx.selectFrom('companies').select('id').where('id', '=', u.companyId).executeTakeFirst();
    if (!company) throw new AppError('not_found', 'company not found');
  }
  if (u.password !== undefined) {
    const problem = passwordProblem(u.password);
    if (problem) throw new AppError('validation_failed', problem, { fields: [{ path: 'password', message: problem }] });
  }
  const now = deps.clock.now();
  const user: UserRow = {
    id: newId('usr'),
    email,
    name: u.name,
    role: u.role,
    company_id: u.companyId ?? null,
    password_hash: u.password !== undefined ? await hashPassword(u.password) : null,
    totp_secret: null,
    totp_enabled: 0,
    locale: u.locale ?? 'ja',
    status: u.password !== undefined ? 'active' : 'invited',
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    last_login_at: null,
  };
  await repo.insertUser(tx, user);
  await appendAudit(tx, deps.clock, ctx.actor, { action: 'user.created', targetType: 'user', targetId: user.id, companyId: user.company_id, detail: { email, role: user.role, invited: u.password === undefined } });
  if (u.password !== undefined) return { user };
  const inviteToken = await issueToken(deps, tx, user.id, 'invite', INVITE_HOURS);
  return { user, inviteToken };
}

export async function issueToken(deps: Pick<Deps, 'db' | 'clock'>, tx: Executor, userId: string, purpose: 'invite' | 'reset', hours: number): Promise<string> {
  const token = newToken();
  const now = deps.clock.now();
  await accountsRepository(deps.db).insertToken(tx, {
    id: sha256Hex(token),
    user_id: userId,
    purpose,
    created_at: now.toISOString(),
    expires_at: addMinutes(now, hours * 60).toISOString(),
    used_at: null,
  });
  return token;
}

export function passwordLink(deps: Pick<Deps, 'config'>, token: string): string {
  return `${publicBaseUrl(deps.config)}/set-password?token=${encodeURIComponent(token)}`;
}

/** Sends an invitation mail (after the transaction committed, so no mail is sent for a rolled-back user). */
export async function sendInvite(deps: Pick<Deps, 'config' | 'mailer'>, user: UserRow, token: string, companyName?: string) {
  const locale = (user.locale === 'en' ? 'en' : 'ja') as Locale;
  const kind = companyName ? 'invite' : 'userInvite';
  const vars = { name: user.name, company: companyName ?? '', link: passwordLink(deps, token), hours: INVITE_HOURS };
  await deps.mailer.send({
    to: user.email,
    subject: t(locale, `mail.${kind}.subject`, vars),
    text: `${t(locale, `mail.${kind}.body`, vars)}\n\n--\n${t(locale, 'mail.footer')}\n`,
  });
}

/** Creates and invites a user (API), or creates one with a password (CLI). */
export async function createUser(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'mailer'>, ctx: Ctx, u: NewUser) {
  const { user, inviteToken } = await deps.db.kysely.transaction().execute((tx) => insertUser(deps, ctx, tx, u));
  if (inviteToken) {
    const company = user.company_id
      ? await deps.db.kysely.selectFrom('companies').select('name').where('id', '=', user.company_id).executeTakeFirst()
      : undefined;
    await sendInvite(deps, user, inviteToken, company?.name);
  }
  return toUser(user);
}
