/**
 * Assessment demo data from the pilot (DESIGN §1): a pre-survey for every surveyed company whose
 * answers give exactly its group (A 25 / B 149 / C 7), a self-assessment for the active companies with
 * answers that fit their group, and SECURITY ACTION declarations growing from 17 to 44 (★ 34, ★★ 10)
 * over the pilot. Driven through the real use cases.
 */
import type { Deps } from '../../platform/deps.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { systemActor } from '../../platform/auth/roles.ts';
import { seededRandom } from '../../platform/random.ts';
import { coreItems, items } from './question-bank.ts';
import { groupFor, defaultGroupRule, type PresurveyAnswers, type Ypn } from './scoring.ts';
import { submitAssessment, submitPresurvey } from './assessments.ts';
import { updateSecurityAction } from './securityAction.ts';

const ypn: Ypn[] = ['no', 'partial', 'yes'];

function presurveyFor(group: 'A' | 'B' | 'C', r: () => number): PresurveyAnswers {
  for (let attempt = 0; attempt < 500; attempt++) {
    const bias = group === 'A' ? 0.75 : group === 'C' ? 0.08 : 0.4;
    const pick = (): Ypn => ypn[Math.min(2, Math.floor((r() * 0.9 + bias * 0.9) * 2.2))]!;
    const a: PresurveyAnswers = {
      S1: pick(), S2: pick(), S3: pick(),
      S4: [1, 2, 3, 4, 5].filter(() => r() < bias + 0.15),
      S5: pick(), S6: pick(), S7: pick(),
      S8: { isms: group === 'A' && r() < 0.2, insurance: r() < 0.3 },
    };
    const org = [a.S1, a.S2, a.S3].reduce((s, v) => s + ypn.indexOf(v), 0);
    const meas = new Set(a.S4).size + [a.S5, a.S6, a.S7].reduce((s, v) => s + ypn.indexOf(v), 0);
    if (groupFor(org, meas, a.S8, defaultGroupRule, 'ja').group === group) return a;
  }
  throw new Error(`could not generate a pre-survey for group ${group}`);
}

function answersFor(group: string, r: () => number): Record<string, string> {
  const p = group === 'A' ? [0.8, 0.15, 0.03, 0.02] : group === 'C' ? [0.2, 0.25, 0.4, 0.15] : [0.5, 0.25, 0.18, 0.07];
  const out: Record<string, string> = {};
  for (const i of items) {
    if (i.part === 'extension' && r() < 0.3) continue;
    let x = r();
    let v = 'yes';
    for (const [k, w] of (['yes', 'partial', 'no', 'unknown'] as const).map((k, j) => [k, p[j]!] as const)) {
      if ((x -= w) < 0) {
        v = k;
        break;
      }
    }
    if (i.naAllowed && r() < 0.1) v = 'na';
    out[i.id] = v;
  }
  for (const i of coreItems) out[i.id] ??= 'no';
  return out;
}

export async function loadAssessmentDemo(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<{ presurveys: number; assessments: number; oneStar: number; twoStar: number }> {
  const r = seededRandom(1955);
  const base = deps.clock.now().getTime();
  let t = base;
  const clock: Clock = { now: () => new Date(t) };
  const d = { ...deps, clock };
  const ctx = { actor: systemActor };
  const companies = await deps.db.kysely
    .selectFrom('companies')
    .select(['id', 'status', 'maturity_group', 'created_at'])
    .where('maturity_group', 'is not', null)
    .orderBy('created_at')
    .execute();
  let presurveys = 0;
  let assessments = 0;
  const assessed: string[] = [];
  for (const c of companies) {
    t = Date.parse(c.created_at) + 3 * 86_400_000;
    await submitPresurvey(d, ctx, c.id, {
      answers: presurveyFor(c.maturity_group as 'A' | 'B' | 'C', r),
      facts: {
        pcCount: 3 + Math.floor(r() * 40),
        servers: r() < 0.3 ? 1 : 0,
        wifi: r() < 0.9,
        routerPasswordChanged: r() < 21 / 23 ? 'no' : 'yes', // the pilot: 21 of 23 visited companies
        existingUtm: r() < 12 / 193,
        ispLine: r() < 0.03 ? 'closed_network' : 'fiber',
        allPcsOnNonVpnWifi: r() < 0.04,
        routerIkev2: r() < 0.6 ? 'yes' : r() < 0.5 ? 'no' : 'unknown',
      },
    });
    presurveys++;
    if (c.status === 'active') {
      t += 30 * 86_400_000;
      await submitAssessment(d, ctx, c.id, { answers: answersFor(c.maturity_group!, r) });
      assessments++;
      assessed.push(c.id);
    }
  }
  // SECURITY ACTION: 17 at the start of the pilot, 44 at the end (★ 34, ★★ 10); ★★ only where assessed.
  const start = base - 200 * 86_400_000;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const pool = companies.filter((c) => c.status !== 'withdrawn').map((c) => c.id);
  const twoStar = assessed.slice(0, 10);
  const oneStar = pool.filter((id) => !twoStar.includes(id)).slice(0, 34);
  const all = [...oneStar.map((id) => [id, 'one_star'] as const), ...twoStar.map((id) => [id, 'two_star'] as const)];
  for (const [i, [id, level]] of all.entries()) {
    // The first 17 declared before the pilot; the rest during its seven months.
    const at = i < 17 ? start - (30 + i) * 86_400_000 : start + Math.floor(((i - 17) / 27) * 190) * 86_400_000;
    t = at;
    await updateSecurityAction(d, ctx, id, {
      fiveArticles: { '1': true, '2': true, '3': true, '4': true, '5': true },
      level: 'one_star',
      declaredAt: day(at),
      declarationId: `5${String(1_000_000_000 + i * 7919).slice(0, 10)}`,
    });
    if (level === 'two_star') {
      // The step up to ★★ comes after the self-assessment and the policy, never in the future.
      t = Math.min(at + 40 * 86_400_000, base - 2 * 86_400_000);
      await updateSecurityAction(d, ctx, id, {
        basicPolicy: { approvedBy: '代表取締役', approvedAt: day(t), publishedUrl: `https://example.jp/${id}/security-policy` },
        level: 'two_star',
        declaredAt: day(t),
      });
    }
  }
  return { presurveys, assessments, oneStar: oneStar.length, twoStar: twoStar.length };
}
