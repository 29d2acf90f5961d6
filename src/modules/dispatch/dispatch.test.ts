import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { engines } from '../../../tests/support/engines.ts';
import { PASSWORD, call, login, loginAs, makeCompany, makeUser, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';
import { seedDispatchDemo } from './demoData.ts';
import { officeForAddress } from './offices.ts';

const DAY = 86_400_000;
const sha = (s: string) => Array.from({ length: 64 }, (_, i) => '0123456789abcdef'[(s.charCodeAt(i % s.length) + i) % 16]).join('');

/** A case to dispatch from, opened by staff through the help-desk API (a phone call logged by the help desk). */
async function openCase(t: TestApp, staff: Session, companyId: string, contactEmail: string): Promise<string> {
  const r = await call(t, staff, 'POST', '/api/v1/cases', {
    companyId, subject: 'PC がボットネットと通信している', body: 'UTM の警告で電話しました。', channel: 'phone', category: 'malware', severity: 'high', contactName: '総務 佐藤', contactEmail,
  });
  assert.equal(r.statusCode, 201, r.body);
  return (r.json() as { case: { id: string } }).case.id;
}

describe('office coverage matching (unit)', () => {
  const office = (id: string, coverage: string[]) => ({ id, name: id, address: '', coverage: JSON.stringify(coverage), position: 0, created_at: '', updated_at: '' });
  const offices = [office('nagoya', ['名古屋市']), office('owari', ['一宮市', '北名古屋市'])];
  it('finds the municipality in the address; the longest name wins (北名古屋市 is not 名古屋市)', () => {
    assert.equal(officeForAddress(offices, '愛知県名古屋市中区栄1-1')?.office.id, 'nagoya');
    assert.equal(officeForAddress(offices, '愛知県北名古屋市西之保1')?.office.id, 'owari');
    assert.equal(officeForAddress(offices, '愛知県 一宮市 本町')?.matched, '一宮市');
    assert.equal(officeForAddress(offices, '東京都千代田区丸の内1'), null);
  });
});

for (const engine of engines) {
  describe(`dispatch: order, on-site work, evidence, report [${engine}]`, () => {
    let t: TestApp;
    let admin: Session;
    let analyst: Session;
    let operator: Session;
    let respA: Session & { email: string };
    let respB: Session & { email: string };
    let companyUser: Session;
    let companyId: string;
    let caseId: string;
    const contactEmail = `soumu-${randomBytes(3).toString('hex')}@kaisha.example.jp`;
    let dispatchId: string;
    let identifyId: string;
    let evidenceId: string;

    before(async () => {
      t = await startTestApp(engine);
      const summary = await seedDispatchDemo(t.deps, { password: PASSWORD });
      assert.equal(summary.offices.length, 4);
      companyId = (await makeCompany(t)).id;
      admin = await loginAs(t, 'program_admin');
      analyst = await loginAs(t, 'analyst');
      operator = await loginAs(t, 'operator');
      respA = await loginAs(t, 'responder');
      respB = await loginAs(t, 'responder');
      companyUser = await loginAs(t, 'company_admin', companyId);
      caseId = await openCase(t, analyst, companyId, contactEmail);
    });
    after(async () => {
      await t.close();
    });

    it('lists the four pilot offices and the responders; only the program office sets a responder’s profile', async () => {
      const offices = await call(t, analyst, 'GET', '/api/v1/dispatch/offices');
      assert.equal(offices.statusCode, 200, offices.body);
      const names = (offices.json().items as { name: string; coverage: string[] }[]).map((o) => o.name);
      assert.deepEqual(names, ['名古屋', '尾張', '岡崎', '豊橋']);
      assert.ok(offices.json().items[1].coverage.includes('一宮市'));
      const responders = (await call(t, operator, 'GET', '/api/v1/dispatch/responders')).json().items as { userId: string; name: string; skills: string[]; officeId: string | null }[];
      assert.ok(responders.some((r) => r.name === '杉浦 直樹' && r.skills.includes('mfp')));
      assert.equal(responders.find((r) => r.userId === respA.userId)?.officeId, null, 'a new responder has no office yet');

      const nagoya = offices.json().items[0].id as string;
      const body = { officeId: nagoya, skills: ['windows', 'mac', 'windows'], hours: '09:00-18:00' };
      assert.equal((await call(t, analyst, 'PUT', `/api/v1/dispatch/responders/${respA.userId}`, body)).statusCode, 403);
      assert.equal((await call(t, admin, 'PUT', `/api/v1/dispatch/responders/${operator.userId}`, body)).statusCode, 404, 'not a responder');
      const badHours = await call(t, admin, 'PUT', `/api/v1/dispatch/responders/${respA.userId}`, { ...body, hours: '18:00-09:00' });
      assert.equal(badHours.statusCode, 400);
      assert.equal(badHours.json().error.code, 'validation_failed');
      const ok = await call(t, admin, 'PUT', `/api/v1/dispatch/responders/${respA.userId}`, body);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().skills, ['windows', 'mac']);
      assert.equal((await call(t, companyUser, 'GET', '/api/v1/dispatch/offices')).statusCode, 403);
    });

    it('ordering needs the device’s identity (IP or MAC) unless the order is to identify the device', async () => {
      const url = `/api/v1/cases/${caseId}/dispatches`;
      const base = { siteAddress: '愛知県一宮市本町2-3-4 ほげビル2F', request: 'fast_forensics' };
      const noId = await call(t, analyst, 'POST', url, { ...base, device: { hostname: 'JIMU-PC01', kind: 'windows' } });
      assert.equal(noId.statusCode, 400, noId.body);
      assert.equal(noId.json().error.code, 'validation_failed');
      assert.ok(noId.json().error.fields.some((f: { path: string }) => f.path.startsWith('device')), noId.body);
      const badMac = await call(t, analyst, 'POST', url, { ...base, device: { mac: 'zz:zz', kind: 'windows' } });
      assert.equal(badMac.statusCode, 400);

      const identify = await call(t, analyst, 'POST', url, { ...base, request: 'identify_device', identifyDevice: true, device: { kind: 'windows' } });
      assert.equal(identify.statusCode, 201, identify.body);
      assert.equal(identify.json().identifyDevice, true);
      assert.equal(identify.json().status, 'ordered');
      assert.match(identify.json().number, /^D-\d{6}$/);
      identifyId = identify.json().id;

      const ordered = await call(t, analyst, 'POST', url, { ...base, priority: 'urgent', device: { ip: '192.168.20.15', mac: '3C-22-FB-12-34-56', hostname: 'JIMU-PC01', kind: 'windows' } });
      assert.equal(ordered.statusCode, 201, ordered.body);
      const d = ordered.json();
      dispatchId = d.id;
      assert.equal(d.device.mac, '3c:22:fb:12:34:56', 'MAC normalised');
      assert.equal(d.device.vendor, 'Apple, Inc.', 'vendor from the IEEE OUI list when not given');
      assert.equal(d.priority, 'urgent');
      assert.equal(d.caseId, caseId);
      assert.equal(d.companyId, companyId);
      assert.notEqual(d.number, identify.json().number);

      const events = await t.deps.db.kysely.selectFrom('case_events').select(['kind', 'data']).where('case_id', '=', caseId).where('kind', '=', 'dispatch_linked').execute();
      assert.equal(events.length, 2, 'each order is on the case timeline');
      assert.equal((await t.deps.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'dispatch.ordered').execute()).length, 2);

      assert.equal((await call(t, analyst, 'POST', '/api/v1/cases/cas_nope/dispatches', { ...base, identifyDevice: true })).statusCode, 404);
      assert.equal((await call(t, operator, 'POST', url, { ...base, identifyDevice: true })).statusCode, 403, 'the help desk does not order dispatches');
      assert.equal((await call(t, companyUser, 'POST', url, { ...base, identifyDevice: true })).statusCode, 403);
      assert.equal((await call(t, respA, 'POST', url, { ...base, identifyDevice: true })).statusCode, 404);
    });

    it('proposes the office covering the address and a responder of that office with the skill', async () => {
      const url = `/api/v1/cases/${caseId}/dispatches`;
      const order = async (siteAddress: string, kind?: string) => {
        const r = await call(t, analyst, 'POST', url, { siteAddress, request: 'recovery', identifyDevice: true, device: kind ? { kind } : {} });
        assert.equal(r.statusCode, 201, r.body);
        return r.json() as { officeName: string | null; responderName: string | null; proposal: { reason: string; matched: string | null } };
      };
      const owari = await order('愛知県一宮市本町1-1', 'windows');
      assert.equal(owari.officeName, '尾張');
      assert.equal(owari.responderName, '杉浦 直樹');
      assert.equal(owari.proposal.matched, '一宮市');
      assert.equal((await order('愛知県北名古屋市西之保清水田15', 'mfp')).officeName, '尾張', '北名古屋市 is Owari, not Nagoya');
      const mfp = await order('愛知県名古屋市中村区名駅4-4-38', 'mfp');
      assert.equal(mfp.officeName, '名古屋');
      assert.equal(mfp.responderName, '水野 恵', 'the Nagoya responder who knows multifunction printers');
      assert.equal((await order('名古屋市中区錦3-1', 'mac')).officeName, '名古屋');
      const toyohashiPhone = await order('愛知県豊橋市駅前大通1-1', 'smartphone');
      assert.equal(toyohashiPhone.officeName, '豊橋');
      assert.equal(toyohashiPhone.responderName, null, 'nobody in Toyohashi handles smartphones');
      assert.equal(toyohashiPhone.proposal.reason, 'no_responder');
      const okazaki = await order('愛知県豊田市元城町1-1');
      assert.equal(okazaki.officeName, '岡崎');
      assert.equal(okazaki.responderName, '神谷 拓也');
      const outside = await order('東京都千代田区丸の内1-1', 'windows');
      assert.equal(outside.officeName, null);
      assert.equal(outside.proposal.reason, 'no_office');
    });

    it('scheduling: a responder and a visit time make it scheduled; only the back office schedules', async () => {
      const visitAt = new Date(t.clock.now().getTime() + 2 * DAY).toISOString();
      const body = { responderId: respA.userId, visitAt };
      assert.equal((await call(t, operator, 'PATCH', `/api/v1/dispatches/${dispatchId}`, body)).statusCode, 403);
      assert.equal((await call(t, respA, 'PATCH', `/api/v1/dispatches/${dispatchId}`, body)).statusCode, 404, 'not assigned to A yet');
      const notResponder = await call(t, analyst, 'PATCH', `/api/v1/dispatches/${dispatchId}`, { responderId: operator.userId });
      assert.equal(notResponder.statusCode, 400);
      const half = await call(t, analyst, 'PATCH', `/api/v1/dispatches/${dispatchId}`, { responderId: respA.userId, visitAt: null });
      assert.equal(half.json().status, 'ordered', 'a responder without a visit time is not scheduled yet');
      const r = await call(t, analyst, 'PATCH', `/api/v1/dispatches/${dispatchId}`, body);
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().status, 'scheduled');
      assert.equal(r.json().responderId, respA.userId);
      assert.equal(r.json().visitAt, visitAt);
      assert.equal(Date.parse(r.json().reportDueAt) - Date.parse(visitAt), 7 * DAY, 'provisionally due 7 days after the planned visit');
      // The identify-device order goes to responder B.
      const b = await call(t, admin, 'PATCH', `/api/v1/dispatches/${identifyId}`, { responderId: respB.userId, visitAt });
      assert.equal(b.json().status, 'scheduled');
    });

    it('responders see only their own dispatches; others answer 404; the help desk reads; companies see none', async () => {
      const listA = (await call(t, respA, 'GET', '/api/v1/dispatches')).json();
      type Item = { id: string; responderId: string; responderName: string };
      assert.ok(listA.items.some((i: Item) => i.id === dispatchId));
      assert.ok(listA.items.every((i: Item) => i.responderId === respA.userId && i.responderName === 'responder'), 'only A’s own dispatches');
      const listB = (await call(t, respB, 'GET', '/api/v1/dispatches')).json();
      assert.deepEqual(listB.items.map((i: Item) => i.id), [identifyId]);
      assert.equal((await call(t, respB, 'GET', `/api/v1/dispatches/${dispatchId}`)).statusCode, 404);
      assert.equal((await call(t, respB, 'POST', `/api/v1/dispatches/${dispatchId}/arrive`)).statusCode, 404);
      assert.equal((await call(t, respB, 'GET', `/api/v1/dispatches/${dispatchId}/report.pdf`)).statusCode, 404);
      assert.equal((await call(t, respA, 'GET', `/api/v1/dispatches/${identifyId}`)).statusCode, 404);
      const all = (await call(t, operator, 'GET', '/api/v1/dispatches?status=scheduled')).json();
      assert.equal(all.total, 2);
      const view = await call(t, operator, 'GET', `/api/v1/dispatches/${dispatchId}`);
      assert.equal(view.statusCode, 200);
      assert.equal(view.json().dispatch.companyName.startsWith('株式会社テスト'), true);
      assert.equal((await call(t, operator, 'POST', `/api/v1/dispatches/${dispatchId}/arrive`)).statusCode, 403, 'the help desk only reads');
      assert.equal((await call(t, companyUser, 'GET', '/api/v1/dispatches')).statusCode, 403);
      assert.equal((await call(t, companyUser, 'GET', `/api/v1/dispatches/${dispatchId}`)).statusCode, 404);
      assert.equal((await call(t, companyUser, 'GET', `/api/v1/dispatches/${dispatchId}/report.pdf`)).statusCode, 404);
      const insurer = await loginAs(t, 'insurer');
      assert.equal((await call(t, insurer, 'GET', '/api/v1/dispatches')).statusCode, 403);
      const views = await t.deps.db.kysely.selectFrom('audit_log').select(['actor_id']).where('action', '=', 'dispatch.viewed').where('target_id', '=', dispatchId).execute();
      assert.ok(views.some((v) => v.actor_id === operator.userId), 'every staff view of a dispatch is audited');
    });

    it('arrival: on site, and the report is due 7 calendar days after arrival', async () => {
      // Arriving ahead of the planned visit (sessions would expire if the test clock jumped days).
      const r = await call(t, respA, 'POST', `/api/v1/dispatches/${dispatchId}/arrive`);
      assert.equal(r.statusCode, 200, r.body);
      const d = r.json();
      assert.equal(d.status, 'on_site');
      assert.ok(Math.abs(Date.parse(d.arrivedAt) - t.clock.now().getTime()) < 5000);
      assert.equal(Date.parse(d.reportDueAt) - Date.parse(d.arrivedAt), 7 * DAY);
      const again = await call(t, respA, 'POST', `/api/v1/dispatches/${dispatchId}/arrive`);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'invalid_transition');
      assert.equal((await call(t, analyst, 'PATCH', `/api/v1/dispatches/${dispatchId}`, { visitAt: null })).statusCode, 409, 'no rescheduling once on site');
    });

    it('checklist: items record who and when; “device identified” needs an IP or MAC', async () => {
      const r = await call(t, respA, 'PUT', `/api/v1/dispatches/${dispatchId}/checklist`, {
        items: { deviceIdentified: { done: true }, photos: { done: true, note: '画面の警告表示を撮影' }, networkIsolated: { done: true } },
      });
      assert.equal(r.statusCode, 200, r.body);
      const c = r.json().checklist;
      assert.equal(c.deviceIdentified.done, true);
      assert.equal(c.photos.note, '画面の警告表示を撮影');
      assert.equal(c.photos.by, 'responder');
      assert.ok(c.photos.at);
      assert.equal(c.diskImage.done, false);
      assert.deepEqual(Object.keys(c), ['deviceIdentified', 'photos', 'volatileData', 'diskImage', 'networkIsolated', 'customerInformed']);

      // The identify-device dispatch (responder B): no identity yet.
      await call(t, respB, 'POST', `/api/v1/dispatches/${identifyId}/arrive`);
      const early = await call(t, respB, 'PUT', `/api/v1/dispatches/${identifyId}/checklist`, { items: { deviceIdentified: { done: true } } });
      assert.equal(early.statusCode, 400, early.body);
      const found = await call(t, respB, 'PUT', `/api/v1/dispatches/${identifyId}/checklist`, {
        items: { deviceIdentified: { done: true, note: '事務所奥の共用PC' } },
        device: { ip: '192.168.20.31', mac: 'f0:18:98:aa:bb:cc', hostname: 'KYOYO-PC', kind: 'windows' },
      });
      assert.equal(found.statusCode, 200, found.body);
      assert.equal(found.json().device.hostname, 'KYOYO-PC');
      assert.equal(found.json().device.vendor, 'Apple, Inc.');
      assert.equal((await call(t, respA, 'PUT', `/api/v1/dispatches/${identifyId}/checklist`, { items: {} })).statusCode, 404);
    });

    it('evidence with SHA-256 and an append-only chain of custody', async () => {
      const url = `/api/v1/dispatches/${dispatchId}/evidence`;
      const bad = await call(t, respA, 'POST', url, { label: 'メモリダンプ', sha256: 'abc', size: 1, location: 'USB' });
      assert.equal(bad.statusCode, 400);
      const hash = sha('memory');
      const r = await call(t, respA, 'POST', url, { label: 'メモリダンプ (JIMU-PC01)', sha256: hash.toUpperCase(), size: 8_589_934_592, location: '暗号化USB E-01（鍵付きケース）' });
      assert.equal(r.statusCode, 201, r.body);
      const e = r.json();
      evidenceId = e.id;
      assert.equal(e.sha256, hash);
      assert.equal(e.size, 8_589_934_592);
      assert.equal(e.collectedBy, 'responder');
      assert.deepEqual(e.custody, []);

      const custodyUrl = `${url}/${evidenceId}/custody`;
      const h1 = await call(t, respA, 'POST', custodyUrl, { to: '監視センター 解析担当', location: '名古屋事務所 証拠保管庫', purpose: '解析のため引き渡し' });
      assert.equal(h1.statusCode, 201, h1.body);
      assert.equal(h1.json().from, 'responder');
      const h2 = await call(t, analyst, 'POST', custodyUrl, { to: '保険会社 調査担当', location: '本社 金庫', purpose: '保険金請求の調査' });
      assert.equal(h2.statusCode, 201, h2.body);
      assert.equal(h2.json().from, '監視センター 解析担当', 'each hand-over starts from the last recipient');
      assert.equal(h2.json().seq, 2);
      assert.equal((await call(t, operator, 'POST', custodyUrl, { to: 'x', location: 'y', purpose: 'z' })).statusCode, 403);
      assert.equal((await call(t, respB, 'POST', custodyUrl, { to: 'x', location: 'y', purpose: 'z' })).statusCode, 404);
      assert.equal((await call(t, respA, 'POST', `${url}/evd_nope/custody`, { to: 'x', location: 'y', purpose: 'z' })).statusCode, 404);

      const view = (await call(t, respA, 'GET', `/api/v1/dispatches/${dispatchId}`)).json();
      assert.equal(view.evidence.length, 1);
      assert.deepEqual(view.evidence[0].custody.map((c: { to: string }) => c.to), ['監視センター 解析担当', '保険会社 調査担当']);

      // The database itself refuses to change or remove evidence and custody rows.
      const k = t.deps.db.kysely;
      await assert.rejects(k.updateTable('dispatch_custody').set({ purpose: 'changed' }).where('evidence_id', '=', evidenceId).execute(), /append-only/);
      await assert.rejects(k.deleteFrom('dispatch_custody').where('evidence_id', '=', evidenceId).execute(), /append-only/);
      await assert.rejects(k.updateTable('dispatch_evidence').set({ sha256: sha('forged') }).where('id', '=', evidenceId).execute(), /append-only/);
      await assert.rejects(k.deleteFrom('dispatch_evidence').where('id', '=', evidenceId).execute(), /append-only/);
      if (engine === 'postgres') await assert.rejects(sql`truncate dispatch_custody`.execute(k), /append-only/);
      const still = await k.selectFrom('dispatch_custody').select(['purpose']).where('evidence_id', '=', evidenceId).orderBy('seq').execute();
      assert.deepEqual(still.map((s) => s.purpose), ['解析のため引き渡し', '保険金請求の調査']);
      const audited = await k.selectFrom('audit_log').select('action').where('action', 'in', ['dispatch.evidence_added', 'dispatch.custody_recorded']).execute();
      assert.equal(audited.length, 3);
    });

    it('findings with time to recovery, the report and its PDF with an embedded Japanese font', async () => {
      const recoveredAt = t.clock.now().toISOString();
      const future = await call(t, respA, 'PUT', `/api/v1/dispatches/${dispatchId}/findings`, { findings: 'x', recoveredAt: new Date(t.clock.now().getTime() + DAY).toISOString() });
      assert.equal(future.statusCode, 400);
      const f = await call(t, respA, 'PUT', `/api/v1/dispatches/${dispatchId}/findings`, { findings: 'Emotet の感染を確認。<b>不審な</b>マクロ付き文書を開いたことが原因。', recoveredAt });
      assert.equal(f.statusCode, 200, f.body);
      assert.equal(f.json().recoveredAt, recoveredAt);
      assert.equal(typeof f.json().timeToRecoveryMinutes, 'number');
      const early = await call(t, respA, 'PUT', `/api/v1/dispatches/${dispatchId}/findings`, { findings: 'x', recoveredAt: '2020-01-01T00:00:00Z' });
      assert.equal(early.statusCode, 400, 'not before the order');

      const notYet = await call(t, respA, 'POST', `/api/v1/dispatches/${dispatchId}/report/send`);
      assert.equal(notYet.statusCode, 400, 'no report written yet');
      const report = {
        whatHappened: '事務所のパソコン1台が、ウイルス（Emotet）に感染していました。',
        why: '取引先を装ったメールの添付ファイルを開いたためです。',
        whatDone: 'パソコンをネットワークから切り離し、証拠を保全したうえで初期化し、業務を再開できる状態に戻しました。',
        whatNext: '全員のメールのパスワードを変更してください。取引先に注意喚起の連絡をしてください。',
        technical: 'C2: 203.0.113.50:8080 <script>alert(1)</script>',
      };
      assert.equal((await call(t, operator, 'PUT', `/api/v1/dispatches/${dispatchId}/report`, report)).statusCode, 403);
      const saved = await call(t, respA, 'PUT', `/api/v1/dispatches/${dispatchId}/report`, report);
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().report.whatNext, report.whatNext);

      const pdf = await call(t, operator, 'GET', `/api/v1/dispatches/${dispatchId}/report.pdf`);
      assert.equal(pdf.statusCode, 200, pdf.body);
      assert.match(String(pdf.headers['content-type']), /^application\/pdf/);
      assert.match(String(pdf.headers['content-disposition']), /attachment; filename="report-D-\d{6}\.pdf"/);
      const bytes = pdf.rawPayload;
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(bytes.toString('latin1'), /\/BaseFont \/[A-Z]{6}\+BIZUDPGothic-Regular/, 'embeds a BIZ UDPGothic subset');
      assert.match(bytes.toString('latin1'), /\/BaseFont \/[A-Z]{6}\+BIZUDPGothic-Bold/);
      const en = await call(t, respA, 'GET', `/api/v1/dispatches/${dispatchId}/report.pdf?locale=en`);
      assert.equal(en.statusCode, 200);
      const downloads = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'dispatch.report_downloaded').execute();
      assert.equal(downloads.length, 2);
    });

    it('sending the report mails the PDF to the company, marks it reported and closes the case', async () => {
      assert.equal((await call(t, operator, 'POST', `/api/v1/dispatches/${dispatchId}/report/send`)).statusCode, 403);
      const r = await call(t, respA, 'POST', `/api/v1/dispatches/${dispatchId}/report/send`);
      assert.equal(r.statusCode, 200, r.body);
      const d = r.json();
      assert.equal(d.status, 'reported');
      assert.ok(d.reportSentAt);
      assert.deepEqual(d.report.sentTo, [contactEmail]);
      assert.match(d.report.sentSha256, /^[0-9a-f]{64}$/);

      const mail = await t.smtp.waitFor(contactEmail);
      assert.match(mail.subject ?? '', new RegExp(`駆けつけ対応のご報告 ${d.number}`));
      assert.match(mail.text ?? '', /Emotet/);
      assert.match(mail.text ?? '', /パスワードを変更してください/);
      assert.equal(mail.attachments.length, 1);
      assert.equal(mail.attachments[0]!.contentType, 'application/pdf');
      assert.equal(mail.attachments[0]!.filename, `report-${d.number}.pdf`);
      assert.equal(mail.attachments[0]!.content.subarray(0, 5).toString('latin1'), '%PDF-');

      const k = t.deps.db.kysely;
      const c = await k.selectFrom('cases').select(['status', 'closed_at']).where('id', '=', caseId).executeTakeFirstOrThrow();
      assert.equal(c.status, 'closed');
      assert.ok(c.closed_at);
      const events = await k.selectFrom('case_events').select(['kind', 'visibility']).where('case_id', '=', caseId).orderBy('at').execute();
      assert.ok(events.some((e) => e.kind === 'dispatch_linked' && e.visibility === 'public'), 'the customer sees that the report was sent');
      assert.ok(events.some((e) => e.kind === 'status'), 'closing is on the timeline');
      assert.equal((await k.selectFrom('audit_log').select('seq').where('action', '=', 'dispatch.report_sent').execute()).length, 1);

      const again = await call(t, respA, 'POST', `/api/v1/dispatches/${dispatchId}/report/send`);
      assert.equal(again.statusCode, 409);
      assert.equal((await call(t, respA, 'PUT', `/api/v1/dispatches/${dispatchId}/findings`, { findings: 'late edit' })).statusCode, 409);
      // Evidence keeps moving after the report: custody stays open.
      const h3 = await call(t, analyst, 'POST', `/api/v1/dispatches/${dispatchId}/evidence/${evidenceId}/custody`, { to: '総務 佐藤（お客様）', location: 'お客様事務所', purpose: '返却' });
      assert.equal(h3.statusCode, 201);
      assert.equal(h3.json().seq, 3);
    });

    it('the company’s own users read the reports they were sent (list and PDF); other companies and drafts answer 404', async () => {
      const list = await call(t, companyUser, 'GET', `/api/v1/companies/${companyId}/dispatch-reports`);
      assert.equal(list.statusCode, 200, list.body);
      const body = list.json();
      assert.equal(body.total, 1, 'only the sent report, not the identify-device dispatch still open');
      assert.equal(body.items[0].id, dispatchId);
      assert.ok(body.items[0].reportSentAt);
      assert.ok(body.items[0].caseNumber);
      const pdf = await call(t, companyUser, 'GET', `/api/v1/dispatches/${dispatchId}/report.pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
      const downloads = await t.deps.db.kysely.selectFrom('audit_log').select('actor_id').where('action', '=', 'dispatch.report_downloaded').where('target_id', '=', dispatchId).execute();
      assert.ok(downloads.some((d) => d.actor_id === companyUser.userId), 'the company’s download is audited');
      // The company still cannot open the dispatch itself (evidence, custody) or one not yet reported.
      assert.equal((await call(t, companyUser, 'GET', `/api/v1/dispatches/${dispatchId}`)).statusCode, 404);
      assert.equal((await call(t, companyUser, 'GET', `/api/v1/dispatches/${identifyId}/report.pdf`)).statusCode, 404);

      const other = await makeCompany(t);
      const otherUser = await loginAs(t, 'company_admin', other.id);
      assert.equal((await call(t, otherUser, 'GET', `/api/v1/dispatches/${dispatchId}/report.pdf`)).statusCode, 404);
      assert.equal((await call(t, otherUser, 'GET', `/api/v1/companies/${companyId}/dispatch-reports`)).statusCode, 404);
      const own = (await call(t, otherUser, 'GET', `/api/v1/companies/${other.id}/dispatch-reports`)).json();
      assert.deepEqual([own.items, own.total], [[], 0]);
      const staff = (await call(t, operator, 'GET', `/api/v1/companies/${companyId}/dispatch-reports`)).json();
      assert.equal(staff.total, 1);
      assert.equal((await call(t, respB, 'GET', `/api/v1/companies/${companyId}/dispatch-reports`)).statusCode, 404, 'a responder does not read companies');
    });

    it('cancelling: back office only; a cancelled dispatch takes no more on-site work', async () => {
      const r = await call(t, analyst, 'POST', `/api/v1/cases/${caseId}/dispatches`, { siteAddress: '愛知県岡崎市十王町2-9', request: 'recovery', identifyDevice: true });
      // The case is closed now: a new dispatch needs the case reopened first.
      assert.equal(r.statusCode, 409, r.body);
      const list = (await call(t, analyst, 'GET', '/api/v1/dispatches?status=ordered')).json();
      const target = list.items[0].id as string;
      assert.equal((await call(t, respA, 'PATCH', `/api/v1/dispatches/${target}`, { status: 'cancelled' })).statusCode, 404);
      const c = await call(t, analyst, 'PATCH', `/api/v1/dispatches/${target}`, { status: 'cancelled' });
      assert.equal(c.statusCode, 200, c.body);
      assert.equal(c.json().status, 'cancelled');
      assert.equal((await call(t, analyst, 'POST', `/api/v1/dispatches/${target}/arrive`)).statusCode, 409);
    });

    it('the case page lists its dispatches; the API description documents the dispatch routes', async () => {
      const c = await call(t, analyst, 'GET', `/api/v1/cases/${caseId}`);
      assert.equal(c.statusCode, 200, c.body);
      const linked = c.json().dispatches as { id: string; status: string }[];
      assert.ok(linked.some((d) => d.id === dispatchId && d.status === 'reported'));
      const spec = await call(t, analyst, 'GET', '/api/v1/openapi.json');
      assert.equal(spec.statusCode, 200);
      const paths = Object.keys(spec.json().paths);
      for (const p of ['/api/v1/cases/{id}/dispatches', '/api/v1/dispatches/{id}/evidence/{evidenceId}/custody', '/api/v1/dispatches/{id}/report.pdf', '/api/v1/dispatch/offices']) {
        assert.ok(paths.includes(p), `${p} in the OpenAPI description`);
      }
    });

    it('demo data loads again without duplicates, and demo responders can log in', async () => {
      const again = await seedDispatchDemo(t.deps, { password: PASSWORD });
      assert.equal(again.offices.length, 4);
      assert.equal((await call(t, admin, 'GET', '/api/v1/dispatch/offices')).json().items.length, 4);
      assert.ok(again.responders.every((r) => !r.created));
      const owari = await login(t, 'responder.owari@demo.otasuke.jp');
      const mine = (await call(t, owari, 'GET', '/api/v1/dispatches')).json();
      assert.ok(mine.items.every((i: { responderName: string }) => i.responderName === '杉浦 直樹'));
      assert.ok(mine.total >= 2, 'the Owari orders were proposed to him');
      const extra = await makeUser(t, 'responder');
      const third = await seedDispatchDemo(t.deps, { password: PASSWORD });
      assert.ok(third.responders.some((r) => r.userId === extra.id && r.officeName === '名古屋'), 'responders without a profile get one');
    });
  });
}
