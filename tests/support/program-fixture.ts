/**
 * A small program with known figures for the program dashboard tests (API, files, browser).
 * Period 2025-07-01..2025-09-30 (JST). Every expected number in the tests is counted by hand
 * from the rows below; the comments say which rows make each figure.
 */
import type { Deps } from '../../src/platform/deps.ts';

export const PERIOD = { from: '2025-07-01', to: '2025-09-30' };

const company = (id: string, name: string, group: string | null, industry: string, band: string, route: string, created: string) => ({
  id, name, maturity_group: group, industry, employees_band: band, referral_route: route, created_at: created, updated_at: created,
  pc_count: 10, sites: 1, status: 'applied', address: '愛知県名古屋市', phone: null, email: null, website: null, withdrawal_reason: null, withdrawal_note: null, search_text: name,
});

export const COMPANIES = {
  C1: company('cmp_pf_1', '株式会社あおい精機', 'A', 'manufacturing', '6-20', 'insurer_sales', '2025-06-20T01:00:00.000Z'),
  C2: company('cmp_pf_2', '有限会社みどり商店', 'B', 'retail', '21-50', 'insurer_sales', '2025-07-02T01:00:00.000Z'),
  C3: company('cmp_pf_3', '株式会社さくら工業', 'B', 'manufacturing', '6-20', 'chamber_of_commerce', '2025-07-10T01:00:00.000Z'),
  // 2025-09-30 23:30 JST: inside the period.
  C4: company('cmp_pf_4', '株式会社つばき会計事務所', null, 'service', '1-5', 'ipa', '2025-09-30T14:30:00.000Z'),
  // 2025-10-01 00:30 JST: after the period.
  C5: company('cmp_pf_5', '株式会社もみじ金属', 'C', 'manufacturing', '6-20', 'insurer_sales', '2025-09-30T15:30:00.000Z'),
};

/** [company, to_status, at, reason] — the participation history. */
const history: [keyof typeof COMPANIES, string, string, string | null][] = [
  ['C1', 'applied', '2025-06-20T01:00:00.000Z', null],
  ['C1', 'surveyed', '2025-06-30T15:10:00.000Z', null], // 2025-07-01 00:10 JST: July
  ['C1', 'active', '2025-08-10T01:00:00.000Z', null],
  ['C2', 'applied', '2025-07-02T01:00:00.000Z', null],
  ['C2', 'surveyed', '2025-07-20T01:00:00.000Z', null],
  ['C2', 'withdrawn', '2025-09-15T01:00:00.000Z', 'network_layout'],
  ['C3', 'applied', '2025-07-10T01:00:00.000Z', null],
  ['C3', 'surveyed', '2025-07-31T15:30:00.000Z', null], // 2025-08-01 00:30 JST: August
  ['C3', 'active', '2025-09-01T01:00:00.000Z', null],
  ['C4', 'applied', '2025-09-30T14:30:00.000Z', null],
  ['C5', 'applied', '2025-09-30T15:30:00.000Z', null],
];
const finalStatus: Record<keyof typeof COMPANIES, string> = { C1: 'active', C2: 'withdrawn', C3: 'active', C4: 'applied', C5: 'applied' };

/** [route, status, created, company, industry] — application forms. */
const applications: [string, string, string, keyof typeof COMPANIES | null, string][] = [
  ['insurer_sales', 'accepted', '2025-06-20T00:00:00.000Z', 'C1', 'manufacturing'],
  ['insurer_sales', 'accepted', '2025-07-01T01:00:00.000Z', 'C2', 'retail'],
  ['chamber_of_commerce', 'accepted', '2025-07-09T01:00:00.000Z', 'C3', 'manufacturing'],
  ['ipa', 'accepted', '2025-09-29T01:00:00.000Z', 'C4', 'service'],
  ['insurer_sales', 'pending', '2025-08-15T01:00:00.000Z', null, 'manufacturing'],
  ['other', 'rejected', '2025-09-01T01:00:00.000Z', null, 'retail'],
  ['insurer_sales', 'accepted', '2025-09-30T15:30:00.000Z', 'C5', 'manufacturing'],
];

/** [id, company, vendor, created] and the days each sent logs. */
const devices: [string, keyof typeof COMPANIES, string, string, string[]][] = [
  ['dev_pf_1', 'C1', 'sonicwall', '2025-07-03T01:00:00.000Z', ['2025-07-04', '2025-08-02']],
  ['dev_pf_2', 'C3', 'json', '2025-08-20T01:00:00.000Z', ['2025-09-05']],
  ['dev_pf_3', 'C3', 'yamaha', '2025-09-10T01:00:00.000Z', []],
  ['dev_pf_4', 'C2', 'sonicwall', '2025-06-01T01:00:00.000Z', ['2025-06-02', '2025-07-10']],
];

/** [device, day, category, key, count] — daily detection counts. */
const rollups: [string, string, string, string, number][] = [
  ['dev_pf_1', '2025-07-01', 'scan.inbound.probable', '23/tcp', 100],
  ['dev_pf_1', '2025-07-15', 'scan.inbound.probable', '22/tcp', 40],
  ['dev_pf_1', '2025-08-02', 'block.url_category', 'Phishing', 7],
  ['dev_pf_1', '2025-08-02', 'c2.botnet.outbound', 'Zeus', 3],
  ['dev_pf_2', '2025-09-05', 'block.ip_reputation', 'Scanners', 50],
  ['dev_pf_2', '2025-09-05', 'scan.internal', '', 2],
  ['dev_pf_2', '2025-09-05', 'scan.inbound.possible', '23/tcp', 10],
  ['dev_pf_2', '2025-09-05', 'malware.virus', 'EICAR', 1],
  ['dev_pf_4', '2025-07-10', 'dos.inbound', 'SYN flood', 5],
  ['dev_pf_4', '2025-06-30', 'scan.inbound.probable', '80/tcp', 999], // before the period
  ['dev_pf_4', '2025-10-01', 'scan.inbound.probable', '80/tcp', 888], // after the period
];

/** [company, level, at] — SECURITY ACTION self-declarations. */
const levels: [keyof typeof COMPANIES, string, string][] = [
  ['C1', 'one_star', '2025-06-15T00:00:00.000Z'], // before the period: counted at its start
  ['C2', 'one_star', '2025-07-31T15:30:00.000Z'], // 2025-08-01 00:30 JST: from August
  ['C1', 'two_star', '2025-08-20T00:00:00.000Z'],
  ['C3', 'one_star', '2025-09-10T00:00:00.000Z'],
  ['C4', 'one_star', '2025-09-30T15:30:00.000Z'], // 1 October JST: after the period
];

interface CaseSpec {
  id: string;
  company: keyof typeof COMPANIES;
  channel: string;
  category: string;
  status: string;
  created: string;
  firstAt: string | null;
  firstDue: string;
  resolvedAt: string | null;
  resolutionDue: string;
  pausedSince?: string;
}
const cases: CaseSpec[] = [
  // phone: first response met, resolution met
  { id: 'cas_pf_1', company: 'C1', channel: 'phone', category: 'malware', status: 'resolved', created: '2025-07-02T01:00:00.000Z', firstAt: '2025-07-02T01:20:00.000Z', firstDue: '2025-07-02T02:00:00.000Z', resolvedAt: '2025-07-03T01:00:00.000Z', resolutionDue: '2025-07-05T01:00:00.000Z' },
  // mail: first response breached, resolution met
  { id: 'cas_pf_2', company: 'C1', channel: 'mail', category: 'consultation', status: 'closed', created: '2025-08-05T00:00:00.000Z', firstAt: '2025-08-05T06:00:00.000Z', firstDue: '2025-08-05T04:00:00.000Z', resolvedAt: '2025-08-06T00:00:00.000Z', resolutionDue: '2025-08-10T00:00:00.000Z' },
  // outbound: never answered, both clocks ran past due
  { id: 'cas_pf_3', company: 'C3', channel: 'outbound', category: 'malware', status: 'in_progress', created: '2025-09-05T02:00:00.000Z', firstAt: null, firstDue: '2025-09-05T03:00:00.000Z', resolvedAt: null, resolutionDue: '2025-09-08T02:00:00.000Z' },
  // 2025-10-01 01:00 JST: after the period
  { id: 'cas_pf_4', company: 'C2', channel: 'web', category: 'suspicious_mail', status: 'new', created: '2025-09-30T16:00:00.000Z', firstAt: null, firstDue: '2025-10-01T02:00:00.000Z', resolvedAt: null, resolutionDue: '2025-10-03T02:00:00.000Z' },
  // phone: first response met; waiting for the customer (paused), resolution pending
  { id: 'cas_pf_5', company: 'C4', channel: 'phone', category: 'consultation', status: 'waiting_customer', created: '2025-09-29T00:00:00.000Z', firstAt: '2025-09-29T00:30:00.000Z', firstDue: '2025-09-29T01:00:00.000Z', resolvedAt: null, resolutionDue: '2099-01-01T00:00:00.000Z', pausedSince: '2025-09-29T01:00:00.000Z' },
];

interface DispatchSpec {
  id: string;
  number: string;
  company: keyof typeof COMPANIES;
  caseId: string;
  status: string;
  request: string;
  created: string;
  arrived: string | null;
  due: string | null;
  sent: string | null;
}
const dispatches: DispatchSpec[] = [
  // 150 min to arrival, report on time
  { id: 'dsp_pf_1', number: 'D-900001', company: 'C1', caseId: 'cas_pf_1', status: 'reported', request: 'fast_forensics', created: '2025-07-02T02:00:00.000Z', arrived: '2025-07-02T04:30:00.000Z', due: '2025-07-09T04:30:00.000Z', sent: '2025-07-08T00:00:00.000Z' },
  // cancelled before anyone went
  { id: 'dsp_pf_4', number: 'D-900004', company: 'C1', caseId: 'cas_pf_1', status: 'cancelled', request: 'recovery', created: '2025-08-01T00:00:00.000Z', arrived: null, due: null, sent: null },
  // 60 min, report a day late (+24.0 h)
  { id: 'dsp_pf_2', number: 'D-900002', company: 'C3', caseId: 'cas_pf_3', status: 'reported', request: 'recovery', created: '2025-09-05T03:00:00.000Z', arrived: '2025-09-05T04:00:00.000Z', due: '2025-09-12T04:00:00.000Z', sent: '2025-09-13T04:00:00.000Z' },
  // 90 min, report never sent: overdue
  { id: 'dsp_pf_3', number: 'D-900003', company: 'C3', caseId: 'cas_pf_3', status: 'on_site', request: 'identify_device', created: '2025-09-20T00:00:00.000Z', arrived: '2025-09-20T01:30:00.000Z', due: '2025-09-27T01:30:00.000Z', sent: null },
];

export async function loadProgramFixture(deps: Pick<Deps, 'db'>): Promise<void> {
  const k = deps.db.kysely;
  await k.transaction().execute(async (tx) => {
    for (const [key, c] of Object.entries(COMPANIES)) await tx.insertInto('companies').values({ ...c, status: finalStatus[key as keyof typeof COMPANIES] }).execute();
    let n = 0;
    for (const [c, to, at, reason] of history) {
      await tx.insertInto('company_status_history').values({ id: `csh_pf_${++n}`, company_id: COMPANIES[c].id, from_status: null, to_status: to, reason_code: reason, note: null, actor_id: null, at }).execute();
    }
    n = 0;
    for (const [route, status, created, c, industry] of applications) {
      n++;
      await tx
        .insertInto('applications')
        .values({
          id: `app_pf_${n}`, company_name: c ? COMPANIES[c].name : `株式会社申込${n}`, industry, employees_band: c ? COMPANIES[c].employees_band : '6-20', pc_count: 5, sites: 1, contact_name: '担当 者', contact_title: null,
          phone: '052-000-0000', email: `apply${n}@example.jp`, address: null, referral_route: route, referral_note: null, status, created_at: created, decided_at: null, decided_by: null, decision_note: null,
          company_id: c ? COMPANIES[c].id : null, name_key: `pf${n}`,
        })
        .execute();
    }
    for (const [id, c, vendor, created, days] of devices) {
      await tx.insertInto('devices').values({ id, company_id: COMPANIES[c].id, vendor, identity: `SN-${id}`, identity_kind: 'serial', name: null, timezone: 'Asia/Tokyo', lan_cidrs: '[]', ingest_token_hash: null, created_at: created, updated_at: created, last_seen_at: null }).execute();
      for (const day of days) await tx.insertInto('device_daily_stats').values({ device_id: id, day, lines: 1000, dead_letters: 0 }).execute();
    }
    n = 0;
    for (const [c, level, at] of levels) await tx.insertInto('security_action_history').values({ id: `sah_pf_${++n}`, company_id: COMPANIES[c].id, level, at }).execute();
    const owner = new Map(devices.map(([id, c]) => [id, COMPANIES[c].id]));
    for (const [device, day, category, key, count] of rollups) {
      await tx.insertInto('detection_rollups').values({ company_id: owner.get(device)!, day, category, key, device_id: device, count }).execute();
    }
    n = 0;
    for (const c of cases) {
      await tx
        .insertInto('cases')
        .values({
          id: c.id, number: `C-9000${++n}`, company_id: COMPANIES[c.company].id, subject: '件名', channel: c.channel, category: c.category, severity: 'medium', status: c.status, tier: 'front', assignee_id: null,
          contact_name: null, contact_email: null, contact_phone: null, call_script: null, judgement: null, created_by: null, created_at: c.created, updated_at: c.created, first_responded_at: c.firstAt,
          resolved_at: c.resolvedAt, closed_at: c.status === 'closed' ? c.resolvedAt : null, first_response_due_at: c.firstDue, resolution_due_at: c.resolutionDue, paused_since: c.pausedSince ?? null, sla_pauses: '[]', search_text: '件名',
        })
        .execute();
    }
    for (const d of dispatches) {
      await tx
        .insertInto('dispatches')
        .values({
          id: d.id, number: d.number, case_id: d.caseId, company_id: COMPANIES[d.company].id, status: d.status, request: d.request, priority: 'normal', site_address: '愛知県名古屋市', device: '{}', identify_device: 0,
          office_id: null, responder_id: null, visit_at: null, arrived_at: d.arrived, report_due_at: d.due, report_sent_at: d.sent, checklist: '{}', findings: null, recovered_at: null, report: null, created_by: null,
          created_at: d.created, updated_at: d.created,
        })
        .execute();
    }
  });
}
