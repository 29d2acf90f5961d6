/**
 * The help desk's own SMTP receiver (smtp-server). A mail is acknowledged (250) only after it is
 * stored as a case, threaded, or kept in quarantine, so an accepted mail is never lost; a store
 * failure answers 451 and the sending server retries. Mails over the size limit get 552.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Deps } from '../../platform/deps.ts';
import { MailIntake, type IntakeOutcome } from './mail-intake.ts';

export interface SmtpReceiver {
  port: number;
  intake: MailIntake;
  close(): Promise<void>;
}

type SmtpError = Error & { responseCode?: number };
function smtpError(code: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpReceiver(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'mailer' | 'logger'>,
  opts: { port?: number; host?: string; onMail?: (o: IntakeOutcome) => void } = {},
): Promise<SmtpReceiver> {
  const intake = new MailIntake(deps);
  const cfg = deps.config.helpdesk;
  const server = new SMTPServer({
    name: cfg.address.split('@')[1] ?? 'otasuke.local',
    banner: 'otasuke help desk',
    size: cfg.maxMailBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 100,
    socketTimeout: 60_000,
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      const limit = cfg.maxMailBytes;
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes <= limit + 1) chunks.push(c); // keep nothing beyond the limit (mail bombs)
      });
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        const envelope = { mailFrom, remoteAddress: session.remoteAddress };
        if (stream.sizeExceeded || bytes > limit) {
          intake.tooLarge(envelope, bytes).then(
            () => callback(smtpError(552, `message exceeds the size limit of ${limit} bytes`)),
            () => callback(smtpError(552, 'message too large')),
          );
          return;
        }
        intake.receive(Buffer.concat(chunks), envelope).then(
          (o) => {
            opts.onMail?.(o);
            callback(null, o.outcome === 'quarantined' ? 'queued for review' : 'received');
          },
          (e: unknown) => {
            deps.logger.error({ err: e }, 'help-desk mail could not be stored');
            callback(smtpError(451, 'temporary failure, please retry'));
          },
        );
      });
      stream.on('error', (e) => callback(e));
    },
  });
  server.on('error', (e) => deps.logger.warn({ err: e }, 'help-desk SMTP error'));
  const port = opts.port ?? cfg.smtpPort;
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, opts.host ?? cfg.smtpHost, () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  deps.logger.info({ port: actual }, 'help-desk SMTP receiver listening');
  return { port: actual, intake, close: () => new Promise<void>((r) => server.close(() => r())) };
}
