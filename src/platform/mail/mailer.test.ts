import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMailer } from './mailer.ts';
import { startSmtpSink } from '../../../tests/support/smtp-sink.ts';

describe('mail out', () => {
  it('sends through a real SMTP server with Japanese subject and body intact', async () => {
    const sink = await startSmtpSink();
    const mailer = createMailer({ smtpUrl: sink.url, from: 'otasuke <desk@otasuke.example.jp>', outboxDir: '/nonexistent' });
    try {
      await mailer.send({ to: 'tanaka@example.jp', subject: '【お助け隊】ご案内', text: 'こんにちは。\nよろしくお願いします。' });
      const m = await sink.waitFor('tanaka@example.jp');
      assert.equal(m.subject, '【お助け隊】ご案内');
      assert.equal(m.text?.trim(), 'こんにちは。\nよろしくお願いします。');
      assert.equal(m.from?.value[0]?.address, 'desk@otasuke.example.jp');
    } finally {
      mailer.close();
      await sink.close();
    }
  });

  it('reuses one SMTP connection for a run of mails unless the URL says pool=false', async () => {
    const sink = await startSmtpSink();
    const send = async (url: string, n: number, tag: string) => {
      const mailer = createMailer({ smtpUrl: url, from: 'otasuke <desk@otasuke.example.jp>', outboxDir: '/nonexistent' });
      try {
        for (let i = 0; i < n; i++) await mailer.send({ to: `${tag}${i}@example.jp`, subject: `週次レポート ${i}`, text: '本文' });
      } finally {
        mailer.close();
      }
    };
    try {
      await send(sink.url, 5, 'pooled');
      assert.equal(sink.connections, 1, 'five mails, one connection');
      await send(`${sink.url}?pool=false`, 3, 'single');
      assert.equal(sink.connections, 4, 'pool=false: one connection per mail');
      assert.equal(sink.messages.length, 8, 'every mail arrived');
    } finally {
      await sink.close();
    }
  });

  it('writes every mail to the outbox as .eml when no SMTP server is configured', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'otasuke-outbox-')), 'outbox');
    const mailer = createMailer({ from: 'otasuke <no-reply@otasuke.local>', outboxDir: dir });
    const r = await mailer.send({ to: 'suzuki@example.jp', subject: 'パスワード設定', text: 'リンク: http://x/set-password?token=abc' });
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.ok(files[0]!.endsWith('.eml'));
    assert.equal(r.stored, path.join(dir, files[0]!));
    const eml = readFileSync(path.join(dir, files[0]!), 'utf8');
    assert.match(eml, /^To: suzuki@example.jp$/m);
    assert.match(eml, /Subject: =\?UTF-8\?/);
  });
});
