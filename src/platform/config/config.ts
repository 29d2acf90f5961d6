import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration is parsed once, at start, from `OTASUKE_*` environment variables and an optional
 * JSON config file (`OTASUKE_CONFIG` or `<dataDir>/config.json`). Environment wins over the file.
 * Anything invalid stops the process with a message naming the setting.
 */
const configSchema = z.object({
  dataDir: z.string().min(1),
  databaseUrl: z.string().optional(),
  /** PostgreSQL connections per process. */
  dbPoolSize: z.coerce.number().int().min(1).max(200).default(10),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  apiWorkers: z.coerce.number().int().min(1).max(64).default(1),
  host: z.string().default('0.0.0.0'),
  publicUrl: z.string().url().optional(),
  sessionSecret: z.string().min(32, 'session secret must be at least 32 characters'),
  sessionTtlHours: z.coerce.number().int().positive().default(12),
  trustProxy: z.coerce.boolean().default(false),
  secureCookies: z.enum(['auto', 'always', 'never']).default('auto'),
  enforceStaffTotp: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .transform((v) => v === true || v === 'true' || v === '1')
    .default(false),
  login: z
    .object({
      maxFailures: z.coerce.number().int().positive().default(5),
      windowMinutes: z.coerce.number().int().positive().default(15),
      lockMinutes: z.coerce.number().int().positive().default(15),
    })
    .default({ maxFailures: 5, windowMinutes: 15, lockMinutes: 15 }),
  mail: z
    .object({
      smtpUrl: z.string().optional(),
      from: z.string().default('otasuke <no-reply@otasuke.local>'),
    })
    .default({ from: 'otasuke <no-reply@otasuke.local>' }),
  syslog: z
    .object({
      host: z.string().default('0.0.0.0'),
      port: z.coerce.number().int().min(0).max(65535).default(5514),
      tlsPort: z.coerce.number().int().min(0).max(65535).default(6514),
      tlsCert: z.string().optional(),
      tlsKey: z.string().optional(),
      maxFrameBytes: z.coerce.number().int().min(1024).max(1 << 20).default(65536),
      idleTimeoutSeconds: z.coerce.number().int().positive().default(300),
    })
    .default({ host: '0.0.0.0', port: 5514, tlsPort: 6514, maxFrameBytes: 65536, idleTimeoutSeconds: 300 }),
  /** Days detections (not rollups) are kept. */
  detectionRetentionDays: z.coerce.number().int().min(1).max(3650).default(180),
  silentDeviceHours: z.coerce.number().int().min(1).max(24 * 30).default(24),
  /** Help desk: its own SMTP receiver, intake limits, SLA targets and business calendar. */
  helpdesk: z
    .object({
      smtpHost: z.string().default('0.0.0.0'),
      smtpPort: z.coerce.number().int().min(0).max(65535).default(2525),
      /** The address customers write to (shown in mails and the UI). */
      address: z.string().default('helpdesk@otasuke.local'),
      /** Phone number of the help desk, shown in reports and mails (optional). */
      phone: z.string().max(40).optional(),
      maxMailBytes: z.coerce.number().int().min(10_000).default(10 * 1024 * 1024),
      maxAttachmentBytes: z.coerce.number().int().min(1_000).default(5 * 1024 * 1024),
      /** Mails accepted per sender per hour before the rest go to quarantine (mail bombs). */
      mailsPerSenderPerHour: z.coerce.number().int().min(1).default(30),
      /** Alert categories that open an outbound case by themselves (the auto rule). */
      autoCaseCategories: z.array(z.string()).default(['c2.botnet.outbound']),
      /** SLA targets in business minutes per severity. */
      sla: z
        .object({
          firstResponse: z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
          resolution: z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
        })
        .default({
          firstResponse: { critical: 30, high: 60, medium: 240, low: 480 },
          resolution: { critical: 480, high: 960, medium: 2400, low: 4800 },
        }),
      calendar: z
        .object({
          openMinute: z.number().int().min(0).max(1440).default(540),
          closeMinute: z.number().int().min(0).max(1440).default(1020),
          openWeekdays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
          closedDays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
          publicHolidays: z.boolean().default(true),
        })
        .default({ openMinute: 540, closeMinute: 1020, openWeekdays: [1, 2, 3, 4, 5], closedDays: [], publicHolidays: true }),
    })
    .default({
      smtpHost: '0.0.0.0',
      smtpPort: 2525,
      address: 'helpdesk@otasuke.local',
      maxMailBytes: 10 * 1024 * 1024,
      maxAttachmentBytes: 5 * 1024 * 1024,
      mailsPerSenderPerHour: 30,
      autoCaseCategories: ['c2.botnet.outbound'],
      sla: { firstResponse: { critical: 30, high: 60, medium: 240, low: 480 }, resolution: { critical: 480, high: 960, medium: 2400, low: 4800 } },
      calendar: { openMinute: 540, closeMinute: 1020, openWeekdays: [1, 2, 3, 4, 5], closedDays: [], publicHolidays: true },
    }),
  /** The weekly company reports: sent automatically on this ISO weekday (1 = Monday) and JST time. */
  weeklyReports: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off'])])
    .transform((v) => v === true || v === 'true' || v === '1' || v === 'on')
    .default(true),
  weeklyReportWeekday: z.coerce.number().int().min(1).max(7).default(1),
  weeklyReportTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (Asia/Tokyo)').default('08:00'),
  /** The pre-survey grouping rule (reference assessment.md §6.4); see README "Assessment". */
  assessmentRules: z
    .object({
      aOrgMin: z.number().int().min(0).max(6).default(5),
      aMeasMin: z.number().int().min(0).max(11).default(8),
      aIsmsOrgMin: z.number().int().min(0).max(6).default(4),
      cOrgMax: z.number().int().min(0).max(6).default(1),
      cMeasMax: z.number().int().min(0).max(11).default(4),
    })
    .default({ aOrgMin: 5, aMeasMin: 8, aIsmsOrgMin: 4, cOrgMax: 1, cMeasMax: 4 }),
  /** Calendar days after the visit by which the first-findings report is due. */
  dispatchReportDueDays: z.coerce.number().int().min(1).max(60).default(7),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bodyLimitBytes: z.coerce.number().int().positive().default(1_048_576),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Explicit overrides from the CLI (e.g. --port, --data). */
  overrides?: Partial<Record<'dataDir' | 'port' | 'databaseUrl', string | number>>;
  /** Generate and store a session secret under the data dir when none is configured. */
  generateSecret?: boolean;
}

function readConfigFile(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Loads the session secret stored by a first run, or creates it (mode 0600). */
function storedSecret(dataDir: string, create: boolean): string | undefined {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (!create) return undefined;
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const dataDir = path.resolve(String(opts.overrides?.dataDir ?? env.OTASUKE_DATA_DIR ?? './data'));
  const fileName = env.OTASUKE_CONFIG ?? path.join(dataDir, 'config.json');
  const file = existsSync(fileName) ? readConfigFile(fileName) : {};
  if (env.OTASUKE_CONFIG && !existsSync(env.OTASUKE_CONFIG)) {
    throw new ConfigError(`OTASUKE_CONFIG points to ${env.OTASUKE_CONFIG}, which does not exist`);
  }
  const fileMail = (file.mail ?? {}) as Record<string, unknown>;
  const fileLogin = (file.login ?? {}) as Record<string, unknown>;
  const fileSyslog = (file.syslog ?? {}) as Record<string, unknown>;
  const fileHelpdesk = (file.helpdesk ?? {}) as Record<string, unknown>;
  const pick = (...vals: unknown[]) => vals.find((v) => v !== undefined && v !== "");
  const raw = {
    ...file,
    dataDir,
    databaseUrl: pick(opts.overrides?.databaseUrl as string | undefined, env.DATABASE_URL, env.OTASUKE_DATABASE_URL, file.databaseUrl as string),
    dbPoolSize: pick(env.OTASUKE_DB_POOL_SIZE, file.dbPoolSize as number),
    port: pick(opts.overrides?.port, env.OTASUKE_PORT, env.PORT, file.port as number),
    host: pick(env.OTASUKE_HOST, file.host as string),
    apiWorkers: pick(env.OTASUKE_API_WORKERS, file.apiWorkers as number),
    publicUrl: pick(env.OTASUKE_PUBLIC_URL, file.publicUrl as string),
    sessionSecret: pick(env.OTASUKE_SESSION_SECRET, file.sessionSecret as string) ?? storedSecret(dataDir, opts.generateSecret ?? false),
    sessionTtlHours: pick(env.OTASUKE_SESSION_TTL_HOURS, file.sessionTtlHours as number),
    trustProxy: pick(env.OTASUKE_TRUST_PROXY, file.trustProxy as boolean),
    secureCookies: pick(env.OTASUKE_SECURE_COOKIES, file.secureCookies as string),
    enforceStaffTotp: pick(env.OTASUKE_ENFORCE_STAFF_TOTP, file.enforceStaffTotp as boolean),
    login: {
      maxFailures: pick(env.OTASUKE_LOGIN_MAX_FAILURES, fileLogin.maxFailures as number),
      windowMinutes: pick(env.OTASUKE_LOGIN_WINDOW_MINUTES, fileLogin.windowMinutes as number),
      lockMinutes: pick(env.OTASUKE_LOGIN_LOCK_MINUTES, fileLogin.lockMinutes as number),
    },
    mail: {
      smtpUrl: pick(env.OTASUKE_SMTP_URL, fileMail.smtpUrl as string),
      from: pick(env.OTASUKE_MAIL_FROM, fileMail.from as string),
    },
    syslog: {
      host: pick(env.OTASUKE_SYSLOG_HOST, fileSyslog.host as string),
      port: pick(env.OTASUKE_SYSLOG_PORT, fileSyslog.port as number),
      tlsPort: pick(env.OTASUKE_SYSLOG_TLS_PORT, fileSyslog.tlsPort as number),
      tlsCert: pick(env.OTASUKE_SYSLOG_TLS_CERT, fileSyslog.tlsCert as string),
      tlsKey: pick(env.OTASUKE_SYSLOG_TLS_KEY, fileSyslog.tlsKey as string),
      maxFrameBytes: pick(env.OTASUKE_SYSLOG_MAX_FRAME_BYTES, fileSyslog.maxFrameBytes as number),
      idleTimeoutSeconds: pick(env.OTASUKE_SYSLOG_IDLE_TIMEOUT_SECONDS, fileSyslog.idleTimeoutSeconds as number),
    },
    helpdesk: {
      ...fileHelpdesk,
      smtpHost: pick(env.OTASUKE_SMTP_HOST, fileHelpdesk.smtpHost as string),
      smtpPort: pick(env.OTASUKE_SMTP_PORT, fileHelpdesk.smtpPort as number),
      address: pick(env.OTASUKE_HELPDESK_ADDRESS, fileHelpdesk.address as string),
      phone: pick(env.OTASUKE_HELPDESK_PHONE, fileHelpdesk.phone as string),
      maxMailBytes: pick(env.OTASUKE_MAX_MAIL_BYTES, fileHelpdesk.maxMailBytes as number),
      maxAttachmentBytes: pick(env.OTASUKE_MAX_ATTACHMENT_BYTES, fileHelpdesk.maxAttachmentBytes as number),
      mailsPerSenderPerHour: pick(env.OTASUKE_MAILS_PER_SENDER_PER_HOUR, fileHelpdesk.mailsPerSenderPerHour as number),
    },
    weeklyReports: pick(env.OTASUKE_WEEKLY_REPORTS, file.weeklyReports as boolean),
    weeklyReportWeekday: pick(env.OTASUKE_WEEKLY_REPORT_WEEKDAY, file.weeklyReportWeekday as number),
    weeklyReportTime: pick(env.OTASUKE_WEEKLY_REPORT_TIME, file.weeklyReportTime as string),
    dispatchReportDueDays: pick(env.OTASUKE_DISPATCH_REPORT_DUE_DAYS, file.dispatchReportDueDays as number),
    detectionRetentionDays: pick(env.OTASUKE_DETECTION_RETENTION_DAYS, file.detectionRetentionDays as number),
    silentDeviceHours: pick(env.OTASUKE_SILENT_DEVICE_HOURS, file.silentDeviceHours as number),
    logLevel: pick(env.OTASUKE_LOG_LEVEL, file.logLevel as string),
    bodyLimitBytes: pick(env.OTASUKE_BODY_LIMIT_BYTES, file.bodyLimitBytes as number),
  };
  const parsed = configSchema.safeParse(stripUndefined(raw));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = i.path.join('.');
      const hint =
        key === 'sessionSecret'
          ? ' (set OTASUKE_SESSION_SECRET to 32+ random characters, or run `otasuke serve` once to generate one under the data directory)'
          : '';
      return `  - ${key || '(root)'}: ${i.message}${hint}`;
    });
    throw new ConfigError(`otasuke: invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? stripUndefined(v as Record<string, unknown>) : v;
  }
  return out;
}

/** The base URL users reach (used in invite and reset links). */
export function publicBaseUrl(config: Config): string {
  return (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, '');
}
