import type { Selectable } from 'kysely';
import type { Db, Executor } from '../../platform/db/database.ts';
import type { CompanyScope } from '../../platform/tenancy/scope.ts';
import type { SessionsTable, UsersTable, UserTokensTable } from '../../platform/db/platform.tables.ts';

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type TokenRow = Selectable<UserTokensTable>;

/** The only place that builds SQL for users, sessions, tokens and login failures. */
export function accountsRepository(db: Db) {
  const k = db.kysely;
  return {
    findUserByEmail(email: string, tx: Executor = k): Promise<UserRow | undefined> {
      return tx.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    },
    findUserById(id: string, tx: Executor = k): Promise<UserRow | undefined> {
      return tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async insertUser(tx: Executor, row: UserRow) {
      await tx.insertInto('users').values(row).execute();
    },
    async updateUser(tx: Executor, id: string, patch: Partial<UserRow>) {
      await tx.updateTable('users').set(patch).where('id', '=', id).execute();
    },
    companyUsers(scope: CompanyScope) {
      return k.selectFrom('users').selectAll().where('company_id', '=', scope.companyId).orderBy('created_at').execute();
    },
    async listUsers(role: string | undefined, page: number, pageSize: number) {
      let q = k.selectFrom('users');
      if (role) q = q.where('role', '=', role);
      const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
      const items = await q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute();
      return { items, total: Number(total) };
    },

    async insertSession(row: SessionRow) {
      await k.insertInto('sessions').values(row).execute();
    },
    findSession(id: string) {
      return k
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .leftJoin('companies as c', 'c.id', 'u.company_id')
        .select([
          's.id as session_id', 's.csrf_token', 's.expires_at', 's.last_seen_at',
          'u.id', 'u.email', 'u.name', 'u.role', 'u.company_id', 'u.status', 'u.locale', 'u.totp_enabled',
          'c.name as company_name',
        ])
        .where('s.id', '=', id)
        .executeTakeFirst();
    },
    async touchSession(id: string, lastSeenAt: string, expiresAt: string) {
      await k.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
    },
    async deleteSession(id: string) {
      await k.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteUserSessions(tx: Executor, userId: string) {
      await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },
    async purgeExpired(now: string) {
      const s = await k.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
      const t = await k.deleteFrom('user_tokens').where('expires_at', '<', now).executeTakeFirst();
      return { sessions: Number(s.numDeletedRows), tokens: Number(t.numDeletedRows) };
    },

    async insertToken(tx: Executor, row: TokenRow) {
      await tx.insertInto('user_tokens').values(row).execute();
    },
    findToken(id: string, tx: Executor = k) {
      return tx.selectFrom('user_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** Marks a token used; false when someone else used it first. */
    async useToken(tx: Executor, id: string, at: string) {
      const r = await tx.updateTable('user_tokens').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async recordFailure(row: { id: string; email: string; ip: string; at: string }) {
      await k.insertInto('login_failures').values(row).execute();
    },
    async failuresSince(email: string, ip: string, since: string) {
      const byEmail = await k
        .selectFrom('login_failures')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('last')])
        .where('email', '=', email)
        .where('at', '>=', since)
        .executeTakeFirstOrThrow();
      const byIp = await k
        .selectFrom('login_failures')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('ip', '=', ip)
        .where('at', '>=', since)
        .executeTakeFirstOrThrow();
      return { email: Number(byEmail.n), lastEmailFailure: byEmail.last as string | null, ip: Number(byIp.n) };
    },
    async clearFailures(email: string) {
      await k.deleteFrom('login_failures').where('email', '=', email).execute();
    },
  };
}
