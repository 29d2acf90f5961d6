import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/platform/config/config.ts';
import { createDeps, closeDeps } from '../../src/platform/context.ts';
import type { Deps } from '../../src/platform/deps.ts';
import type { Clock } from '../../src/platform/clock/clock.ts';
import type { Engine } from '../../src/platform/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { createUser } from '../../src/modules/accounts/createUser.ts';
import { createCompany } from '../../src/modules/companies/createCompany.ts';
import { systemActor, type Role } from '../../src/platform/auth/roles.ts';
import { freshDatabase, type TestDatabase } from './engines.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';

export const PASSWORD = 'correct-horse-battery';

/** A movable clock for lockout and expiry tests. */
export class TestClock implements Clock {
  offsetMs = 0;
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
  advanceMinutes(m: number) {
    this.offsetMs += m * 60_000;
  }
}

export interface TestApp {
  engine: Engine;
  app: FastifyInstance;
  deps: Deps;
  smtp: SmtpSink;
  clock: TestClock;
  db: TestDatabase;
  close(): Promise<void>;
}

/** A real app on a fresh database of the given engine, with mail going to a real SMTP server on loopback. */
export async function startTestApp(engine: Engine, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await freshDatabase(engine);
  const smtp = await startSmtpSink();
  const clock = new TestClock();
  const config = loadConfig({
    env: {
      OTASUKE_DATA_DIR: db.dataDir,
      OTASUKE_SESSION_SECRET: randomBytes(32).toString('hex'),
      OTASUKE_SMTP_URL: smtp.url,
      OTASUKE_PUBLIC_URL: 'http://otasuke.test',
      OTASUKE_LOG_LEVEL: 'silent',
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
      ...env,
    },
  });
  const deps = await createDeps({ config, clock, logger: pino({ level: 'silent' }), poolSize: 4 });
  const app = await buildApp(deps);
  return {
    engine,
    app,
    deps,
    smtp,
    clock,
    db,
    async close() {
      await app.close();
      await closeDeps(deps);
      await smtp.close();
      await db.drop();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
}

export async function makeUser(t: TestApp, role: Role, companyId: string | null = null, email?: string) {
  return createUser(t.deps, { actor: systemActor }, {
    email: email ?? `${role}-${randomBytes(3).toString('hex')}@example.jp`,
    name: role,
    role,
    companyId,
    password: PASSWORD,
  });
}

export async function makeCompany(t: TestApp, name = `株式会社テスト${randomBytes(2).toString('hex')}`) {
  return createCompany(t.deps, { actor: systemActor }, { name, industry: 'manufacturing', employeesBand: '6-20', pcCount: 10 });
}

export function cookieFrom(res: LightMyRequestResponse, name = 'otasuke_session'): string {
  const c = res.cookies.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name} cookie in response (status ${res.statusCode}: ${res.body})`);
  return `${name}=${c.value}`;
}

export async function login(t: TestApp, email: string, password = PASSWORD, totp?: string): Promise<Session> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password, ...(totp ? { totp } : {}) } });
  if (res.statusCode !== 200) throw new Error(`login failed ${res.statusCode}: ${res.body}`);
  const body = res.json() as { user: { csrfToken: string; id: string } };
  return { cookie: cookieFrom(res), csrf: body.user.csrfToken, userId: body.user.id };
}

/** Logs a new user of the role in and returns the session. */
export async function loginAs(t: TestApp, role: Role, companyId: string | null = null): Promise<Session & { email: string }> {
  const u = await makeUser(t, role, companyId);
  return { ...(await login(t, u.email)), email: u.email };
}

export function call(t: TestApp, s: Session | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: {
      ...(s ? { cookie: s.cookie } : {}),
      ...(s && method !== 'GET' ? { 'x-csrf-token': s.csrf } : {}),
    },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}
