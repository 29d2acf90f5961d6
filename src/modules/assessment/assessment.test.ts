import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines } from '../../../tests/support/engines.ts';
import { call, loginAs, makeCompany, startTestApp, type Session, type TestApp } from '../../../tests/support/harness.ts';
import { coreItems, items, functionsOf, csfFunctions } from './question-bank.ts';
import { defaultGroupRule, groupFor, presurveyResult, scoreAssessment, type Answer, type PresurveyAnswers } from './scoring.ts';

const all = (a: Answer, extra: Record<string, Answer> = {}) => ({ ...Object.fromEntries(coreItems.map((i) => [i.id, a])), ...extra }) as Record<string, Answer>;

describe('question bank', () => {
  it('has the 25 core items in IPA order and 8 extension items, each mapped to CSF and mostly to CIS IG1', () => {
    assert.deepEqual(coreItems.map((i) => i.ipaItem), Array.from({ length: 25 }, (_, i) => i + 1));
    assert.deepEqual(items.filter((i) => i.part === 'extension').map((i) => i.id), ['X01', 'X02', 'X03', 'X04', 'X05', 'X06', 'X07', 'X08']);
    for (const i of items) assert.ok(i.csf.length > 0 && i.csf.every((c) => /^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}$/.test(c)), `${i.id} maps to CSF subcategories`);
    assert.deepEqual(items.filter((i) => i.naAllowed).map((i) => i.id), ['Q09', 'Q13', 'Q23']);
  });
  it('every CSF function is reached by at least one item (the extension items fill RC and DE)', () => {
    const reached = new Set(items.flatMap(functionsOf));
    assert.deepEqual([...csfFunctions].filter((f) => !reached.has(f)), []);
  });
});

describe('scoring (IPA-compatible)', () => {
  it('all yes = 100 perfect; all no = 0 critical; all unknown = −25', () => {
    assert.deepEqual([scoreAssessment(all('yes')).ipaScore, scoreAssessment(all('yes')).ipaBand], [100, 'perfect']);
    assert.deepEqual([scoreAssessment(all('no')).ipaScore, scoreAssessment(all('no')).ipaBand], [0, 'critical']);
    assert.equal(scoreAssessment(all('unknown')).ipaScore, -25);
  });
  it('band boundaries 70/69/50/49 and N/A counted as 4', () => {
    // 17 yes (68) + 1 partial (2) = 70; the rest no.
    const a = all('no');
    coreItems.slice(0, 17).forEach((i) => (a[i.id] = 'yes'));
    a.Q18 = 'partial';
    assert.deepEqual([scoreAssessment(a).ipaScore, scoreAssessment(a).ipaBand], [70, 'mostly']);
    a.Q18 = 'no';
    a.Q19 = 'partial';
    a.Q17 = 'partial'; // 16 yes + 2 partial = 68 → gaps
    assert.deepEqual([scoreAssessment(a).ipaScore, scoreAssessment(a).ipaBand], [68, 'gaps']);
    const b = all('no');
    coreItems.slice(0, 12).forEach((i) => (b[i.id] = 'yes'));
    b.Q13 = 'partial'; // 48 + 2 = 50
    assert.deepEqual([scoreAssessment(b).ipaScore, scoreAssessment(b).ipaBand], [50, 'gaps']);
    b.Q13 = 'unknown'; // 48 − 1 = 47
    assert.deepEqual([scoreAssessment(b).ipaScore, scoreAssessment(b).ipaBand], [47, 'critical']);
    const na = all('yes', { Q09: 'na', Q13: 'na', Q23: 'na' });
    assert.equal(scoreAssessment(na).ipaScore, 100, 'not applicable counts as implemented');
  });
  it('"don\'t know" answers come first in the advice and lower the confidence', () => {
    const a = all('yes', { Q11: 'no', Q03: 'unknown', Q20: 'partial' });
    const r = scoreAssessment(a);
    assert.deepEqual(r.unknownItems, ['Q03']);
    assert.equal(r.advice[0]!.itemId, 'Q03');
    assert.equal(r.advice[0]!.unknown, true);
    assert.deepEqual(r.advice.map((x) => x.itemId), ['Q03', 'Q11', 'Q20']);
    assert.equal(r.confidence, 96, '24 of 25 answers known');
  });
  it('the CSF view: all yes = 100 in every reached function; N/A excluded; unknown counts 0', () => {
    const full = scoreAssessment({ ...all('yes'), ...Object.fromEntries(items.filter((i) => i.part === 'extension').map((i) => [i.id, 'yes'])) } as Record<string, Answer>);
    for (const f of csfFunctions) assert.equal(full.byFunction[f].pct, 100, f);
    const core = scoreAssessment(all('yes'));
    assert.equal(core.byFunction.RC.pct, 0, 'RC is reached only by X04: no answer, no score');
    assert.equal(core.byFunction.RC.coverage, 0);
    // DE: Q02 (DE.CM-09, PR.PS-05 → w ½), Q15 (PR.AA-06, DE.CM-02 → w ½); Q02 no → DE = (0·½ + 4·½)/(4·½ + 4·½) = 50 %.
    const de = scoreAssessment(all('yes', { Q02: 'no' }));
    assert.equal(de.byFunction.DE.pct, 50);
    assert.equal(de.byFunction.DE.label, 'partial');
  });
  it('re-grouping after the full assessment follows the documented rule', () => {
    assert.equal(scoreAssessment(all('no')).assessedGroup, 'C');
    const weakBasics = all('yes', { Q01: 'no', Q02: 'no', Q03: 'partial', Q04: 'no', Q05: 'partial' }); // Part 1 = 4 ≤ 10
    assert.equal(scoreAssessment(weakBasics).assessedGroup, 'C');
    assert.equal(scoreAssessment(all('yes')).assessedGroup, 'B', 'A also needs X01 yes');
    assert.equal(scoreAssessment(all('yes', { X01: 'yes' })).assessedGroup, 'A');
  });
});

describe('pre-survey grouping rule (boundaries)', () => {
  const r = defaultGroupRule;
  it('A: org ≥ 5 and measures ≥ 8, or ISMS with org ≥ 4', () => {
    assert.equal(groupFor(5, 8, {}, r, 'ja').group, 'A');
    assert.equal(groupFor(4, 11, {}, r, 'ja').group, 'B');
    assert.equal(groupFor(6, 7, {}, r, 'ja').group, 'B');
    assert.equal(groupFor(4, 0, { isms: true }, r, 'ja').group, 'A');
    assert.equal(groupFor(3, 11, { isms: true }, r, 'ja').group, 'B');
  });
  it('C: org ≤ 1 and measures ≤ 4', () => {
    assert.equal(groupFor(1, 4, {}, r, 'ja').group, 'C');
    assert.equal(groupFor(2, 4, {}, r, 'ja').group, 'B');
    assert.equal(groupFor(1, 5, {}, r, 'ja').group, 'B');
    assert.equal(groupFor(0, 0, {}, r, 'ja').group, 'C');
  });
  it('the rule is configurable', () => {
    assert.equal(groupFor(4, 8, {}, { ...r, aOrgMin: 4 }, 'ja').group, 'A');
  });
  it('device recommendation and readiness flags', () => {
    const a: PresurveyAnswers = { S1: 'yes', S2: 'partial', S3: 'no', S4: [1, 2], S5: 'no', S6: 'yes', S7: 'no', S8: {} };
    const small = presurveyResult(a, { pcCount: 8, routerIkev2: 'yes', routerPasswordChanged: 'no' });
    assert.deepEqual([small.org, small.meas, small.group], [3, 4, 'B']);
    assert.equal(small.deviceRecommendation.kind, 'cloud_utm');
    assert.deepEqual(small.readinessFlags, ['default_router_password']);
    assert.equal(presurveyResult(a, { pcCount: 40, routerIkev2: 'yes', routerPasswordChanged: 'yes' }).deviceRecommendation.kind, 'onprem_utm');
    assert.equal(presurveyResult(a, { routerIkev2: 'no', routerPasswordChanged: 'yes' }).deviceRecommendation.kind, 'onprem_utm');
    const wifi = presurveyResult(a, { allPcsOnNonVpnWifi: true, routerIkev2: 'yes', routerPasswordChanged: 'yes' });
    assert.deepEqual([wifi.deviceRecommendation.kind, wifi.readinessFlags], ['needs_check', ['wifi_non_vpn_router']]);
    const utm = presurveyResult(a, { existingUtm: true, ispLine: 'closed_network', routerPasswordChanged: 'unknown' });
    assert.equal(utm.deviceRecommendation.kind, 'none');
    assert.deepEqual(utm.readinessFlags, ['default_router_password', 'existing_utm', 'closed_network']);
  });
});

for (const engine of engines) {
  describe(`assessment API [${engine}]`, () => {
    let t: TestApp;
    let companyA: string;
    let companyB: string;
    let ownerA: Session;
    let ownerB: Session;
    let admin: Session;
    let operator: Session;
    before(async () => {
      t = await startTestApp(engine);
      companyA = (await makeCompany(t)).id;
      companyB = (await makeCompany(t)).id;
      ownerA = await loginAs(t, 'company_admin', companyA);
      ownerB = await loginAs(t, 'company_admin', companyB);
      admin = await loginAs(t, 'program_admin');
      operator = await loginAs(t, 'operator');
    });
    after(() => t.close());

    it('the contract: POST returns 201 with id, ipaScore, ipaBand, byFunction; latest returns the same', async () => {
      const answers = { ...all('yes', { Q03: 'partial', Q11: 'no', Q09: 'na', Q20: 'unknown' }), X01: 'yes', X04: 'no' };
      const r = await call(t, ownerA, 'POST', `/api/v1/companies/${companyA}/assessments`, { answers });
      assert.equal(r.statusCode, 201, r.body);
      const body = r.json();
      assert.equal(body.ipaScore, 100 - 2 - 4 - 5);
      assert.equal(body.ipaBand, 'mostly');
      for (const f of ['GV', 'ID', 'PR', 'DE', 'RS', 'RC']) assert.equal(typeof body.byFunction[f].pct, 'number');
      assert.deepEqual(body.unknownItems, ['Q20']);
      const latest = (await call(t, ownerA, 'GET', `/api/v1/companies/${companyA}/assessments/latest`)).json();
      assert.deepEqual({ id: latest.id, ipaScore: latest.ipaScore, ipaBand: latest.ipaBand, byFunction: latest.byFunction }, { id: body.id, ipaScore: body.ipaScore, ipaBand: body.ipaBand, byFunction: body.byFunction });
    });

    it('refuses incomplete or invalid answers with the fields named', async () => {
      const missing = await call(t, ownerA, 'POST', `/api/v1/companies/${companyA}/assessments`, { answers: { Q01: 'yes' } });
      assert.equal(missing.statusCode, 400);
      assert.ok(missing.json().error.fields.some((f: { path: string }) => f.path === 'answers.Q25'));
      const naNotAllowed = await call(t, ownerA, 'POST', `/api/v1/companies/${companyA}/assessments`, { answers: all('yes', { Q01: 'na' }) });
      assert.equal(naNotAllowed.statusCode, 400);
      assert.match(naNotAllowed.json().error.fields[0].path, /Q01/);
      const bad = await call(t, ownerA, 'POST', `/api/v1/companies/${companyA}/assessments`, { answers: all('yes', { Q02: 'maybe' as Answer }) });
      assert.equal(bad.statusCode, 400);
    });

    it('drafts save and continue later; a second assessment is a new version with deltas; past ones are immutable', async () => {
      const d1 = await call(t, ownerA, 'PUT', `/api/v1/companies/${companyA}/assessments/draft`, { answers: { Q01: 'yes', Q02: 'no' } });
      assert.equal(d1.statusCode, 200, d1.body);
      assert.equal(d1.json().answered, 2);
      assert.deepEqual((await call(t, ownerA, 'GET', `/api/v1/companies/${companyA}/assessments/draft`)).json().answers, { Q01: 'yes', Q02: 'no' });
      const second = await call(t, operator, 'POST', `/api/v1/companies/${companyA}/assessments`, { answers: { ...all('yes', { Q09: 'na' }), X01: 'yes', X04: 'yes' }, onBehalf: true });
      assert.equal(second.statusCode, 201, second.body);
      assert.equal(second.json().version, 2);
      assert.equal(second.json().onBehalf, true, 'staff answering is recorded as on the company’s behalf');
      assert.deepEqual((await call(t, ownerA, 'GET', `/api/v1/companies/${companyA}/assessments/draft`)).json().answers, {}, 'the draft is cleared');
      const detail = (await call(t, ownerA, 'GET', `/api/v1/companies/${companyA}/assessments/${second.json().id}`)).json();
      assert.equal(detail.delta.ipaScore, 100 - 89);
      assert.deepEqual(detail.delta.items.find((i: { id: string }) => i.id === 'Q11'), { id: 'Q11', from: 'no', to: 'yes' });
      assert.ok(detail.delta.byFunction.PR > 0);
      const list = (await call(t, ownerA, 'GET', `/api/v1/companies/${companyA}/assessments`)).json();
      assert.deepEqual(list.items.map((i: { version: number }) => i.version), [2, 1]);
      const audited = await t.deps.db.kysely.selectFrom('audit_log').select(['detail']).where('action', '=', 'assessment.submitted').where('company_id', '=', companyA).execute();
      assert.ok(audited.some((a) => JSON.parse(a.detail).onBehalf === true));
      await assert.rejects(sql`update assessments set ipa_score = 100 where company_id = ${companyA}`.execute(t.deps.db.kysely), /append-only/);
      await assert.rejects(sql`delete from assessments where company_id = ${companyA}`.execute(t.deps.db.kysely), /append-only/);
    });

    it('a company cannot read or write another company’s answers', async () => {
      for (const [m, url, body] of [
        ['GET', `/api/v1/companies/${companyA}/assessments/latest`],
        ['GET', `/api/v1/companies/${companyA}/assessments`],
        ['GET', `/api/v1/companies/${companyA}/assessments/draft`],
        ['PUT', `/api/v1/companies/${companyA}/assessments/draft`, { answers: { Q01: 'no' } }],
        ['POST', `/api/v1/companies/${companyA}/assessments`, { answers: all('no') }],
        ['GET', `/api/v1/companies/${companyA}/presurvey/latest`],
        ['GET', `/api/v1/companies/${companyA}/security-action`],
        ['PUT', `/api/v1/companies/${companyA}/security-action`, { level: 'none' }],
        ['GET', `/api/v1/companies/${companyA}/roadmap`],
        ['GET', `/api/v1/companies/${companyA}/basic-policy.pdf`],
      ] as const) {
        const r = await call(t, ownerB, m, url, body);
        assert.equal(r.statusCode, 404, `${m} ${url}: ${r.statusCode}`);
      }
      assert.equal((await call(t, ownerB, 'GET', '/api/v1/assessment/distribution')).statusCode, 403);
      const responder = await loginAs(t, 'responder');
      assert.equal((await call(t, responder, 'GET', `/api/v1/companies/${companyA}/assessments/latest`)).statusCode, 404);
    });

    it('pre-survey → group and recommendation; the program office overrides the group with a reason (audited)', async () => {
      const r = await call(t, ownerB, 'POST', `/api/v1/companies/${companyB}/presurvey`, {
        answers: { S1: 'no', S2: 'no', S3: 'partial', S4: [2], S5: 'no', S6: 'partial', S7: 'no', S8: {} },
        facts: { pcCount: 6, wifi: true, routerMaker: 'NEC', routerPasswordChanged: 'no', existingUtm: false, ispLine: 'fiber', routerIkev2: 'yes' },
      });
      assert.equal(r.statusCode, 201, r.body);
      assert.deepEqual([r.json().org, r.json().meas, r.json().group], [1, 2, 'C']);
      assert.equal(r.json().deviceRecommendation.kind, 'cloud_utm');
      assert.deepEqual(r.json().readinessFlags, ['default_router_password']);
      const company = (await call(t, admin, 'GET', `/api/v1/companies/${companyB}`)).json();
      assert.equal(company.group ?? company.maturityGroup ?? company.company?.group, 'C');
      assert.equal((await call(t, operator, 'POST', `/api/v1/companies/${companyB}/group-override`, { group: 'B', reason: 'x' })).statusCode, 403);
      const o = await call(t, admin, 'POST', `/api/v1/companies/${companyB}/group-override`, { group: 'B', reason: '社長がセキュリティ担当を兼ね、規程を準備中のため' });
      assert.equal(o.statusCode, 200, o.body);
      assert.equal(o.json().override.group, 'B');
      assert.equal(o.json().group, 'C', 'the pre-survey result itself is kept');
      const row = await t.deps.db.kysely.selectFrom('companies').select('maturity_group').where('id', '=', companyB).executeTakeFirstOrThrow();
      assert.equal(row.maturity_group, 'B');
      const audit = await t.deps.db.kysely.selectFrom('audit_log').select('detail').where('action', '=', 'assessment.group_overridden').executeTakeFirstOrThrow();
      assert.deepEqual({ ...JSON.parse(audit.detail), reason: undefined }, { from: 'C', to: 'B', reason: undefined });
    });

    it('SECURITY ACTION: ★ after the five rules, ★★ needs the self-assessment and a published policy; counts by month', async () => {
      let s = (await call(t, ownerA, 'GET', `/api/v1/companies/${companyA}/security-action`)).json();
      assert.equal(s.eligibility.oneStar, false);
      s = (await call(t, ownerA, 'PUT', `/api/v1/companies/${companyA}/security-action`, { fiveArticles: { 1: true, 2: true, 3: true, 4: true, 5: true }, level: 'one_star', declaredAt: '2026-09-01', declarationId: '51234567890' })).json();
      assert.equal(s.eligibility.oneStar, true);
      assert.equal(s.eligibility.twoStar, false);
      assert.deepEqual(s.eligibility.missing, ['basicPolicy.approved', 'basicPolicy.publishedUrl'], 'the self-assessment is already there');
      s = (await call(t, ownerA, 'PUT', `/api/v1/companies/${companyA}/security-action`, { basicPolicy: { approvedBy: '代表取締役 青井 一郎', approvedAt: '2026-10-01', publishedUrl: 'https://aoi.example.jp/security-policy' }, level: 'two_star', declaredAt: '2026-10-15' })).json();
      assert.equal(s.eligibility.twoStar, true);
      assert.deepEqual(s.history.map((h: { level: string }) => h.level), ['one_star', 'two_star']);
      const member = await loginAs(t, 'company_member', companyA);
      assert.equal((await call(t, member, 'PUT', `/api/v1/companies/${companyA}/security-action`, { level: 'none' })).statusCode, 403);
      const sum = (await call(t, admin, 'GET', '/api/v1/security-action/summary')).json();
      assert.deepEqual(sum.byMonth.filter((m: { month: string }) => m.month === '2026-09' || m.month === '2026-10'), [
        { month: '2026-09', oneStar: 1, twoStar: 0 },
        { month: '2026-10', oneStar: 0, twoStar: 1 },
      ]);
      const pdf = await call(t, ownerA, 'GET', `/api/v1/companies/${companyA}/basic-policy.pdf?approvedBy=${encodeURIComponent('代表取締役 青井 一郎')}&date=2026-10-01`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    });

    it('the roadmap orders steps by phase and marks what is done', async () => {
      const r = (await call(t, ownerA, 'GET', `/api/v1/companies/${companyA}/roadmap`)).json();
      const phases = r.steps.map((s: { phase: number }) => s.phase);
      assert.deepEqual(phases, [...phases].sort((a: number, b: number) => a - b));
      assert.equal(r.steps.find((s: { key: string }) => s.key === 'five_articles').done, true);
      assert.equal(r.steps.find((s: { key: string }) => s.key === 'utm_monitoring').done, false, 'no firewall registered yet');
      const c = (await call(t, ownerB, 'GET', `/api/v1/companies/${companyB}/roadmap`)).json();
      assert.equal(c.steps[0].key, 'security_lead');
    });

    it('staff see the distribution of the latest assessments', async () => {
      const d = (await call(t, admin, 'GET', '/api/v1/assessment/distribution')).json();
      assert.equal(d.companies, 1, 'one company assessed (its latest version counts once)');
      assert.equal(d.bands.mostly + d.bands.perfect + d.bands.gaps + d.bands.critical, 1);
    });
  });
}
