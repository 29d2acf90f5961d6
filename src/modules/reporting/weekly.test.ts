import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { engines } from '../../../tests/support/engines.ts';
import { call, loginAs, makeCompany, makeUser, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';
import { newId } from '../../platform/ids/ids.ts';
import { coreItems } from '../assessment/question-bank.ts';
import { gatherWeekly, mondayOf, previousWeekOf, weekWindow } from './weekly-data.ts';
import { buildWeeklyReport } from './weekly-report.ts';
import { renderWeeklyHtml, renderWeeklyText } from './weekly-render.ts';
import { sendWeeklyReports } from './weekly-send.ts';
import { startSmtpReceiver } from '../helpdesk/smtp-receiver.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const WEEK = '2026-11-16'; // Monday

describe('weekly report: week boundaries in JST', () => {
  it('a week is Monday to Sunday; other days are refused', () => {
    const w = weekWindow(WEEK);
    assert.deepEqual([w.week, w.to, w.previousWeek, w.days.length], ['2026-11-16', '2026-11-22', '2026-11-09', 7]);
    assert.throws(() => weekWindow('2026-11-17'), /Monday/);
    assert.throws(() => weekWindow('2026-02-30'), /YYYY-MM-DD/);
  });
  it('Monday 00:30 JST is already the new week (Sunday 15:30 UTC)', () => {
    assert.equal(mondayOf(Date.parse('2026-11-22T15:30:00Z')), '2026-11-23');
    assert.equal(mondayOf(Date.parse('2026-11-22T14:59:00Z')), '2026-11-16', 'Sunday 23:59 JST is still the old week');
    assert.equal(previousWeekOf(Date.parse('2026-11-23T00:00:00Z')), '2026-11-16', 'Monday 09:00 JST reports the week before');
  });
});

for (const engine of engines) {
  describe(`weekly company report [${engine}]`, () => {
    let t: TestApp;
    let companyId: string;
    let quietCompany: string;
    let deviceId: string;
    let owner: Session & { email: string };
    let analyst: Session;
    const rollup = (day: string, category: string, key: string, count: number, company = companyId, device = deviceId) =>
      t.deps.db.kysely.insertInto('detection_rollups').values({ company_id: company, day, category, key, device_id: device, count }).execute();

    before(async () => {
      t = await startTestApp(engine);
      companyId = (await makeCompany(t, '株式会社あおい製作所')).id;
      quietCompany = (await makeCompany(t, '有限会社しずか')).id;
      await t.deps.db.kysely.updateTable('companies').set({ status: 'active' }).execute();
      owner = await loginAs(t, 'company_admin', companyId);
      await makeUser(t, 'company_admin', quietCompany, 'owner@shizuka.example.jp');
      analyst = await loginAs(t, 'analyst');
      const dev = await call(t, analyst, 'POST', `/api/v1/companies/${companyId}/devices`, { vendor: 'sonicwall', identity: '0017C5AA0001' });
      deviceId = dev.json().device.id;
      await t.deps.db.kysely.updateTable('devices').set({ created_at: '2026-10-01T00:00:00.000Z' }).execute();
      // The week before, the week, and the days just outside it (Sunday before, Monday after).
      await rollup('2026-11-09', 'scan.inbound.probable', '23', 100);
      await rollup('2026-11-15', 'scan.inbound.probable', '23', 1000); // Sunday of the previous week
      await rollup('2026-11-16', 'scan.inbound.probable', '23', 700);
      await rollup('2026-11-18', 'scan.inbound.possible', '22', 534);
      await rollup('2026-11-22', 'block.url_category', 'Phishing', 40);
      await rollup('2026-11-23', 'scan.inbound.probable', '23', 5000); // Monday after: next week
      for (const day of weekWindow(WEEK).days) await t.deps.db.kysely.insertInto('device_daily_stats').values({ device_id: deviceId, day, lines: 500, dead_letters: 0 }).execute();
    });
    after(() => t.close());

    it('counts exactly the JST week, equal to the detection summary API, with week-over-week change in plain words', async () => {
      const api = (await call(t, owner, 'GET', `/api/v1/companies/${companyId}/detections/summary?from=2026-11-16&to=2026-11-22`)).json().categories;
      const r = (await call(t, owner, 'GET', `/api/v1/companies/${companyId}/reports/weekly?week=${WEEK}`)).json();
      assert.deepEqual(r.totals, api, 'the numbers in the report are the detection counts of that week');
      assert.deepEqual(r.totals, { 'scan.inbound.probable': 700, 'scan.inbound.possible': 534, 'block.url_category': 40 });
      assert.equal(r.verdict.text, '今週、対応が必要なことはありません。');
      assert.equal(r.verdict.needsAction, false);
      const scan = r.blocked.find((b: { category: string }) => b.category === 'scan.inbound');
      assert.equal(scan.text, 'インターネットからの偵察（ポートスキャン）を 1,234 回遮断しました。これは全ての企業に毎日起きていることで、対応は不要です。（先週より 12% 増）');
      assert.match(r.blocked.find((b: { category: string }) => b.category === 'block.url_category').text, /40 回止めました。（先週は 0 回）/);
      assert.deepEqual(r.chart.groups[0].values, [700, 0, 534, 0, 0, 0, 0], 'daily trend per JST day');
      assert.ok(r.top.some((x: { items: { label: string }[] }) => x.items.some((i) => i.label === 'フィッシング詐欺')));
      assert.ok(r.top.some((x: { items: { label: string }[] }) => x.items.some((i) => i.label === '23 番ポート')));
      assert.match(r.health[0].text, /毎日正常に記録が届いています/);
      assert.match(r.contact, /helpdesk@otasuke\.local/);
    });

    it('the verdict names what needs action and by whom: a botnet alert, a case waiting for the customer, a silent firewall', async () => {
      const now = new Date().toISOString();
      await t.deps.db.kysely
        .insertInto('alerts')
        .values({ id: newId('alr'), company_id: companyId, device_id: deviceId, category: 'c2.botnet.outbound', status: 'new', host_ip: '192.168.1.45', host_mac: 'f0:18:98:00:00:01', host_vendor: 'Apple, Inc.', host_name: 'iPhone-keiri', remote_ip: '198.51.100.9', remote_org: null, count: 14, first_seen: now, last_seen: now, assignee_id: null, created_at: now, updated_at: now })
        .execute();
      const c = (await call(t, owner, 'POST', '/api/v1/cases', { subject: 'ルーターの設定', body: '教えてください', category: 'consultation' })).json().case;
      const operator = await loginAs(t, 'operator');
      await call(t, operator, 'PATCH', `/api/v1/cases/${c.id}`, { status: 'waiting_customer' });
      await t.deps.db.kysely.updateTable('device_daily_stats').set({ lines: 0 }).where('device_id', '=', deviceId).where('day', '>=', '2026-11-20').execute();
      const r = buildWeeklyReport(await gatherWeekly(t.deps, companyId, WEEK), t.deps.config);
      assert.equal(r.verdict.needsAction, true);
      assert.equal(r.verdict.text, '対応が必要なことが 3 件あります。');
      assert.deepEqual(r.verdict.actions.map((a) => a.owner), ['customer', 'customer', 'customer']);
      assert.match(r.verdict.actions[0]!.text, /iPhone-keiri（Apple, Inc\. 製、192\.168\.1\.45）/, 'the device is named by hostname and vendor, not a bare IP');
      assert.match(r.verdict.actions[1]!.text, new RegExp(`${c.number}「ルーターの設定」へのご返信`));
      assert.match(r.verdict.actions[2]!.text, /3 日間届いていません/);
      assert.ok(r.open.some((o) => o.includes('貴社からのご返信をお待ちしています')), 'open cases with the next step');
      assert.ok(r.health.some((h) => !h.ok && h.text.includes('3 日間')));
      assert.equal(r.tip.title, '感染が疑われたら', 'a tip that fits the week');
      const en = buildWeeklyReport(await gatherWeekly(t.deps, companyId, WEEK), t.deps.config, 'en');
      assert.equal(en.verdict.text, '3 things need action.');
    });

    it('weekly-only sources are shown as weekly totals, never as daily events', async () => {
      const res = await call(t, analyst, 'POST', `/api/v1/companies/${quietCompany}/weekly-aggregates`, {
        week: WEEK, source: 'クラウド UTM 週次メール', counts: [{ category: 'block.ip_reputation', key: 'Phishing', count: 3600 }, { category: 'scan.inbound.possible', key: '23', count: 802 }],
      });
      assert.equal(res.statusCode, 201, res.body);
      const r = buildWeeklyReport(await gatherWeekly(t.deps, quietCompany, WEEK), t.deps.config);
      assert.equal(r.weeklyOnly.length, 2);
      assert.match(r.weeklyOnly[0]!, /クラウド UTM 週次メール（週次集計）: 評判の悪い相手の遮断 \[Phishing\] 3,600 件 — .*日別の内訳はありません/);
      assert.ok(r.chart.groups.every((g) => g.values.every((v) => v === 0)), 'no invented daily events');
      assert.deepEqual(r.totals, {}, 'the device counts stay the device counts');
      assert.ok([403, 404].includes((await call(t, owner, 'POST', `/api/v1/companies/${quietCompany}/weekly-aggregates`, { week: WEEK, source: 'x', counts: [{ category: 'block.geoip', count: 1 }] })).statusCode));
    });

    it('the tip comes from the weakest area of the company’s self-assessment', async () => {
      const answers = Object.fromEntries(coreItems.map((i) => [i.id, 'yes']));
      answers.Q11 = 'unknown';
      const r = await call(t, analyst, 'POST', `/api/v1/companies/${quietCompany}/assessments`, { answers, onBehalf: true });
      assert.equal(r.statusCode, 201, r.body);
      const report = buildWeeklyReport(await gatherWeekly(t.deps, quietCompany, WEEK), t.deps.config);
      assert.equal(report.tip.title, '重要なデータを定期的にバックアップしている');
      assert.match(report.tip.text, /バックアップを自動化/);
    });

    it('renders escaped HTML, text and the contract CLI output for any extension', async () => {
      await t.deps.db.kysely.updateTable('companies').set({ name: '<script>alert(1)</script> 商店' }).where('id', '=', quietCompany).execute();
      const r = buildWeeklyReport(await gatherWeekly(t.deps, quietCompany, WEEK), t.deps.config);
      const html = renderWeeklyHtml(r);
      assert.ok(!html.includes('<script>alert(1)</script>'), 'log- and user-derived strings are escaped');
      assert.ok(html.includes('&lt;script&gt;'));
      assert.match(html, /<svg/, 'charts are embedded as SVG');
      assert.match(renderWeeklyText(r), /■ 今週のまとめ/);
      if (engine !== 'sqlite') return;
      for (const ext of ['txt', 'html', 'pdf', 'eml']) {
        const out = path.join(t.db.dataDir, `r.${ext}`);
        const p = spawnSync(process.execPath, [path.join(root, 'bin/otasuke.mjs'), 'report', 'weekly', '--data', t.db.dataDir, '--company', companyId, '--week', WEEK, '--out', out], {
          env: { ...process.env, OTASUKE_SESSION_SECRET: 'k'.repeat(40), OTASUKE_LOG_LEVEL: 'warn' },
          encoding: 'utf8',
        });
        assert.equal(p.status, 0, p.stderr);
        const body = readFileSync(out);
        if (ext === 'txt') assert.match(body.toString(), /ポートスキャン）を 1,234 回遮断しました/);
        if (ext === 'pdf') assert.equal(body.subarray(0, 5).toString(), '%PDF-');
        if (ext === 'eml') {
          assert.match(body.toString(), /^Content-Type: multipart\/mixed/m);
          assert.match(body.toString(), /weekly-report-2026-11-16\.pdf/);
        }
        if (ext === 'html') assert.match(body.toString(), /1,234 回遮断しました/);
      }
      const bad = spawnSync(process.execPath, [path.join(root, 'bin/otasuke.mjs'), 'report', 'weekly', '--data', t.db.dataDir, '--company', companyId, '--week', '2026-11-17', '--out', path.join(t.db.dataDir, 'x.txt')], {
        env: { ...process.env, OTASUKE_SESSION_SECRET: 'k'.repeat(40) },
        encoding: 'utf8',
      });
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /Monday/);
    });

    it('sending is idempotent through a real SMTP server, resumes after a crash without sending twice, and shows bounces', async () => {
      const first = await sendWeeklyReports(t.deps, WEEK);
      assert.deepEqual([first.companies, first.sent, first.skipped], [2, 2, 0]);
      const mail = await t.smtp.waitFor(owner.email, 10_000);
      assert.match(mail.subject ?? '', /週次レポート 2026\/11\/16〜2026\/11\/22/);
      assert.ok(mail.html && mail.html.includes('<svg'), 'HTML with the charts');
      assert.match(mail.text ?? '', /今週のまとめ/);
      assert.equal(mail.attachments[0]?.contentType, 'application/pdf');
      const count = () => t.smtp.messages.filter((m) => (m.subject ?? '').includes('週次レポート 2026/11/16')).length;
      const before = count();
      const again = await sendWeeklyReports(t.deps, WEEK);
      assert.deepEqual([again.sent, again.skipped], [0, 2], 'a re-run for the same week sends nothing');
      assert.equal(count(), before);

      // A crash between claiming and sending leaves `sending`: the next run marks it uncertain and does not send.
      const NEXT = '2026-11-23';
      // (the process died right after claiming this company's report: the row says `sending`)
      await t.deps.db.kysely
        .insertInto('weekly_report_sends')
        .values({ company_id: quietCompany, week: NEXT, status: 'sending', message_id: '<x@y>', recipients: '[]', attempts: 1, error: null, sent_at: null, updated_at: new Date().toISOString() })
        .execute();
      const resumed = await sendWeeklyReports(t.deps, NEXT);
      assert.equal(resumed.uncertain, 1);
      const rows = await t.deps.db.kysely.selectFrom('weekly_report_sends').select(['company_id', 'status']).where('week', '=', NEXT).execute();
      assert.equal(rows.find((r) => r.company_id === quietCompany)?.status, 'uncertain', 'not sent twice automatically');
      assert.equal(rows.find((r) => r.company_id === companyId)?.status, 'sent');

      // A bounce for the report comes back to the help-desk SMTP address.
      const sent = await t.deps.db.kysely.selectFrom('weekly_report_sends').select(['message_id']).where('week', '=', WEEK).where('company_id', '=', companyId).executeTakeFirstOrThrow();
      const rx = await startSmtpReceiver(t.deps, { port: 0, host: '127.0.0.1' });
      try {
        const dsn = [
          'From: Mail Delivery System <MAILER-DAEMON@mx.example.jp>',
          `To: ${t.deps.config.helpdesk.address}`,
          'Subject: Undelivered Mail Returned to Sender',
          'MIME-Version: 1.0',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'The mail could not be delivered.',
          '--b1',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.example.jp',
          '',
          `Final-Recipient: rfc822; ${owner.email}`,
          'Action: failed',
          'Status: 5.1.1',
          'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
          '--b1',
          'Content-Type: text/rfc822-headers',
          '',
          `Message-ID: ${sent.message_id}`,
          'Subject: weekly',
          '--b1--',
          '',
        ].join('\r\n');
        const tr = nodemailer.createTransport({ host: '127.0.0.1', port: rx.port, secure: false, ignoreTLS: true });
        await tr.sendMail({ envelope: { from: '', to: [t.deps.config.helpdesk.address] }, raw: dsn });
        tr.close();
      } finally {
        await rx.close();
      }
      const list = (await call(t, analyst, 'GET', `/api/v1/reports/weekly/sends?week=${WEEK}&status=bounced`)).json();
      assert.equal(list.total, 1);
      assert.equal(list.items[0].companyId, companyId);
      assert.match(list.items[0].error, /5\.1\.1/);
      assert.equal((await call(t, owner, 'GET', '/api/v1/reports/weekly/sends')).statusCode, 403);
    });

    it('company users read only their own report', async () => {
      assert.equal((await call(t, owner, 'GET', `/api/v1/companies/${quietCompany}/reports/weekly?week=${WEEK}`)).statusCode, 404);
      const pdf = await call(t, owner, 'GET', `/api/v1/companies/${companyId}/reports/weekly.pdf?week=${WEEK}`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      assert.equal((await call(t, owner, 'GET', `/api/v1/companies/${companyId}/reports/weekly?week=2026-11-18`)).statusCode, 400);
    });
  });
}
