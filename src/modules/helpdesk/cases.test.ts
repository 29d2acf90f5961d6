import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../tests/support/engines.ts';
import { call, login, loginAs, makeCompany, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';
import { newId } from '../../platform/ids/ids.ts';
import { openDb } from '../../platform/db/database.ts';

/** Inserts an open alert the way the detection pipeline leaves it. */
async function insertAlert(t: TestApp, companyId: string, category = 'c2.botnet.outbound') {
  const id = newId('alr');
  const now = new Date().toISOString();
  await t.deps.db.kysely
    .insertInto('alerts')
    .values({
      id, company_id: companyId, device_id: null, category, status: 'new', host_ip: '192.168.1.45', host_mac: 'f0:18:98:12:34:56', host_vendor: 'Apple, Inc.',
      host_name: 'iPhone-keiri', remote_ip: '198.51.100.7', remote_org: 'Example Hosting', count: 12, first_seen: now, last_seen: now, assignee_id: null, created_at: now, updated_at: now,
    })
    .execute();
  return id;
}

for (const engine of engines) {
  describe(`help-desk cases [${engine}]`, () => {
    let t: TestApp;
    let companyA: string;
    let companyB: string;
    let customerA: Session & { email: string };
    let customerB: Session & { email: string };
    let operator: Session & { email: string };
    let analyst: Session & { email: string };
    before(async () => {
      t = await startTestApp(engine);
      companyA = (await makeCompany(t, '株式会社あおい製作所')).id;
      companyB = (await makeCompany(t, '有限会社みどり商店')).id;
      customerA = await loginAs(t, 'company_admin', companyA);
      customerB = await loginAs(t, 'company_member', companyB);
      operator = await loginAs(t, 'operator');
      analyst = await loginAs(t, 'analyst');
    });
    after(() => t.close());

    it('a company user submits a consultation, staff answer by mail, the customer sees the answer but not internal notes', async () => {
      const created = await call(t, customerA, 'POST', '/api/v1/cases', { subject: 'Windows Update が終わりません', body: '昨日から「更新しています」のまま進みません。', category: 'consultation' });
      assert.equal(created.statusCode, 201, created.body);
      const c = created.json().case;
      assert.equal(c.channel, 'web');
      assert.equal(c.companyId, companyA);
      assert.equal(c.status, 'new');
      assert.match(c.number, /^C-\d{6}$/);
      assert.equal(c.contactEmail, customerA.email);

      const note = await call(t, operator, 'POST', `/api/v1/cases/${c.id}/messages`, { kind: 'note', body: '社内メモ: 前回も同じ症状' });
      assert.equal(note.statusCode, 201, note.body);
      const reply = await call(t, operator, 'POST', `/api/v1/cases/${c.id}/messages`, { kind: 'reply', body: '再起動してから、もう一度お試しください。' });
      assert.equal(reply.statusCode, 201, reply.body);
      assert.equal(reply.json().data.mail.status, 'sent');
      const mail = await t.smtp.waitFor(customerA.email);
      assert.equal(mail.subject, `[${c.number}] Windows Update が終わりません`);
      assert.match(mail.text ?? '', /再起動してから/);
      assert.ok(mail.messageId, 'our reply carries a Message-ID for threading');

      const seen = (await call(t, customerA, 'GET', `/api/v1/cases/${c.id}`)).json();
      assert.equal(seen.case.status, 'in_progress', 'the first answer moves the case on');
      assert.ok(seen.case.sla.firstRespondedAt, 'the first-response clock stopped');
      const bodies = seen.events.map((e: { body: string }) => e.body);
      assert.ok(bodies.includes('再起動してから、もう一度お試しください。'));
      assert.ok(!bodies.some((b: string) => b.includes('社内メモ')), 'internal notes stay internal');
      assert.equal(seen.case.judgement, null);

      const staffView = (await call(t, operator, 'GET', `/api/v1/cases/${c.id}`)).json();
      assert.ok(staffView.events.some((e: { body: string; visibility: string }) => e.body.includes('社内メモ') && e.visibility === 'internal'));
      const audited = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', c.id).where('action', '=', 'case.viewed').execute();
      assert.ok(audited.length >= 1, 'every staff view of a case is audited');
    });

    it('lists follow the contract and the tenant: company users see only their own cases', async () => {
      await call(t, customerB, 'POST', '/api/v1/cases', { subject: '不審なメール', body: '請求書の添付ファイルが届きました', category: 'suspicious_mail' });
      const mine = (await call(t, customerA, 'GET', '/api/v1/cases')).json();
      assert.ok(mine.total >= 1);
      assert.ok(mine.items.every((i: { companyId: string }) => i.companyId === companyA));
      for (const key of ['id', 'companyId', 'subject', 'channel', 'status', 'createdAt']) assert.ok(key in mine.items[0], `list item has ${key}`);
      const peek = (await call(t, customerA, 'GET', `/api/v1/cases?companyId=${companyB}`)).json();
      assert.equal(peek.total, 0, 'asking for another company gives nothing');
      const bCase = (await call(t, operator, 'GET', `/api/v1/cases?companyId=${companyB}`)).json().items[0];
      assert.equal(bCase.companyId, companyB);
      assert.equal((await call(t, customerA, 'GET', `/api/v1/cases/${bCase.id}`)).statusCode, 404);
      assert.equal((await call(t, customerA, 'POST', `/api/v1/cases/${bCase.id}/messages`, { kind: 'reply', body: 'x' })).statusCode, 404);
      assert.equal((await call(t, customerA, 'POST', '/api/v1/cases', { companyId: companyB, subject: 'x', body: 'y', category: 'other' })).statusCode, 404);
      const filtered = (await call(t, operator, 'GET', `/api/v1/cases?companyId=${companyB}&status=new`)).json();
      assert.ok(filtered.items.every((i: { status: string }) => i.status === 'new'));
      for (const role of ['responder', 'insurer', 'deployment'] as const) {
        const s = await loginAs(t, role);
        assert.equal((await call(t, s, 'GET', '/api/v1/cases')).statusCode, 403, `${role} cannot list cases`);
        assert.equal((await call(t, s, 'GET', `/api/v1/cases/${bCase.id}`)).statusCode, 404, `${role} cannot read a case`);
        assert.equal((await call(t, s, 'PATCH', `/api/v1/cases/${bCase.id}`, { status: 'closed' })).statusCode, 403, `${role} cannot change a case`);
      }
      assert.equal((await call(t, null, 'GET', '/api/v1/cases')).statusCode, 401);
      assert.equal((await call(t, customerA, 'PATCH', `/api/v1/cases/${bCase.id}`, { status: 'closed' })).statusCode, 403);
    });

    it('waiting for the customer pauses the clocks; the customer’s answer resumes them; resolved cases reopen', async () => {
      const c = (await call(t, operator, 'POST', '/api/v1/cases', { companyId: companyA, subject: '電話: 画面に警告が出た', body: '「ウイルスに感染しています」と表示、電話番号が出ている', category: 'malware', channel: 'phone' })).json().case;
      assert.equal(c.channel, 'phone');
      assert.ok(c.sla.firstRespondedAt, 'a logged call is the first response');
      const waiting = (await call(t, operator, 'PATCH', `/api/v1/cases/${c.id}`, { status: 'waiting_customer' })).json().case;
      assert.equal(waiting.sla.paused, true);
      const dueBefore = waiting.sla.resolutionDueAt;
      t.clock.advanceMinutes(3 * 24 * 60);
      // Sessions last hours, not days: log in again on the moved clock.
      customerA = { ...(await login(t, customerA.email)), email: customerA.email };
      operator = { ...(await login(t, operator.email)), email: operator.email };
      const back = await call(t, customerA, 'POST', `/api/v1/cases/${c.id}/messages`, { kind: 'reply', body: 'スキャンしました。何も見つかりません。' });
      assert.equal(back.statusCode, 201, back.body);
      const resumed = (await call(t, operator, 'GET', `/api/v1/cases/${c.id}`)).json().case;
      assert.equal(resumed.status, 'in_progress');
      assert.equal(resumed.sla.paused, false);
      assert.ok(resumed.sla.resolutionDueAt > dueBefore, 'the due time moved by the paused business time');
      assert.equal((await call(t, operator, 'PATCH', `/api/v1/cases/${c.id}`, { status: 'resolved' })).json().case.status, 'resolved');
      const bad = await call(t, operator, 'PATCH', `/api/v1/cases/${c.id}`, { status: 'new' });
      assert.equal(bad.statusCode, 409, 'no way back to new');
      const reopened = (await call(t, operator, 'PATCH', `/api/v1/cases/${c.id}`, { status: 'in_progress' })).json();
      assert.equal(reopened.case.status, 'in_progress');
      assert.ok(reopened.events.some((e: { kind: string; data: { reopened?: boolean } }) => e.kind === 'status' && e.data.reopened));
      t.clock.offsetMs = 0;
    });

    it('an alert becomes an outbound case with a call script, once; the front line escalates and the back office judges', async () => {
      const alertId = await insertAlert(t, companyA);
      const first = await call(t, operator, 'POST', `/api/v1/alerts/${alertId}/case`);
      assert.equal(first.statusCode, 201, first.body);
      const d = first.json();
      assert.equal(d.case.channel, 'outbound');
      assert.equal(d.case.category, 'malware');
      assert.match(d.case.subject, /ボットネット/);
      assert.match(d.case.callScript.seen, /192\.168\.1\.45/);
      assert.match(d.case.callScript.device, /Apple, Inc\./);
      assert.match(d.case.callScript.device, /iPhone-keiri/);
      assert.ok(d.case.callScript.ask.some((q: string) => q.includes('意図した')), 'asks whether it was intentional');
      assert.ok(d.case.callScript.advise.some((a: string) => a.includes('LAN ケーブル') && a.includes('Wi-Fi')), 'advises disconnecting wired and Wi-Fi');
      assert.ok(d.case.callScript.advise.some((a: string) => a.includes('フルスキャン')));
      assert.ok(d.case.callScript.advise.some((a: string) => a.includes('再インストール')));
      assert.match(d.case.callScript.offerDispatch, /訪問/);
      assert.equal(d.alerts[0].id, alertId);
      assert.ok(d.playbooks.length >= 0);
      const again = await call(t, operator, 'POST', `/api/v1/alerts/${alertId}/case`);
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().case.id, d.case.id, 'the same open case, not a second one');
      assert.equal((await call(t, customerA, 'POST', `/api/v1/alerts/${alertId}/case`)).statusCode, 404);

      const call1 = await call(t, operator, 'POST', `/api/v1/cases/${d.case.id}/messages`, { kind: 'call_note', body: '経理の方の私物 iPhone。心当たりなし。Wi-Fi から外してもらった。' });
      assert.equal(call1.statusCode, 201);
      const judgeByOperator = await call(t, operator, 'POST', `/api/v1/cases/${d.case.id}/judgement`, { incident: true, category: 'malware', dispatchNeeded: true, reason: 'x' });
      assert.equal(judgeByOperator.statusCode, 403, 'the front line does not judge');
      const esc = await call(t, operator, 'POST', `/api/v1/cases/${d.case.id}/escalate`, { reason: '心当たりがなく、感染の可能性が高い' });
      assert.equal(esc.statusCode, 200, esc.body);
      assert.equal(esc.json().case.tier, 'back');
      assert.equal((await call(t, operator, 'POST', `/api/v1/cases/${d.case.id}/escalate`, { reason: 'again' })).statusCode, 409);
      const back = (await call(t, operator, 'GET', `/api/v1/cases?tier=back`)).json();
      assert.ok(back.items.some((i: { id: string }) => i.id === d.case.id));
      const judged = await call(t, analyst, 'POST', `/api/v1/cases/${d.case.id}/judgement`, { incident: true, category: 'malware', dispatchNeeded: true, reason: 'ボットネット通信が継続。端末の特定と保全が必要。' });
      assert.equal(judged.statusCode, 200, judged.body);
      assert.deepEqual({ ...judged.json().case.judgement, at: undefined, by: undefined }, { incident: true, category: 'malware', dispatchNeeded: true, reason: 'ボットネット通信が継続。端末の特定と保全が必要。', at: undefined, by: undefined });
      const kinds = judged.json().events.map((e: { kind: string }) => e.kind);
      for (const k of ['note', 'alert_linked', 'call_note', 'escalation', 'judgement']) assert.ok(kinds.includes(k), `timeline has ${k}`);
      const closed = await call(t, analyst, 'PATCH', `/api/v1/cases/${d.case.id}`, { status: 'closed' });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal((await call(t, analyst, 'GET', `/api/v1/alerts/${alertId}`)).json().alert.status, 'closed', 'closing the case closes its alerts');
      const customerView = (await call(t, customerA, 'GET', `/api/v1/cases/${d.case.id}`)).json();
      assert.equal(customerView.case.callScript, null, 'the call script is for staff');
      assert.deepEqual(customerView.alerts, []);
    });

    it('the knowledge base: staff write both versions; company users find only published customer text', async () => {
      const kb = await call(t, operator, 'POST', '/api/v1/kb', {
        slug: 'emotet-mail', category: 'emotet', title: 'Emotet（エモテット）のメールが届いたら', customerBody: '添付ファイルを開かず、削除してください。', staffBody: 'Emotet は Office マクロで感染する。EmoCheck で確認。', checklist: ['マクロ有効化の有無を確認'], published: true,
      });
      assert.equal(kb.statusCode, 201, kb.body);
      await call(t, operator, 'POST', '/api/v1/kb', { slug: 'draft-one', category: 'scareware', title: '下書き', customerBody: '未公開', staffBody: '', checklist: [], published: false });
      const help = (await call(t, customerA, 'GET', '/api/v1/kb?q=エモテット')).json();
      assert.equal(help.items.length, 1);
      assert.equal(help.items[0].customerBody, '添付ファイルを開かず、削除してください。');
      assert.equal(help.items[0].staffBody, undefined, 'the technical version is not shown to customers');
      assert.equal((await call(t, customerA, 'GET', '/api/v1/kb')).json().items.some((i: { title: string }) => i.title === '下書き'), false);
      assert.equal((await call(t, customerA, 'POST', '/api/v1/kb', { slug: 'nope', category: 'other', title: 'x', customerBody: 'y' })).statusCode, 403);
      const dup = await call(t, operator, 'POST', '/api/v1/kb', { slug: 'emotet-mail', category: 'emotet', title: 'x', customerBody: 'y' });
      assert.equal(dup.statusCode, 409);
      const c = (await call(t, customerA, 'POST', '/api/v1/cases', { subject: '怪しいメール', body: 'Word ファイル付き', category: 'suspicious_mail' })).json().case;
      const staff = (await call(t, operator, 'GET', `/api/v1/cases/${c.id}`)).json();
      assert.ok(staff.playbooks.some((p: { title: string }) => p.title.includes('Emotet')), 'the fitting playbook is shown on the case');
    });

    it('bulk notices reach the filtered companies by mail and in-app', async () => {
      await t.deps.db.kysely.updateTable('companies').set({ status: 'active', maturity_group: 'B' }).where('id', 'in', [companyA, companyB]).execute();
      await t.deps.db.kysely.updateTable('companies').set({ maturity_group: 'A' }).where('id', '=', companyB).execute();
      const r = await call(t, operator, 'POST', '/api/v1/notices', { title: 'Emotet の感染が広がっています', body: '心当たりのないメールの添付ファイルは開かないでください。', filter: { group: ['B'] } });
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().recipients, 1);
      const mail = await t.smtp.waitFor(customerA.email);
      assert.ok(mail);
      const found = t.smtp.messages.find((m) => m.subject?.includes('Emotet の感染'));
      assert.ok(found, 'the notice was mailed');
      assert.equal((await call(t, customerA, 'GET', '/api/v1/notices')).json().total, 1);
      assert.equal((await call(t, customerB, 'GET', '/api/v1/notices')).json().total, 0, 'group A was not in the filter');
      assert.equal((await call(t, customerA, 'POST', '/api/v1/notices', { title: 'x', body: 'y' })).statusCode, 403);
      const none = await call(t, operator, 'POST', '/api/v1/notices', { title: 'x', body: 'y', filter: { group: ['C'] } });
      assert.equal(none.statusCode, 400, 'an empty audience is refused, not sent to nobody');
    });

    it('search finds cases by words of the subject (any length), contact and case number', async () => {
      const c = (await call(t, operator, 'POST', '/api/v1/cases', { companyId: companyA, subject: 'ランサムウェアの脅迫メール', body: 'x', category: 'suspicious_mail', channel: 'phone', contactName: '佐々木 一郎' })).json().case;
      const ids = async (q: string) => (await call(t, operator, 'GET', `/api/v1/cases?q=${encodeURIComponent(q)}&pageSize=200`)).json().items.map((i: { id: string }) => i.id);
      assert.ok((await ids('ランサムウェア')).includes(c.id), 'a long Japanese word');
      assert.ok((await ids('脅迫')).includes(c.id), 'a two-character word');
      assert.ok((await ids('佐々木')).includes(c.id), 'the contact name');
      assert.deepEqual(await ids(c.number), [c.id], 'the case number finds exactly that case');
      assert.deepEqual(await ids(c.number.toLowerCase()), [c.id]);
      assert.deepEqual(await ids('存在しない言葉です'), []);
      assert.deepEqual(await ids('100%_'), [], 'LIKE wildcards are literal');
      const total = (await call(t, operator, 'GET', `/api/v1/cases?q=${encodeURIComponent('ランサムウェア')}`)).json().total;
      assert.equal(total, 1);
    });

    it('search terms are literal: quotes, wildcards and spaces inside a word', async () => {
      const c = (await call(t, operator, 'POST', '/api/v1/cases', { companyId: companyA, subject: '画面に "100% 完了" と出たまま_止まる', body: 'x', category: 'device_trouble', channel: 'phone' })).json().case;
      const ids = async (q: string) => (await call(t, operator, 'GET', `/api/v1/cases?q=${encodeURIComponent(q)}&pageSize=200`)).json().items.map((i: { id: string }) => i.id);
      assert.deepEqual(await ids('"100% 完了"'), [c.id], 'quotes and % are part of the term');
      assert.deepEqual(await ids('まま_止'), [c.id], '_ matches only an underscore');
      assert.deepEqual(await ids('まま止'), []);
      assert.deepEqual(await ids('"100%  完了'), [c.id], 'runs of spaces fold like the stored text');
      const filtered = (await call(t, operator, 'GET', `/api/v1/cases?q=${encodeURIComponent('100% 完了')}&companyId=${companyA}&status=new`)).json();
      assert.deepEqual([filtered.total, filtered.items.map((i: { id: string }) => i.id)], [1, [c.id]], 'a search with other filters');
      assert.equal((await call(t, operator, 'GET', `/api/v1/cases?q=${encodeURIComponent('100% 完了')}&companyId=${companyB}`)).json().total, 0);
    });

    it('pages cut the list newest first without gaps or repeats, with and without filters', async () => {
      for (let i = 0; i < 7; i++) await call(t, operator, 'POST', '/api/v1/cases', { companyId: companyB, subject: `ページ送り確認 ${i}`, body: 'x', category: 'consultation', channel: 'phone' });
      for (const filter of ['', `&companyId=${companyB}`, '&status=new', '&tier=front', `&q=${encodeURIComponent('ページ送り')}`]) {
        const all = (await call(t, operator, 'GET', `/api/v1/cases?pageSize=200${filter}`)).json();
        assert.equal(all.total, all.items.length, filter);
        const keys = all.items.map((i: { createdAt: string; id: string }) => `${i.createdAt}|${i.id}`);
        assert.deepEqual(keys, [...keys].sort().reverse(), `newest first (${filter})`);
        const paged: string[] = [];
        for (let page = 1; page <= Math.ceil(all.total / 3) + 1; page++) {
          const p = (await call(t, operator, 'GET', `/api/v1/cases?pageSize=3&page=${page}${filter}`)).json();
          assert.equal(p.total, all.total, filter);
          paged.push(...p.items.map((i: { id: string }) => i.id));
        }
        assert.deepEqual(paged, all.items.map((i: { id: string }) => i.id), `pages of 3 (${filter})`);
      }
      assert.equal((await call(t, operator, 'GET', `/api/v1/cases?q=${encodeURIComponent('ページ送り')}`)).json().total, 7);
    });

    it('list totals follow every change that moves a case in or out of a list, also made by another process', async () => {
      const total = async (f: string) => (await call(t, operator, 'GET', `/api/v1/cases?pageSize=1${f}`)).json().total as number;
      const qs = `&q=${encodeURIComponent('合計確認')}`;
      const c = (await call(t, operator, 'POST', '/api/v1/cases', { companyId: companyA, subject: '合計確認の相談', body: 'x', category: 'consultation', channel: 'phone' })).json().case;
      const before = { all: await total(''), back: await total('&tier=back'), inProgress: await total('&status=in_progress'), q: await total(qs), company: await total(`&companyId=${companyA}`) };
      assert.equal(before.q, 1);
      // Asked again, nothing changed: the same totals (cached).
      assert.equal(await total('&tier=back'), before.back);
      assert.equal(await total(qs), 1);

      await call(t, operator, 'POST', `/api/v1/cases/${c.id}/escalate`, { reason: '判断をお願いします' });
      assert.equal(await total('&tier=back'), before.back + 1, 'escalated: in the back-office total');
      assert.equal(await total('&status=in_progress'), before.inProgress + 1, 'and in progress');
      await call(t, operator, 'POST', `/api/v1/cases/${c.id}/messages`, { kind: 'note', body: 'メモ' });
      assert.equal(await total('&tier=back'), before.back + 1, 'a note moves nothing');

      // Another process (the SMTP receiver, a second API worker) writes through its own connection.
      const other = openDb({ dataDir: t.db.dataDir, ...(t.db.databaseUrl ? { databaseUrl: t.db.databaseUrl } : {}) });
      try {
        await other.kysely.updateTable('cases').set({ status: 'closed' }).where('id', '=', c.id).execute();
        assert.equal(await total('&status=in_progress'), before.inProgress, 'closed elsewhere: out of the in-progress total');
        await other.kysely.updateTable('cases').set({ search_text: 'ほかの言葉' }).where('id', '=', c.id).execute();
        assert.equal(await total(qs), 0, 'the search total follows the text');
        await other.kysely.updateTable('cases').set({ company_id: companyB }).where('id', '=', c.id).execute();
        assert.equal(await total(`&companyId=${companyA}`), before.company - 1, 'moved to another company');
        await other.kysely.deleteFrom('case_events').where('case_id', '=', c.id).execute();
        await other.kysely.deleteFrom('cases').where('id', '=', c.id).execute();
        assert.equal(await total(''), before.all - 1, 'a removed case leaves the total');
      } finally {
        await other.close();
      }
    });

    it('breached cases are listed and highlighted', async () => {
      const c = (await call(t, operator, 'POST', '/api/v1/cases', { companyId: companyB, subject: '至急: ランサムウェアの脅迫画面', body: '全ファイルが開けない', category: 'malware', severity: 'critical', channel: 'outbound' })).json().case;
      assert.equal(c.sla.firstResponseBreached, false);
      t.clock.advanceMinutes(14 * 24 * 60);
      operator = { ...(await login(t, operator.email)), email: operator.email };
      const breached = (await call(t, operator, 'GET', '/api/v1/cases?breached=true&pageSize=200')).json();
      const item = breached.items.find((i: { id: string }) => i.id === c.id);
      assert.ok(item, 'the case is in the breach list');
      assert.equal(item.sla.firstResponseBreached, true);
      assert.equal(item.sla.resolutionBreached, true);
      t.clock.offsetMs = 0;

      // A case waiting for the customer keeps its clock stopped: not breached while paused before its due time;
      // closed cases are never in the list.
      const waiting = (await call(t, operator, 'POST', '/api/v1/cases', { companyId: companyB, subject: '返事待ち', body: 'x', category: 'malware', severity: 'critical', channel: 'outbound' })).json().case;
      await call(t, operator, 'PATCH', `/api/v1/cases/${waiting.id}`, { status: 'waiting_customer' });
      const closed = (await call(t, operator, 'POST', '/api/v1/cases', { companyId: companyB, subject: '解決済み', body: 'x', category: 'malware', severity: 'critical', channel: 'outbound' })).json().case;
      await call(t, operator, 'PATCH', `/api/v1/cases/${closed.id}`, { status: 'closed' });
      t.clock.advanceMinutes(14 * 24 * 60);
      operator = { ...(await login(t, operator.email)), email: operator.email };
      const later = (await call(t, operator, 'GET', '/api/v1/cases?breached=true&pageSize=200')).json();
      const ids = later.items.map((i: { id: string }) => i.id);
      assert.equal(later.total, ids.length);
      assert.ok(ids.includes(c.id));
      assert.ok(!ids.includes(waiting.id), 'paused before its due time');
      assert.ok(!ids.includes(closed.id), 'closed');
      assert.deepEqual(
        (await call(t, operator, 'GET', `/api/v1/cases?breached=true&companyId=${companyB}&pageSize=1&page=1`)).json().items.map((i: { id: string }) => i.id),
        [ids.find((id: string) => later.items.find((i: { id: string; companyId: string }) => i.id === id)!.companyId === companyB)],
        'breached with a company filter, first page of one',
      );
      t.clock.offsetMs = 0;
    });
  });
}
