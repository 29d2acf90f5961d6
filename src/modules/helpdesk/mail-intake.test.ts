import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import nodemailer from 'nodemailer';
import iconv from 'iconv-lite';
import { engines } from '../../../tests/support/engines.ts';
import { call, login, loginAs, makeCompany, makeUser, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.ts';
import type { IntakeOutcome } from './mail-intake.ts';

const require = createRequire(import.meta.url);
const Encoding = require('encoding-japanese') as { convert(data: number[], opts: { to: string; from: string }): number[]; stringToCode(s: string): number[] };

const toJis = (s: string) => Buffer.from(Encoding.convert(Encoding.stringToCode(s), { to: 'JIS', from: 'UNICODE' }));
const b64Word = (charset: string, bytes: Buffer) => `=?${charset}?B?${bytes.toString('base64')}?=`;

for (const engine of engines) {
  describe(`help-desk mail over SMTP [${engine}]`, () => {
    let t: TestApp;
    let rx: SmtpReceiver;
    let send: ReturnType<typeof nodemailer.createTransport>;
    let operator: Session;
    let companyId: string;
    const customer = 'yamada@aoi-seisakusho.example.jp';
    const outcomes: IntakeOutcome[] = [];
    before(async () => {
      t = await startTestApp(engine, { OTASUKE_MAILS_PER_SENDER_PER_HOUR: '13', OTASUKE_MAX_MAIL_BYTES: '300000', OTASUKE_MAX_ATTACHMENT_BYTES: '50000' });
      rx = await startSmtpReceiver(t.deps, { port: 0, host: '127.0.0.1', onMail: (o) => outcomes.push(o) });
      send = nodemailer.createTransport({ host: '127.0.0.1', port: rx.port, secure: false, ignoreTLS: true });
      companyId = (await makeCompany(t, '株式会社あおい製作所')).id;
      await makeUser(t, 'company_admin', companyId, customer);
      operator = await loginAs(t, 'operator');
    });
    after(async () => {
      send.close();
      await rx.close();
      await t.close();
    });

    const caseOf = async (id: string) => (await call(t, operator, 'GET', `/api/v1/cases/${id}`)).json();

    it('a mail from a registered user becomes a case, with attachments hashed, and the sender gets an acknowledgement', async () => {
      const pdf = Buffer.from('%PDF-1.4 請求書のふりをしたファイル '.repeat(50));
      const info = await send.sendMail({
        from: `山田 太郎 <${customer}>`,
        to: t.deps.config.helpdesk.address,
        subject: '不審なメールが届きました（Emotet？）',
        text: '取引先を名乗るメールに Word ファイルが付いていました。開いてしまいました。',
        attachments: [{ filename: '請求書.pdf', content: pdf, contentType: 'application/pdf' }],
      });
      assert.match(info.response, /^250/);
      const o = outcomes.at(-1)!;
      assert.equal(o.outcome, 'case_created');
      const d = await caseOf((o as { caseId: string }).caseId);
      assert.equal(d.case.channel, 'mail');
      assert.equal(d.case.companyId, companyId);
      assert.equal(d.case.category, 'suspicious_mail');
      assert.equal(d.case.subject, '不審なメールが届きました（Emotet？）');
      assert.match(d.events[0].body, /Word ファイル/);
      assert.equal(d.attachments.length, 1);
      assert.equal(d.attachments[0].filename, '請求書.pdf');
      assert.equal(d.attachments[0].sha256, createHash('sha256').update(pdf).digest('hex'));
      const file = await call(t, operator, 'GET', `/api/v1/cases/${d.case.id}/attachments/${d.attachments[0].id}`);
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      assert.match(String(file.headers['content-disposition']), /^attachment/);
      assert.equal(createHash('sha256').update(file.rawPayload).digest('hex'), d.attachments[0].sha256);
      const ack = await t.smtp.waitFor(customer);
      assert.match(ack.subject ?? '', new RegExp(`\\[${d.case.number}\\]`));
    });

    it('replies thread into the case by reference headers and by the case number in the subject; our replies go out by SMTP', async () => {
      const first = outcomes.find((o) => o.outcome === 'case_created') as { caseId: string; number: string };
      const r = await call(t, operator, 'POST', `/api/v1/cases/${first.caseId}/messages`, { kind: 'reply', body: 'そのパソコンを LAN から外してください。' });
      assert.equal(r.statusCode, 201);
      const out = await waitForMail(t, (m) => (m.text ?? '').includes('LAN から外して'));
      assert.ok(out.messageId);
      // 1) a reply with In-Reply-To/References of our mail
      await send.sendMail({ from: customer, to: t.deps.config.helpdesk.address, subject: `Re: ${out.subject}`.replace(/\[C-\d+\]/, ''), text: '外しました。', inReplyTo: out.messageId, references: [out.messageId!] });
      assert.deepEqual(pick(outcomes.at(-1)!), { outcome: 'threaded', caseId: first.caseId });
      // 2) a new mail with only the case number in the subject
      await send.sendMail({ from: customer, to: t.deps.config.helpdesk.address, subject: `追加の情報 ${first.number}`, text: '昨日も同じメールが来ていました。' });
      assert.deepEqual(pick(outcomes.at(-1)!), { outcome: 'threaded', caseId: first.caseId });
      const d = await caseOf(first.caseId);
      const bodies = d.events.filter((e: { kind: string }) => e.kind === 'message_in').map((e: { body: string }) => e.body);
      assert.ok(bodies.some((b: string) => b.includes('外しました。')));
      assert.ok(bodies.some((b: string) => b.includes('昨日も同じ')));
      const outEvent = d.events.find((e: { kind: string }) => e.kind === 'message_out');
      assert.equal(outEvent.data.mail.status, 'sent', 'the reply is recorded on the timeline with its delivery');
      // the same mail delivered twice is not duplicated
      const again = await send.sendMail({ from: customer, to: t.deps.config.helpdesk.address, subject: '二重送信', text: 'x', messageId: '<dup-1@aoi.example.jp>' });
      assert.match(again.response, /^250/);
      await send.sendMail({ from: customer, to: t.deps.config.helpdesk.address, subject: '二重送信', text: 'x', messageId: '<dup-1@aoi.example.jp>' });
      assert.equal(outcomes.at(-1)!.outcome, 'duplicate');
    });

    it('a reply to a bulk notice becomes a case of the sender’s company', async () => {
      await t.deps.db.kysely.updateTable('companies').set({ status: 'active' }).where('id', '=', companyId).execute();
      const sent = await call(t, operator, 'POST', '/api/v1/notices', { title: 'Emotet 注意喚起', body: '添付ファイルに注意してください。', filter: { companyIds: [companyId] } });
      assert.equal(sent.statusCode, 201, sent.body);
      const notice = await waitForMail(t, (m) => (m.subject ?? '').includes('Emotet 注意喚起'));
      assert.equal(notice.replyTo?.value[0]?.address, t.deps.config.helpdesk.address, 'replies come back to the help desk');
      await send.sendMail({ from: customer, to: t.deps.config.helpdesk.address, subject: 'Re: Emotet 注意喚起', text: '当社にも似たメールが来ています。', inReplyTo: notice.messageId, references: [notice.messageId!] });
      const o = outcomes.at(-1) as { outcome: string; caseId: string };
      assert.equal(o.outcome, 'case_created');
      const d = await caseOf(o.caseId);
      assert.equal(d.case.companyId, companyId);
      assert.equal(d.events[0].data.noticeId, sent.json().id);
    });

    it('decodes ISO-2022-JP and Shift_JIS mails', async () => {
      const subject = 'ウイルス対策ソフトの警告について';
      const body = '画面に「トロイの木馬が見つかりました」と出ました。対処方法を教えてください。';
      const jis = Buffer.concat([
        Buffer.from(`From: ${customer}\r\nTo: ${t.deps.config.helpdesk.address}\r\nSubject: ${b64Word('ISO-2022-JP', toJis(subject))}\r\nMessage-ID: <jis-1@aoi.example.jp>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n`),
        toJis(body),
        Buffer.from('\r\n'),
      ]);
      await send.sendMail({ envelope: { from: customer, to: [t.deps.config.helpdesk.address] }, raw: jis });
      const a = outcomes.at(-1) as { outcome: string; caseId: string };
      assert.equal(a.outcome, 'case_created');
      let d = await caseOf(a.caseId);
      assert.equal(d.case.subject, subject);
      assert.equal(d.events[0].body, body);
      assert.equal(d.case.category, 'malware');

      const sjisSubject = 'ルーターの管理画面に入れません';
      const sjisBody = '初期パスワードのままでした。変更方法を教えてください。①②';
      const sjis = Buffer.concat([
        Buffer.from(`From: ${customer}\r\nTo: ${t.deps.config.helpdesk.address}\r\nSubject: ${b64Word('Shift_JIS', iconv.encode(sjisSubject, 'Shift_JIS'))}\r\nMessage-ID: <sjis-1@aoi.example.jp>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: base64\r\n\r\n`),
        Buffer.from(iconv.encode(sjisBody, 'CP932').toString('base64') + '\r\n'),
      ]);
      await send.sendMail({ envelope: { from: customer, to: [t.deps.config.helpdesk.address] }, raw: sjis });
      const b = outcomes.at(-1) as { outcome: string; caseId: string };
      d = await caseOf(b.caseId);
      assert.equal(d.case.subject, sjisSubject);
      assert.equal(d.events[0].body, sjisBody);
    });

    it('HTML mail is kept as text only: no markup, no script', async () => {
      await send.sendMail({
        from: customer,
        to: t.deps.config.helpdesk.address,
        subject: 'HTML のメール',
        html: '<p>こんにちは<b>太字</b></p><script>alert(1)</script><img src="http://evil.example/x.png" onerror="alert(2)">',
      });
      const o = outcomes.at(-1) as { caseId: string };
      const d = await caseOf(o.caseId);
      const text = d.events[0].body as string;
      assert.match(text, /こんにちは/);
      assert.match(text, /太字/);
      assert.doesNotMatch(text, /<script|<p>|onerror|alert\(/);
    });

    it('unknown senders are quarantined (not dropped) and staff can release them to a company', async () => {
      await send.sendMail({ from: 'stranger@unknown.example', to: t.deps.config.helpdesk.address, subject: '見積もりの件', text: '御社のサービスについて' });
      const o = outcomes.at(-1) as { outcome: string; quarantineId: string; reason: string };
      assert.equal(o.outcome, 'quarantined');
      assert.equal(o.reason, 'unknown_sender');
      const q = (await call(t, operator, 'GET', '/api/v1/mail/quarantine?status=held')).json();
      const held = q.items.find((i: { id: string }) => i.id === o.quarantineId);
      assert.equal(held.from, 'stranger@unknown.example');
      assert.equal(held.subject, '見積もりの件');
      const customerSession = await login(t, customer);
      assert.equal((await call(t, customerSession, 'GET', '/api/v1/mail/quarantine')).statusCode, 403);
      const released = await call(t, operator, 'POST', `/api/v1/mail/quarantine/${o.quarantineId}/release`, { companyId });
      assert.equal(released.statusCode, 201, released.body);
      assert.equal(released.json().case.contactEmail, 'stranger@unknown.example');
      assert.match(released.json().events[0].body, /御社のサービス/);
      assert.equal((await call(t, operator, 'POST', `/api/v1/mail/quarantine/${o.quarantineId}/release`, { companyId })).statusCode, 409);
    });

    it('refuses mail over the size limit with 552 and records it; oversize attachments are noted, not stored', async () => {
      const big = Buffer.alloc(400_000, 0x41);
      await assert.rejects(
        send.sendMail({ from: customer, to: t.deps.config.helpdesk.address, subject: '大きなメール', text: 'x', attachments: [{ filename: 'big.bin', content: big }] }),
        (e: Error & { responseCode?: number }) => e.responseCode === 552,
      );
      const q = (await call(t, operator, 'GET', '/api/v1/mail/quarantine')).json();
      assert.ok(q.items.some((i: { reason: string }) => i.reason === 'too_large'));
      await send.sendMail({ from: customer, to: t.deps.config.helpdesk.address, subject: '写真を送ります', text: '画面の写真です', attachments: [{ filename: 'photo.jpg', content: Buffer.alloc(80_000, 1) }, { filename: 'memo.txt', content: 'メモ' }] });
      const d = await caseOf((outcomes.at(-1) as { caseId: string }).caseId);
      assert.deepEqual(d.attachments.map((a: { filename: string }) => a.filename), ['memo.txt']);
      assert.match(d.events[0].body, /photo\.jpg.*サイズの上限/);
    });

    it('a flood from one sender goes to quarantine after the hourly limit (mail bombs)', async () => {
      const bomber = 'flood@aoi-seisakusho.example.jp';
      await makeUser(t, 'company_member', companyId, bomber);
      const results: string[] = [];
      const limit = t.deps.config.helpdesk.mailsPerSenderPerHour;
      for (let i = 0; i < limit + 2; i++) {
        await send.sendMail({ from: bomber, to: t.deps.config.helpdesk.address, subject: `spam ${i}`, text: 'x' });
        results.push(outcomes.at(-1)!.outcome);
      }
      assert.equal(results.filter((r) => r === 'case_created').length, limit);
      assert.deepEqual(results.slice(limit), ['quarantined', 'quarantined']);
    });
  });
}

function pick(o: IntakeOutcome) {
  return { outcome: o.outcome, caseId: 'caseId' in o ? o.caseId : undefined };
}

async function waitForMail(t: TestApp, pred: (m: TestApp['smtp']['messages'][number]) => boolean, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const m = t.smtp.messages.find(pred);
    if (m) return m;
    if (Date.now() > end) throw new Error('expected mail did not arrive');
    await new Promise((r) => setTimeout(r, 25));
  }
}
