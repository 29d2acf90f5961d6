import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../tests/support/engines.ts';
import { call, loginAs, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';
import { COMPANIES, PERIOD, loadProgramFixture } from '../../../tests/support/program-fixture.ts';
import type { DrilldownDto, ProgramDashboard } from './program.schemas.ts';
import { cellDrill, programTables } from './programTables.ts';
import { programTranslator } from './programLabels.ts';
import { defaultPeriod, periodOf } from './programFacts.ts';

const qs = (o: Record<string, string | undefined>) => new URLSearchParams(Object.entries(o).filter(([, v]) => v !== undefined) as [string, string][]).toString();
const ids = (d: DrilldownDto) => Object.fromEntries(d.items.map((i) => [i.id, i.count]));
const { C1, C2, C3, C4 } = COMPANIES;

describe('program period helpers', () => {
  it('turns JST days into UTC instants and months', () => {
    const p = periodOf('2025-07-15', '2025-09-30');
    assert.equal(p.fromIso, '2025-07-14T15:00:00.000Z');
    assert.equal(p.untilIso, '2025-09-30T15:00:00.000Z');
    assert.deepEqual(p.months, ['2025-07', '2025-08', '2025-09']);
    assert.deepEqual(periodOf('2025-12-01', '2026-02-01').months, ['2025-12', '2026-01', '2026-02']);
    assert.throws(() => periodOf('2025-08-01', '2025-07-01'), /after/);
    assert.throws(() => periodOf('2020-01-01', '2025-01-01'), /longer/);
  });
  it('defaults to six months up to today in Japan', () => {
    // 2026-03-31 20:00 UTC is already 1 April in Tokyo.
    assert.deepEqual(defaultPeriod(new Date('2026-03-31T20:00:00Z')), { from: '2025-11-01', to: '2026-04-01' });
    assert.deepEqual(defaultPeriod(new Date('2026-08-10T00:00:00Z')), { from: '2026-03-01', to: '2026-08-10' });
  });
});

for (const engine of engines) {
  describe(`program dashboard [${engine}]`, () => {
    let t: TestApp;
    let admin: Session;
    const get = async <T>(path: string, q: Record<string, string | undefined> = {}) => {
      const res = await call(t, admin, 'GET', `/api/v1/program/${path}?${qs({ ...PERIOD, ...q })}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as T;
    };
    const drill = (section: string, key?: string, extra: Record<string, string> = {}) => get<DrilldownDto>('companies', { section, key, ...extra });

    before(async () => {
      t = await startTestApp(engine);
      await loadProgramFixture(t.deps);
      admin = await loginAs(t, 'program_admin');
    });
    after(() => t.close());

    it('participation: the funnel by referral route, by month, reasons and the status at the end (JST boundaries)', async () => {
      const d = await get<ProgramDashboard>('dashboard');
      assert.deepEqual(d.period, { ...PERIOD, months: ['2025-07', '2025-08', '2025-09'] });
      assert.equal(d.companies.total, 4, 'C1–C4; C5 joined on 1 October JST');
      const p = d.participation;
      assert.deepEqual(p.applications, { total: 5, accepted: 3, pending: 1, rejected: 1 });
      assert.deepEqual(p.totals, { applied: 3, surveyed: 3, active: 2, withdrawn: 1 });
      const route = (r: string) => p.byRoute.find((x) => x.route === r);
      assert.deepEqual(route('insurer_sales'), { route: 'insurer_sales', applications: 2, applied: 1, surveyed: 2, active: 1, withdrawn: 1 });
      assert.deepEqual(route('chamber_of_commerce'), { route: 'chamber_of_commerce', applications: 1, applied: 1, surveyed: 1, active: 1, withdrawn: 0 });
      assert.deepEqual(route('ipa'), { route: 'ipa', applications: 1, applied: 1, surveyed: 0, active: 0, withdrawn: 0 });
      assert.deepEqual(route('other'), { route: 'other', applications: 1, applied: 0, surveyed: 0, active: 0, withdrawn: 0 });
      assert.deepEqual(p.monthly, [
        { month: '2025-07', applied: 2, surveyed: 2, active: 0, withdrawn: 0 },
        { month: '2025-08', applied: 0, surveyed: 1, active: 1, withdrawn: 0 },
        { month: '2025-09', applied: 1, surveyed: 0, active: 1, withdrawn: 1 },
      ]);
      assert.deepEqual(p.withdrawalReasons, [{ reason: 'network_layout', count: 1 }]);
      assert.deepEqual(p.atEnd, { applied: 1, surveyed: 0, active: 2, withdrawn: 1 });
    });

    it('devices: group × vendor and deployment by month (marked limited)', async () => {
      const d = await get<ProgramDashboard>('dashboard');
      assert.deepEqual(d.assignment.vendors, ['sonicwall', 'yamaha', 'json']);
      const row = (g: string) => d.assignment.rows.find((r) => r.group === g);
      assert.deepEqual(row('A'), { group: 'A', companies: 1, devices: 1, noDevice: 0, byVendor: { sonicwall: 1, yamaha: 0, json: 0 } });
      assert.deepEqual(row('B'), { group: 'B', companies: 2, devices: 3, noDevice: 0, byVendor: { sonicwall: 1, yamaha: 1, json: 1 } });
      assert.deepEqual(row('C'), { group: 'C', companies: 0, devices: 0, noDevice: 0, byVendor: { sonicwall: 0, yamaha: 0, json: 0 } });
      assert.deepEqual(row('none'), { group: 'none', companies: 1, devices: 0, noDevice: 1, byVendor: { sonicwall: 0, yamaha: 0, json: 0 } });
      assert.deepEqual(row('all'), { group: 'all', companies: 4, devices: 4, noDevice: 1, byVendor: { sonicwall: 2, yamaha: 1, json: 1 } });
      assert.equal(d.deployment.limited, true);
      assert.match(d.deployment.note, /deployment/);
      assert.deepEqual(d.deployment.monthly, [
        { month: '2025-07', registered: 2, newlyRegistered: 1, firstData: 1, reporting: 2, notReporting: 0 },
        { month: '2025-08', registered: 3, newlyRegistered: 1, firstData: 0, reporting: 1, notReporting: 2 },
        { month: '2025-09', registered: 4, newlyRegistered: 1, firstData: 1, reporting: 1, notReporting: 3 },
      ]);
      assert.deepEqual(d.deployment.atEnd, { registered: 4, newlyRegistered: 3, firstData: 2, reporting: 3, notReporting: 1, neverSeen: 1 });
    });

    it('detections: by category and direction, by month, ports and block categories; days outside the period do not count', async () => {
      const d = await get<ProgramDashboard>('dashboard');
      const det = d.detections;
      assert.equal(det.total, 218);
      const cat = Object.fromEntries(det.byCategory.map((c) => [c.category, [c.direction, c.count, c.companies]]));
      assert.deepEqual(cat, {
        'scan.inbound.probable': ['inbound', 140, 1],
        'scan.inbound.possible': ['inbound', 10, 1],
        'scan.internal': ['internal', 2, 1],
        'dos.inbound': ['inbound', 5, 1],
        'malware.virus': ['na', 1, 1],
        'c2.botnet.outbound': ['outbound', 3, 1],
        'block.url_category': ['na', 7, 1],
        'block.ip_reputation': ['na', 50, 1],
      });
      assert.deepEqual(det.byCategory.map((c) => c.category).slice(0, 3), ['scan.inbound.probable', 'scan.inbound.possible', 'scan.internal'], 'taxonomy order');
      assert.deepEqual(det.byDirection, [
        { direction: 'inbound', count: 155 },
        { direction: 'outbound', count: 3 },
        { direction: 'internal', count: 2 },
        { direction: 'na', count: 58 },
      ]);
      assert.deepEqual(det.monthly.map((m) => [m.month, m.total, m.byDirection.inbound]), [['2025-07', 145, 145], ['2025-08', 10, 0], ['2025-09', 63, 10]]);
      assert.deepEqual(d.scanPorts, { total: 150, other: 0, rows: [{ key: '23/tcp', count: 110, companies: 2 }, { key: '22/tcp', count: 40, companies: 1 }] });
      assert.deepEqual(d.urlCategories, { total: 7, other: 0, rows: [{ key: 'Phishing', count: 7, companies: 1 }] });
      assert.deepEqual(d.ipReputation, { total: 50, other: 0, rows: [{ key: 'Scanners', count: 50, companies: 1 }] });
    });

    it('help desk: by channel, category and month, with SLA attainment (a paused clock is pending)', async () => {
      const h = (await get<ProgramDashboard>('dashboard')).helpdesk;
      assert.equal(h.total, 4, 'the web case of 1 October JST is outside');
      assert.deepEqual(h.firstResponse, { met: 2, breached: 2, pending: 0, attainment: 0.5 });
      assert.deepEqual(h.resolution, { met: 2, breached: 1, pending: 1, attainment: 2 / 3 });
      const ch = Object.fromEntries(h.byChannel.map((c) => [c.channel, c]));
      assert.deepEqual(Object.keys(ch), ['web', 'mail', 'phone', 'outbound']);
      assert.equal(ch.web!.count, 0);
      assert.equal(ch.web!.firstResponse.attainment, null);
      assert.deepEqual(ch.phone, { channel: 'phone', count: 2, firstResponse: { met: 2, breached: 0, pending: 0, attainment: 1 }, resolution: { met: 1, breached: 0, pending: 1, attainment: 1 } });
      assert.deepEqual(ch.mail!.firstResponse, { met: 0, breached: 1, pending: 0, attainment: 0 });
      assert.deepEqual(ch.outbound!.resolution, { met: 0, breached: 1, pending: 0, attainment: 0 });
      assert.deepEqual(Object.fromEntries(h.byCategory.filter((c) => c.count).map((c) => [c.category, c.count])), { consultation: 2, malware: 2 });
      assert.deepEqual(h.monthly.map((m) => [m.month, m.total, m.byChannel.phone]), [['2025-07', 1, 1], ['2025-08', 1, 0], ['2025-09', 2, 1]]);
    });

    it('dispatches: time to arrival and report delay', async () => {
      const x = (await get<ProgramDashboard>('dashboard')).dispatches;
      assert.equal(x.total, 4);
      assert.deepEqual(x.arrival, { arrived: 3, medianMinutes: 90, meanMinutes: 100, maxMinutes: 150 });
      assert.deepEqual(x.report, { onTime: 1, late: 1, overdue: 1, pending: 0 });
      assert.deepEqual(
        x.monthly.map((m) => [m.month, m.count, m.arrived, m.medianArrivalMinutes, m.onTime, m.late, m.overdue]),
        [['2025-07', 1, 1, 150, 1, 0, 0], ['2025-08', 1, 0, null, 0, 0, 0], ['2025-09', 2, 2, 75, 0, 1, 1]],
      );
      const late = x.items.find((i) => i.number === 'D-900002')!;
      assert.deepEqual([late.companyName, late.minutesToArrival, late.reportDelayHours, late.report], [C3.name, 60, 24, 'late']);
      assert.equal(x.items.find((i) => i.number === 'D-900004')!.report, 'none');
      assert.equal(Object.fromEntries(x.byStatus.map((s) => [s.status, s.count])).cancelled, 1);
    });

    it('SECURITY ACTION: declared companies at the start, at each month end (JST) and at the end', async () => {
      const sa = (await get<ProgramDashboard>('dashboard')).securityAction;
      assert.deepEqual(sa.atStart, { oneStar: 1, twoStar: 0 });
      assert.deepEqual(sa.monthly, [
        { month: '2025-07', oneStar: 1, twoStar: 0 },
        { month: '2025-08', oneStar: 1, twoStar: 1 },
        { month: '2025-09', oneStar: 2, twoStar: 1 },
      ]);
      assert.deepEqual(sa.atEnd, { oneStar: 2, twoStar: 1 }, 'the declaration of 1 October JST is not counted');
      assert.deepEqual((await get<ProgramDashboard>('dashboard', { group: 'B' })).securityAction.atEnd, { oneStar: 2, twoStar: 0 });
    });

    it('filters narrow every section: group, industry, employee band, device type, referral route', async () => {
      const b = await get<ProgramDashboard>('dashboard', { group: 'B' });
      assert.equal(b.companies.total, 2);
      assert.deepEqual(b.participation.totals, { applied: 2, surveyed: 2, active: 1, withdrawn: 1 });
      assert.deepEqual(b.participation.applications, { total: 2, accepted: 2, pending: 0, rejected: 0 }, 'forms without a company do not belong to a group');
      assert.equal(b.detections.total, 68, 'C3 63 + C2 5');
      assert.equal(b.helpdesk.total, 1);
      assert.equal(b.dispatches.total, 2);
      const none = await get<ProgramDashboard>('dashboard', { group: 'none' });
      assert.equal(none.companies.total, 1);
      assert.equal(none.helpdesk.total, 1);
      const manufacturing = await get<ProgramDashboard>('dashboard', { industry: 'manufacturing' });
      assert.equal(manufacturing.companies.total, 2);
      assert.equal(manufacturing.participation.applications.total, 2, 'C3 and the pending form');
      assert.equal(manufacturing.detections.total, 213, 'C1 150 + C3 63');
      const small = await get<ProgramDashboard>('dashboard', { employees: '1-5' });
      assert.deepEqual([small.companies.total, small.detections.total, small.helpdesk.total], [1, 0, 1]);
      const json = await get<ProgramDashboard>('dashboard', { deviceType: 'json' });
      assert.deepEqual([json.companies.total, json.detections.total, json.deployment.atEnd.registered], [1, 63, 1], 'only the JSON device of C3 counts');
      const yamaha = await get<ProgramDashboard>('dashboard', { deviceType: 'yamaha' });
      assert.deepEqual([yamaha.companies.total, yamaha.detections.total, yamaha.helpdesk.total], [1, 0, 1], 'C3 has a Yamaha, which sent nothing');
      const noDevice = await get<ProgramDashboard>('dashboard', { deviceType: 'none' });
      assert.deepEqual([noDevice.companies.total, noDevice.assignment.rows.at(-1)!.noDevice], [1, 1]);
      const chamber = await get<ProgramDashboard>('dashboard', { referralRoute: 'chamber_of_commerce' });
      assert.deepEqual(chamber.participation.totals, { applied: 1, surveyed: 1, active: 1, withdrawn: 0 });
      const july = await get<ProgramDashboard>('dashboard', { from: '2025-07-01', to: '2025-07-31' });
      assert.deepEqual([july.detections.total, july.helpdesk.total, july.dispatches.total, july.period.months.length], [145, 1, 1, 1]);
    });

    it('drills down from figures to companies', async () => {
      assert.deepEqual(ids(await drill('companies')), { [C1.id]: null, [C2.id]: null, [C3.id]: null, [C4.id]: null });
      assert.deepEqual(ids(await drill('participation', 'stage:surveyed')), { [C1.id]: 1, [C2.id]: 1, [C3.id]: 1 });
      assert.deepEqual(ids(await drill('participation', 'stage:surveyed,route:insurer_sales')), { [C1.id]: 1, [C2.id]: 1 });
      assert.deepEqual(ids(await drill('participation', 'stage:surveyed', { month: '2025-08' })), { [C3.id]: 1 });
      assert.deepEqual(ids(await drill('status', 'status:active')), { [C1.id]: 1, [C3.id]: 1 });
      assert.deepEqual(ids(await drill('assignment', 'group:B')), { [C2.id]: 1, [C3.id]: 2 });
      assert.deepEqual(ids(await drill('assignment', 'vendor:none')), { [C4.id]: 0 });
      assert.deepEqual(ids(await drill('deployment', 'measure:notReporting', { month: '2025-09' })), { [C1.id]: 1, [C2.id]: 1, [C3.id]: 1 });
      assert.deepEqual(ids(await drill('detections', 'category:scan.inbound.probable')), { [C1.id]: 140 });
      assert.deepEqual(ids(await drill('detections', 'direction:inbound')), { [C1.id]: 140, [C2.id]: 5, [C3.id]: 10 });
      assert.deepEqual(ids(await drill('detections', undefined, { month: '2025-09' })), { [C3.id]: 63 });
      assert.deepEqual(ids(await drill('scanPorts', '23/tcp')), { [C1.id]: 100, [C3.id]: 10 });
      assert.deepEqual(ids(await drill('cases', 'channel:phone,firstResponse:met')), { [C1.id]: 1, [C4.id]: 1 });
      assert.deepEqual(ids(await drill('dispatches', 'report:late')), { [C3.id]: 1 });
      assert.deepEqual(ids(await drill('securityAction', 'level:one_star')), { [C2.id]: 1, [C3.id]: 1 });
      assert.deepEqual(ids(await drill('securityAction', 'level:one_star', { month: '2025-07' })), { [C1.id]: 1 });
      const first = await drill('detections', 'direction:inbound');
      assert.deepEqual(first.items.map((i) => i.id), [C1.id, C3.id, C2.id], 'largest first');
      assert.equal(first.items[0]!.name, C1.name);

      const bad = await call(t, admin, 'GET', `/api/v1/program/companies?${qs({ ...PERIOD, section: 'cases', month: '2025-10' })}`);
      assert.equal(bad.statusCode, 400);
      assert.equal((await call(t, admin, 'GET', `/api/v1/program/companies?${qs({ ...PERIOD, section: 'detections', key: 'colour:red' })}`)).statusCode, 400);
      assert.equal((await call(t, admin, 'GET', `/api/v1/program/companies?${qs({ ...PERIOD, section: 'nope' })}`)).statusCode, 400);
    });

    it('every linked cell of every table equals the companies it drills into', async () => {
      const d = await get<ProgramDashboard>('dashboard');
      const tables = programTables(d, programTranslator('ja'));
      const refs = new Set<string>();
      const seen = new Map<string, DrilldownDto>();
      let checked = 0;
      for (const table of tables) {
        for (const row of table.rows) {
          row.cells.forEach((v, i) => {
            const ref = cellDrill(row, table.columns[i]!);
            if (!ref || typeof v !== 'number') return;
            checked++;
            refs.add(JSON.stringify(ref));
          });
        }
      }
      for (const refKey of refs) {
        const ref = JSON.parse(refKey) as { section: string; key?: string; month?: string };
        seen.set(refKey, await drill(ref.section, ref.key, ref.month ? { month: ref.month } : {}));
      }
      for (const table of tables) {
        for (const row of table.rows) {
          row.cells.forEach((v, i) => {
            const ref = cellDrill(row, table.columns[i]!);
            if (!ref || typeof v !== 'number') return;
            const r = seen.get(JSON.stringify(ref))!;
            // Assignment and company cells count companies; every other cell counts the items the companies have.
            const got = ref.section === 'assignment' || ref.section === 'companies' ? r.total : r.items.reduce((n, x) => n + (x.count ?? 0), 0);
            assert.equal(got, v, `${table.id} / ${String(row.cells[0])} / ${table.columns[i]!.label} (${JSON.stringify(ref)})`);
          });
        }
      }
      assert.ok(checked > 150, `checked ${checked} cells`);
    });

    it('only the program office sees program figures', async () => {
      for (const role of ['operator', 'analyst', 'deployment', 'responder', 'insurer'] as const) {
        const s = await loginAs(t, role);
        for (const path of ['dashboard', 'companies?section=companies', 'report.xlsx', 'report.pdf']) {
          assert.equal((await call(t, s, 'GET', `/api/v1/program/${path}`)).statusCode, 403, `${role} ${path}`);
        }
      }
      const customer = await loginAs(t, 'company_admin', C1.id);
      assert.equal((await call(t, customer, 'GET', '/api/v1/program/dashboard')).statusCode, 403);
      assert.equal((await call(t, null, 'GET', '/api/v1/program/dashboard')).statusCode, 401);
      assert.equal((await call(t, admin, 'GET', '/api/v1/program/dashboard?group=D')).statusCode, 400);
      assert.equal((await call(t, admin, 'GET', '/api/v1/program/dashboard?from=2025-09-01&to=2025-08-01')).statusCode, 400);
      assert.equal((await call(t, admin, 'GET', '/api/v1/program/dashboard?from=2025-02-30')).statusCode, 400);
      const audited = await t.deps.db.kysely.selectFrom('audit_log').select('action').where('action', 'in', ['program.dashboard_viewed', 'program.drilldown_viewed']).execute();
      assert.ok(audited.some((a) => a.action === 'program.dashboard_viewed') && audited.some((a) => a.action === 'program.drilldown_viewed'), 'reads are audited');
    });
  });
}
