import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { engines } from '../../../tests/support/engines.ts';
import { call, loginAs, makeCompany, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';
import { frame, selfSignedCert, sendTcp, sendTls, sendUdp, waitFor } from '../../../tests/support/syslog.ts';
import { buildApp } from '../../server/app.ts';
import { startIngest, type IngestService } from './ingest.service.ts';

const SN = '0017C5AA0101';
// JST 2026-11-20 10:00 = 01:00 UTC: the SonicWall logs local time.
const sw = (m: number, rest: string, time = '2026-11-20 10:00:00') => `<129>id=firewall sn=${SN} time="${time}" fw=203.0.113.20 pri=1 c=32 m=${m} ${rest}`;
const scan = (port: number) => sw(82, `msg="Possible port scan detected" src=198.51.100.70:443:X1 dst=203.0.113.20:${port}:X1 proto=tcp/${port}`);
const botnet = (time: string) => sw(1201, 'msg="Suspected Botnet responder blocked" src=192.168.10.45:51000:X0 dst=203.0.113.66:443:X1 srcMac=f0:18:98:aa:bb:cc proto=tcp/https', time);

for (const engine of engines) {
  describe(`ingest over real sockets into ${engine}`, () => {
    let t: TestApp;
    let ingest: IngestService;
    let analyst: Session;
    let companyId: string;
    let deviceToken: string;
    const tlsFiles = selfSignedCert();
    before(async () => {
      t = await startTestApp(engine, { OTASUKE_SYSLOG_TLS_CERT: tlsFiles.certFile, OTASUKE_SYSLOG_TLS_KEY: tlsFiles.keyFile, OTASUKE_SYSLOG_HOST: '127.0.0.1' });
      ingest = await startIngest(t.deps, { ports: { port: 0, tlsPort: 0 } });
      await t.app.close();
      t.app = await buildApp(t.deps, { ingest });
      companyId = (await makeCompany(t)).id;
      analyst = await loginAs(t, 'analyst');
      const dev = await call(t, analyst, 'POST', `/api/v1/companies/${companyId}/devices`, { vendor: 'sonicwall', identity: SN, lanCidrs: ['192.168.10.0/24'] });
      assert.equal(dev.statusCode, 201, dev.body);
      deviceToken = dev.json().ingestToken;
    });
    after(async () => {
      await ingest.stop();
      await t.close();
    });

    const summary = async () =>
      (await call(t, analyst, 'GET', `/api/v1/companies/${companyId}/detections/summary?from=2026-11-20&to=2026-11-20`)).json().categories as Record<string, number>;

    it('counts lines from UDP, TCP (LF and octet counting, split reads), TLS and HTTP bulk (gzip)', async () => {
      await sendUdp(ingest.receivers!.udpPort, [scan(23), scan(23)]);
      await sendTcp(ingest.receivers!.tcpPort, frame([scan(22), scan(22), scan(80)], 'lf'), 7);
      await sendTcp(ingest.receivers!.tcpPort, frame([scan(3389), scan(445)], 'octet'), 5);
      await sendTls(ingest.receivers!.tlsPort!, tlsFiles.cert, frame([scan(8080)], 'octet'));
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/ingest',
        headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'text/plain', 'content-encoding': 'gzip' },
        payload: gzipSync(`${scan(21)}\n${scan(21)}\r\n\n`),
      });
      assert.equal(res.statusCode, 202, res.body);
      assert.equal(res.json().accepted, 2);
      const counts = await waitFor('10 scans counted', async () => {
        const c = await summary();
        return (c['scan.inbound.possible'] ?? 0) >= 10 && c;
      });
      assert.deepEqual(counts, { 'scan.inbound.possible': 10 });
      const ports = await t.deps.db.kysely.selectFrom('detection_rollups').select(['key', 'count']).where('company_id', '=', companyId).orderBy('key').execute();
      assert.deepEqual(ports.map((p) => [p.key, Number(p.count)]), [['21/tcp', 2], ['22/tcp', 2], ['23/tcp', 2], ['3389/tcp', 1], ['445/tcp', 1], ['80/tcp', 1], ['8080/tcp', 1]]);
      assert.ok(ingest.receivers!.counters.tlsFrames >= 1);
      // 2026-11-20 is a Friday: its JST week starts on Monday 2026-11-16.
      const top = (await call(t, analyst, 'GET', `/api/v1/companies/${companyId}/detections/top?week=2026-11-16&kind=source`)).json();
      assert.deepEqual(top.items, [{ ip: '198.51.100.70', count: 10 }]);
    });

    it('refuses HTTP bulk ingest without a valid device token', async () => {
      const none = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { 'content-type': 'text/plain' }, payload: scan(1) });
      assert.equal(none.statusCode, 401);
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { authorization: 'Bearer otk_nope', 'content-type': 'text/plain' }, payload: scan(1) });
      assert.equal(wrong.statusCode, 401);
      const bomb = await t.app.inject({
        method: 'POST',
        url: '/api/v1/ingest',
        headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'text/plain', 'content-encoding': 'gzip' },
        payload: gzipSync(Buffer.alloc(80 << 20, 0x61)),
      });
      assert.equal(bomb.statusCode, 413);
    });

    it('raises one grouped alert for botnet traffic from an internal host, naming the device vendor', async () => {
      await sendUdp(ingest.receivers!.udpPort, [botnet('2026-11-20 11:00:00'), botnet('2026-11-20 11:05:00'), botnet('2026-11-20 11:10:00')]);
      const alerts = await waitFor('a botnet alert', async () => {
        const r = (await call(t, analyst, 'GET', `/api/v1/alerts?companyId=${companyId}`)).json();
        return r.items?.length > 0 && r.items[0].count >= 3 && r.items;
      });
      assert.equal(alerts.length, 1);
      const a = alerts[0];
      assert.equal(a.category, 'c2.botnet.outbound');
      assert.equal(a.hostIp, '192.168.10.45');
      assert.equal(a.hostMac, 'f0:18:98:aa:bb:cc');
      assert.equal(a.hostVendor, 'Apple, Inc.');
      assert.equal(a.remoteIp, '203.0.113.66');
      assert.equal(a.firstSeen, '2026-11-20T02:00:00.000Z');
      assert.equal(a.lastSeen, '2026-11-20T02:10:00.000Z');
      assert.equal(a.status, 'new');
    });

    it('keeps lines of unknown devices in the unassigned queue and malformed lines as dead letters', async () => {
      await sendUdp(ingest.receivers!.udpPort, [scan(23).replace(SN, '0017C5FFFFFF'), `${sw(82, 'msg="x" src=1.2.3.4')} bad="unbalanced`]);
      const queued = await waitFor('unassigned line', async () => {
        const r = await t.deps.db.kysely.selectFrom('unassigned_lines').selectAll().execute();
        return r.length > 0 && r;
      });
      assert.equal(queued[0]!.device_key, '0017C5FFFFFF');
      const dead = await waitFor('dead letter', async () => {
        const r = await t.deps.db.kysely.selectFrom('dead_letters').selectAll().execute();
        return r.length > 0 && r;
      });
      assert.equal(dead[0]!.reason, 'unbalanced_quote');
    });
  });
}
