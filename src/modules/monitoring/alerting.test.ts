import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../tests/support/engines.ts';
import { call, loginAs, makeCompany, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';
import { startIngest, type IngestService } from '../ingest/ingest.service.ts';
import { checkSilentDevices } from './silentDevices.ts';
import { reprocessUnassigned } from '../ingest/unassigned.ts';

const SN = '0017C5BB0202';
let seq = 0;
/** The pilot's case: a Mac on the LAN sends "TCP Xmas Tree" packets to a Google address. */
const xmas = (minute: number) =>
  `<129>id=firewall sn=${SN} time="2026-11-21 09:${String(minute).padStart(2, '0')}:00" fw=203.0.113.30 pri=1 c=32 m=267 msg="TCP Xmas Tree dropped" n=${++seq} src=192.168.20.15:50123:X0 dst=142.250.196.110:443:X1 srcMac=3c:22:fb:12:34:56 proto=tcp/https`;

for (const engine of engines) {
  describe(`alert grouping, suppression and silent devices [${engine}]`, () => {
    let t: TestApp;
    let ingest: IngestService;
    let analyst: Session;
    let companyId: string;
    before(async () => {
      t = await startTestApp(engine);
      ingest = await startIngest(t.deps, { listen: false });
      companyId = (await makeCompany(t)).id;
      analyst = await loginAs(t, 'analyst');
      const r = await call(t, analyst, 'POST', `/api/v1/companies/${companyId}/devices`, { vendor: 'sonicwall', identity: SN, lanCidrs: ['192.168.20.0/24'] });
      assert.equal(r.statusCode, 201, r.body);
    });
    after(async () => {
      await ingest.stop();
      await t.close();
    });

    async function feed(lines: string[]) {
      for (const l of lines) ingest.spool.append({ receivedAt: Date.now(), transport: 'udp', sender: '203.0.113.30', line: Buffer.from(l) });
      await ingest.spool.durable();
      await ingest.processor.drain();
    }
    const alerts = async () => (await call(t, analyst, 'GET', `/api/v1/alerts?companyId=${companyId}&category=scan.internal`)).json().items;
    const internalScans = async () =>
      Number((await call(t, analyst, 'GET', `/api/v1/companies/${companyId}/detections/summary?from=2026-11-21&to=2026-11-21`)).json().categories['scan.internal'] ?? 0);

    it('groups repeated lines into one open alert per internal host (count, first, last)', async () => {
      await feed([xmas(0), xmas(1)]);
      await feed([xmas(2)]);
      const list = await alerts();
      assert.equal(list.length, 1);
      assert.equal(list[0].count, 3);
      assert.equal(list[0].hostVendor, 'Apple, Inc.');
      assert.equal(list[0].remoteOrg, 'Google LLC', 'the remote party is named from the offline ASN list');
      assert.equal(list[0].firstSeen, '2026-11-21T00:00:00.000Z');
      assert.equal(list[0].lastSeen, '2026-11-21T00:02:00.000Z');
      const detail = (await call(t, analyst, 'GET', `/api/v1/alerts/${list[0].id}`)).json();
      assert.ok(detail.lines.length >= 1 && detail.lines[0].raw.includes('TCP Xmas Tree'));
      assert.equal(detail.identity[0].mac, '3c:22:fb:12:34:56');
    });

    it('the pilot case: suppressing the benign Xmas Tree to Google stops alerting for that company, still counted', async () => {
      const [open] = await alerts();
      const closed = await call(t, analyst, 'PATCH', `/api/v1/alerts/${open.id}`, { status: 'closed' });
      assert.equal(closed.statusCode, 200);
      const bad = await call(t, analyst, 'POST', '/api/v1/suppressions', { companyId, reason: '' });
      assert.equal(bad.statusCode, 400);
      const rule = await call(t, analyst, 'POST', '/api/v1/suppressions', {
        companyId,
        category: 'scan.internal',
        remoteCidr: '142.250.0.0/15',
        reason: 'Mac の通信で Google 宛の正常な動作と判断（パイロットの事例）',
        expiresAt: '2027-05-21T00:00:00+09:00',
      });
      assert.equal(rule.statusCode, 201, rule.body);
      const before = await internalScans();
      await feed([xmas(10), xmas(11)]);
      assert.equal(await internalScans(), before + 2, 'suppressed lines are still counted');
      const list = await alerts();
      assert.equal(list.length, 1, 'no new alert');
      assert.equal(list[0].status, 'closed');
      assert.equal(list[0].count, 3);
      const auditRows = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'suppression.created').execute();
      assert.equal(auditRows.length, 1, 'rule changes are audited');

      // An expired rule no longer suppresses.
      await call(t, analyst, 'DELETE', `/api/v1/suppressions/${rule.json().id}`);
      await call(t, analyst, 'POST', '/api/v1/suppressions', { companyId, category: 'scan.internal', remoteCidr: '142.250.0.0/15', reason: 'expired rule', expiresAt: '2020-01-01T00:00:00Z' });
      await feed([xmas(20)]);
      const after = await alerts();
      assert.equal(after.length, 2, 'a new alert after the rule expired');
      assert.equal(after.filter((a: { status: string }) => a.status === 'new').length, 1);
    });

    it('suppresses by remote organisation (every Google address, not one prefix)', async () => {
      const open = (await alerts()).filter((a: { status: string }) => a.status !== 'closed');
      for (const a of open) await call(t, analyst, 'PATCH', `/api/v1/alerts/${a.id}`, { status: 'closed' });
      const rule = await call(t, analyst, 'POST', '/api/v1/suppressions', { companyId, category: 'scan.internal', remoteOrg: 'Google LLC', reason: 'Google 宛の Xmas Tree は Mac の正常動作' });
      assert.equal(rule.statusCode, 201, rule.body);
      const before = (await alerts()).length;
      await feed([xmas(50).replace('142.250.196.110', '8.8.4.4')]);
      assert.equal((await alerts()).length, before, 'no alert for another Google network');
      await call(t, analyst, 'DELETE', `/api/v1/suppressions/${rule.json().id}`);
    });

    it('raises health.silent for a device quiet for more than 24 h and closes it when the device speaks again', async () => {
      await t.deps.db.kysely.updateTable('devices').set({ last_seen_at: new Date(Date.now() - 25 * 3_600_000).toISOString() }).execute();
      assert.deepEqual(await checkSilentDevices(t.deps), { raised: 1, resolved: 0 });
      assert.deepEqual(await checkSilentDevices(t.deps), { raised: 0, resolved: 0 }, 'one open alert per silent device');
      const silent = (await call(t, analyst, 'GET', `/api/v1/alerts?companyId=${companyId}&category=health.silent`)).json().items;
      assert.equal(silent.length, 1);
      await feed([`<134>id=firewall sn=${SN} time="${new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')}" pri=6 c=1024 m=537 msg="Connection Closed" src=192.168.20.15:1:X0 dst=8.8.8.8:53:X1`]);
      assert.deepEqual(await checkSilentDevices(t.deps), { raised: 0, resolved: 1 });
    });

    it('audits a polling alert queue once per window, and every alert opened', async () => {
      const op = await loginAs(t, 'operator');
      const rows = async (action: string) =>
        (await t.deps.db.kysely.selectFrom('audit_log').select('seq').where('actor_id', '=', op.userId).where('action', '=', action).execute()).length;
      for (let i = 0; i < 3; i++) await call(t, op, 'GET', '/api/v1/alerts?status=new');
      assert.equal(await rows('alert.list_viewed'), 1);
      await call(t, op, 'GET', '/api/v1/alerts?status=closed');
      assert.equal(await rows('alert.list_viewed'), 2, 'another query is another read');
      const [a] = await alerts();
      await call(t, op, 'GET', `/api/v1/alerts/${a.id}`);
      await call(t, op, 'GET', `/api/v1/alerts/${a.id}`);
      assert.equal(await rows('alert.viewed'), 2);
    });

    it('reports device health: lines today, dead-letter rate, silence', async () => {
      await feed([xmas(40), `<129>id=firewall sn=${SN} m=82 msg="never closed`]);
      const h = (await call(t, analyst, 'GET', '/api/v1/devices/health')).json();
      const d = h.items.find((x: { identity: string }) => x.identity === SN);
      assert.ok(d.linesToday >= 2);
      assert.ok(d.deadLettersToday >= 1);
      assert.ok(d.deadLetterRate7d > 0 && d.deadLetterRate7d < 1);
      assert.equal(d.isSilent, false);
    });

    it('assigns an unknown device and processes its queued lines', async () => {
      const other = '0017C5CC0303';
      await feed([xmas(30).replace(SN, other), xmas(31).replace(SN, other)]);
      const queue = (await call(t, analyst, 'GET', '/api/v1/unassigned')).json().items;
      assert.equal(queue.find((q: { deviceKey: string }) => q.deviceKey === other)?.lines, 2);
      const c2 = await makeCompany(t);
      const r = await call(t, analyst, 'POST', '/api/v1/unassigned/assign', { companyId: c2.id, vendor: 'sonicwall', identity: other, lanCidrs: ['192.168.20.0/24'] });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().reprocessed, 2);
      const sum = (await call(t, analyst, 'GET', `/api/v1/companies/${c2.id}/detections/summary?from=2026-11-21&to=2026-11-21`)).json().categories;
      assert.equal(sum['scan.internal'], 2);
      assert.equal((await call(t, analyst, 'GET', '/api/v1/unassigned')).json().items.filter((q: { deviceKey: string }) => q.deviceKey === other).length, 0);
      assert.equal(await reprocessUnassigned(t.deps, other), 0);
    });
  });
}
