import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

/** A real SMTP server on loopback that keeps every message it receives (parsed). */
export interface SmtpSink {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** SMTP connections accepted so far. */
  readonly connections: number;
  /** Resolves with the first message to `to` that arrives (or has arrived). */
  waitFor(to: string, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  let connections = 0;
  const waiters: { to: string; resolve: (m: ParsedMail) => void }[] = [];
  const recipients = (m: ParsedMail) => {
    const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
    return to.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, cb) {
      connections++;
      cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => {
          messages.push(m);
          for (const w of [...waiters]) {
            if (recipients(m).includes(w.to)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(m);
            }
          }
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    get connections() {
      return connections;
    },
    waitFor(to, timeoutMs = 5000) {
      const want = to.toLowerCase();
      const found = messages.find((m) => recipients(m).includes(want));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no mail to ${to} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ to: want, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
