import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/platform/config/config.ts';
import { createDeps, closeDeps } from '../../src/platform/context.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { buildApp } from '../../src/server/app.ts';
import { freshDatabase, type TestDatabase } from './engines.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import type { Engine } from '../../src/platform/db/database.ts';
import { startIngest, type IngestService } from '../../src/modules/ingest/ingest.service.ts';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * With OTASUKE_SCREENSHOTS=DIR, saves a full-page screenshot as DIR/<name>.png (to look at the pages
 * as a user would); otherwise does nothing. `fromTop` scrolls up first (pages that keep a scroll position).
 */
export async function screenshot(page: Page, name: string, opts: { fromTop?: boolean } = {}): Promise<void> {
  const dir = process.env.OTASUKE_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  if (opts.fromTop) await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** Signs in through the login form and waits until the app shows the signed-in user. */
export async function logIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  // Attached, not visible: on a phone-sized page the user chip sits in the closed menu.
  await page.getByTestId('current-user').waitFor({ state: 'attached' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface LiveServer {
  url: string;
  deps: Deps;
  smtp: SmtpSink;
  app: FastifyInstance;
  db: TestDatabase;
  /** With `{ ingest: true }`: syslog receivers on free loopback ports and the pipeline in this process. */
  ingest?: IngestService;
  close(): Promise<void>;
}

/** The real product over real HTTP on 127.0.0.1 (API + built web app), with mail to a loopback SMTP server. */
export async function startLiveServer(engine: Engine = 'sqlite', o: { ingest?: boolean } = {}): Promise<LiveServer> {
  const db = await freshDatabase(engine);
  const smtp = await startSmtpSink();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    env: {
      OTASUKE_DATA_DIR: db.dataDir,
      OTASUKE_SESSION_SECRET: randomBytes(32).toString('hex'),
      OTASUKE_SMTP_URL: smtp.url,
      OTASUKE_PUBLIC_URL: url,
      OTASUKE_PORT: String(port),
      OTASUKE_SYSLOG_HOST: '127.0.0.1',
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    },
  });
  const deps = await createDeps({ config, logger: pino({ level: 'silent' }) });
  const ingest = o.ingest ? await startIngest(deps, { ports: { port: 0 } }) : undefined;
  const app = await buildApp(deps, { serveWeb: true, ...(ingest ? { ingest } : {}) });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    deps,
    smtp,
    app,
    db,
    ...(ingest ? { ingest } : {}),
    async close() {
      await ingest?.stop();
      await app.close();
      await closeDeps(deps);
      await smtp.close();
      await db.drop();
    },
  };
}
