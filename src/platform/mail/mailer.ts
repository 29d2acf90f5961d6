import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Reply-To (e.g. the help-desk address, so answers come back as cases). */
  replyTo?: string;
  /** Our own Message-ID (`<id@host>`), for threading replies. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string; stored?: string }>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl?: string;
  from: string;
  outboxDir: string;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Real SMTP when `OTASUKE_SMTP_URL` is set (smtp://user:pass@host:port). Without it (development),
 * every mail is written to `<data>/outbox/*.eml` so nothing is lost and it can be opened later.
 */
export function createMailer(opts: MailerOptions): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(pooledByDefault(opts.smtpUrl));
    return {
      async send(m) {
        const info = await transport.sendMail({ from: opts.from, ...m });
        opts.logger?.info({ to: m.to, subject: m.subject, messageId: info.messageId }, 'mail sent');
        return { messageId: info.messageId };
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(m) {
      const info = await transport.sendMail({ from: opts.from, ...m });
      mkdirSync(opts.outboxDir, { recursive: true });
      const file = path.join(opts.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safe(m.to)}.eml`);
      writeFileSync(file, info.message as Buffer);
      opts.logger?.info({ to: m.to, subject: m.subject, file }, 'mail written to outbox (no SMTP configured)');
      return { messageId: info.messageId, stored: file };
    },
    close: () => transport.close(),
  };
}

function safe(s: string): string {
  return s.replace(/[^a-zA-Z0-9@._-]/g, '_').slice(0, 80);
}

/**
 * SMTP connections are kept open and reused (nodemailer's `pool=true`) unless the URL says
 * `pool=false`: a connection per mail costs a TCP/TLS handshake, EHLO and AUTH every time, and
 * many relays delay the greeting of each new connection — ruinous for the weekly reports' bulk send.
 */
export function pooledByDefault(smtpUrl: string): string {
  try {
    const u = new URL(smtpUrl);
    if (!u.searchParams.has('pool')) u.searchParams.set('pool', 'true');
    return u.toString();
  } catch {
    return smtpUrl;
  }
}
