import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../tests/support/engines.ts';
import { call, loginAs, makeCompany, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';
import { newId } from '../../platform/ids/ids.ts';
import { autoCasesFromAlerts } from './alertToCase.ts';

/**
 * Every help-desk route, tried by every kind of outsider: no session (401), staff roles without case
 * work (responder, insurer, deployment), and a user of another company. None may read or change
 * anything; other companies' cases answer 404 exactly like cases that do not exist.
 */
for (const engine of engines) {
  describe(`help-desk authorisation on every route [${engine}]`, () => {
    let t: TestApp;
    let caseId: string;
    let alertId: string;
    let kbId: string;
    let quarantineId: string;
    let attachmentId: string;
    let companyA: string;
    const sessions: Record<string, Session> = {};
    before(async () => {
      t = await startTestApp(engine);
      companyA = (await makeCompany(t)).id;
      const companyB = (await makeCompany(t)).id;
      const owner = await loginAs(t, 'company_admin', companyA);
      const operator = await loginAs(t, 'operator');
      sessions.outsider = await loginAs(t, 'company_admin', companyB);
      sessions.responder = await loginAs(t, 'responder');
      sessions.insurer = await loginAs(t, 'insurer');
      sessions.deployment = await loginAs(t, 'deployment');
      sessions.operator = operator;
      sessions.owner = owner;
      caseId = (await call(t, owner, 'POST', '/api/v1/cases', { subject: '相談', body: '本文', category: 'consultation' })).json().case.id;
      const now = new Date().toISOString();
      alertId = newId('alr');
      await t.deps.db.kysely
        .insertInto('alerts')
        .values({ id: alertId, company_id: companyA, device_id: null, category: 'c2.botnet.outbound', status: 'new', host_ip: '192.168.1.9', host_mac: null, host_vendor: null, host_name: null, remote_ip: '203.0.113.9', remote_org: null, count: 1, first_seen: now, last_seen: now, assignee_id: null, created_at: now, updated_at: now })
        .execute();
      kbId = (await call(t, operator, 'POST', '/api/v1/kb', { slug: 'staff-only', category: 'other', title: '内部向け', customerBody: 'x', staffBody: '技術メモ', published: false })).json().id;
      quarantineId = (await new (await import('./mail-intake.ts')).MailIntake(t.deps).quarantine('unknown_sender', { from: 'x@y.example', subject: 's', size: 1 }, Buffer.from('From: x@y.example\r\nSubject: s\r\n\r\nbody')) as { quarantineId: string }).quarantineId;
      await t.deps.db.kysely.transaction().execute(async (tx) => {
        const { addAttachment } = await import('./attachments.ts');
        attachmentId = (await addAttachment(tx, t.deps.config.dataDir, { caseId, companyId: companyA, eventId: null, filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('secret'), at: now })).id;
      });
    });
    after(() => t.close());

    const routes = (): [string, 'GET' | 'POST' | 'PATCH', string, unknown?][] => [
      ['list cases', 'GET', '/api/v1/cases'],
      ['read a case', 'GET', `/api/v1/cases/${caseId}`],
      ['create a case for the company', 'POST', '/api/v1/cases', { companyId: companyA, subject: 's', body: 'b', category: 'other' }],
      ['change a case', 'PATCH', `/api/v1/cases/${caseId}`, { status: 'closed' }],
      ['write on a case', 'POST', `/api/v1/cases/${caseId}/messages`, { kind: 'reply', body: 'x' }],
      ['escalate', 'POST', `/api/v1/cases/${caseId}/escalate`, { reason: 'x' }],
      ['judge', 'POST', `/api/v1/cases/${caseId}/judgement`, { incident: false, category: 'other', dispatchNeeded: false, reason: 'x' }],
      ['download an attachment', 'GET', `/api/v1/cases/${caseId}/attachments/${attachmentId}`],
      ['case from alert', 'POST', `/api/v1/alerts/${alertId}/case`],
      ['quarantine list', 'GET', '/api/v1/mail/quarantine'],
      ['release quarantine', 'POST', `/api/v1/mail/quarantine/${quarantineId}/release`, { companyId: companyA }],
      ['discard quarantine', 'POST', `/api/v1/mail/quarantine/${quarantineId}/discard`],
      ['read an unpublished article', 'GET', `/api/v1/kb/${kbId}`],
      ['write an article', 'POST', '/api/v1/kb', { slug: 'evil', category: 'other', title: 'x', customerBody: 'y' }],
      ['change an article', 'PATCH', `/api/v1/kb/${kbId}`, { published: true }],
      ['send a notice', 'POST', '/api/v1/notices', { title: 'x', body: 'y', filter: { status: ['applied', 'surveyed', 'active'] } }],
      ['help-desk settings', 'GET', '/api/v1/helpdesk/settings'],
    ];

    it('without a session every route answers 401', async () => {
      for (const [name, method, url, body] of routes()) {
        const r = await call(t, null, method, url, body);
        assert.equal(r.statusCode, 401, `${name}: ${r.statusCode}`);
      }
    });

    for (const who of ['outsider', 'responder', 'insurer', 'deployment'] as const) {
      it(`${who} can neither read nor change anything of company A`, async () => {
        for (const [name, method, url, body] of routes()) {
          const r = await call(t, sessions[who]!, method, url, body);
          if (who === 'outsider' && name === 'list cases') {
            assert.equal(r.statusCode, 200);
            assert.equal(r.json().total, 0, 'the other company sees none of A’s cases');
            continue;
          }
          if (who === 'responder' && name === 'read an unpublished article') {
            // Responders read the playbooks (staff version) on site; articles hold no company data.
            assert.equal(r.statusCode, 200);
            continue;
          }
          if (who === 'outsider' && name === 'create a case for the company') {
            assert.equal(r.statusCode, 404, `${who} ${name}`);
            continue;
          }
          assert.ok([403, 404].includes(r.statusCode), `${who} → ${name}: ${r.statusCode} ${r.body.slice(0, 120)}`);
        }
        const c = await t.deps.db.kysely.selectFrom('cases').select(['status', 'tier', 'judgement']).where('id', '=', caseId).executeTakeFirstOrThrow();
        assert.deepEqual(c, { status: 'new', tier: 'front', judgement: null }, 'nothing changed');
      });
    }

    it('the company owner reads its case and attachment but not staff tools', async () => {
      const s = sessions.owner!;
      assert.equal((await call(t, s, 'GET', `/api/v1/cases/${caseId}`)).statusCode, 200);
      assert.equal((await call(t, s, 'GET', `/api/v1/cases/${caseId}/attachments/${attachmentId}`)).statusCode, 200);
      for (const [name, method, url, body] of routes().filter(([n]) => ['change a case', 'escalate', 'judge', 'quarantine list', 'release quarantine', 'send a notice', 'help-desk settings', 'write an article', 'case from alert', 'read an unpublished article'].includes(n))) {
        const r = await call(t, s, method, url, body);
        assert.ok([403, 404].includes(r.statusCode), `owner → ${name}: ${r.statusCode}`);
      }
      const note = await call(t, s, 'POST', `/api/v1/cases/${caseId}/messages`, { kind: 'note', body: 'x' });
      assert.equal(note.statusCode, 403, 'company users cannot write internal notes');
    });

    it('the auto rule opens one outbound case per botnet alert, once', async () => {
      assert.equal(await autoCasesFromAlerts(t.deps, ['c2.botnet.outbound']), 1);
      assert.equal(await autoCasesFromAlerts(t.deps, ['c2.botnet.outbound']), 0, 'the alert already has its case');
      const list = (await call(t, sessions.operator!, 'GET', `/api/v1/cases?channel=outbound&companyId=${companyA}`)).json();
      assert.equal(list.total, 1);
      assert.match(list.items[0].subject, /192\.168\.1\.9/);
    });
  });
}
