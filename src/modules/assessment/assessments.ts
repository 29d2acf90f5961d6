/** Use cases: pre-survey and grouping, group override, self-assessment drafts, submission, history, distribution. */
import type { Deps, Ctx } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit, audit } from '../../platform/audit/audit.ts';
import { isCompanyRole, isProgramAdmin, type Actor } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/ids/ids.ts';
import { companyScope } from '../../platform/tenancy/scope.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { openCompany } from '../companies/getCompany.ts';
import { coreItems, csfFunctions, items, QUESTION_BANK_VERSION, type CsfFunction } from './question-bank.ts';
import { presurveyResult, scoreAssessment, validateAnswers, type Answer, type AssessmentResult, type PresurveyAnswers, type PresurveyFacts } from './scoring.ts';

type D = Pick<Deps, 'db' | 'clock' | 'config'>;

/** Who may answer for a company: its own users, or help-desk / monitoring / program staff on its behalf. */
function answering(actor: Actor, companyId: string): { onBehalf: boolean } {
  companyScope(actor, companyId); // not_found for other companies
  if (isCompanyRole(actor.role)) return { onBehalf: false };
  if (['program_admin', 'operator', 'analyst', 'system'].includes(actor.role)) return { onBehalf: actor.role !== 'system' };
  throw new AppError('forbidden', 'this role cannot answer for a company');
}

const badRequest = (fields: { path: string; message: string }[]) => new AppError('validation_failed', `${fields[0]?.path}: ${fields[0]?.message}`, { fields });

// ---------------------------------------------------------------- pre-survey

export interface PresurveyDto {
  id: string;
  createdAt: string;
  org: number;
  meas: number;
  group: string;
  groupReasons: string[];
  deviceRecommendation: { kind: string; reasons: string[] };
  readinessFlags: string[];
  answers: PresurveyAnswers;
  facts: PresurveyFacts;
  override: null | { group: string; reason: string; by: string | null; at: string };
}

async function latestOverride(db: Executor, companyId: string) {
  const o = await db
    .selectFrom('group_overrides as g')
    .leftJoin('users as u', 'u.id', 'g.created_by')
    .select(['g.group_code', 'g.reason', 'u.name', 'g.created_at'])
    .where('g.company_id', '=', companyId)
    .orderBy('g.created_at', 'desc')
    .orderBy('g.id', 'desc')
    .executeTakeFirst();
  return o ? { group: o.group_code, reason: o.reason, by: o.name, at: o.created_at } : null;
}

async function presurveyDto(db: Executor, companyId: string, locale: Locale = 'ja', rules?: D['config']['assessmentRules']): Promise<PresurveyDto | null> {
  const r = await db.selectFrom('presurveys').selectAll().where('company_id', '=', companyId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  if (!r) return null;
  // Reasons are worded in the reader's language from the stored answers (when today's rule still gives the stored group).
  const again = rules ? presurveyResult(JSON.parse(r.answers) as PresurveyAnswers, JSON.parse(r.facts) as PresurveyFacts, rules, locale) : null;
  const same = again && again.group === r.group_code && again.deviceRecommendation.kind === r.device_kind;
  return {
    id: r.id,
    createdAt: r.created_at,
    org: r.org,
    meas: r.meas,
    group: r.group_code,
    groupReasons: same ? again.groupReasons : (JSON.parse(r.group_reasons) as string[]),
    deviceRecommendation: { kind: r.device_kind, reasons: same ? again.deviceRecommendation.reasons : (JSON.parse(r.device_reasons) as string[]) },
    readinessFlags: JSON.parse(r.readiness_flags) as string[],
    answers: JSON.parse(r.answers) as PresurveyAnswers,
    facts: JSON.parse(r.facts) as PresurveyFacts,
    override: await latestOverride(db, companyId),
  };
}

export async function submitPresurvey(deps: D, ctx: Ctx, companyId: string, input: { answers: PresurveyAnswers; facts: PresurveyFacts }, locale: 'ja' | 'en' = 'ja'): Promise<PresurveyDto> {
  const { onBehalf } = answering(ctx.actor, companyId);
  const company = await deps.db.kysely.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('company');
  const r = presurveyResult(input.answers, input.facts, deps.config.assessmentRules, locale);
  const now = deps.clock.now().toISOString();
  await deps.db.kysely.transaction().execute(async (tx) => {
    const id = newId('psv');
    await tx
      .insertInto('presurveys')
      .values({
        id, company_id: companyId, answers: JSON.stringify(input.answers), facts: JSON.stringify(input.facts), org: r.org, meas: r.meas, group_code: r.group,
        group_reasons: JSON.stringify(r.groupReasons), device_kind: r.deviceRecommendation.kind, device_reasons: JSON.stringify(r.deviceRecommendation.reasons),
        readiness_flags: JSON.stringify(r.readinessFlags), created_by: ctx.actor.userId, on_behalf: onBehalf ? 1 : 0, created_at: now,
      })
      .execute();
    // The company's group is the pre-survey's, unless the program office overrode it.
    const override = await latestOverride(tx, companyId);
    await tx.updateTable('companies').set({ maturity_group: override?.group ?? r.group, updated_at: now }).where('id', '=', companyId).execute();
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'assessment.presurvey_submitted', targetType: 'company', targetId: companyId, companyId, detail: { group: r.group, onBehalf } });
  });
  return (await presurveyDto(deps.db.kysely, companyId, locale, deps.config.assessmentRules))!;
}

export async function getPresurvey(deps: D, ctx: Ctx, companyId: string, locale: Locale = 'ja'): Promise<PresurveyDto> {
  await openCompany(deps, ctx, companyId, 'presurvey');
  const p = await presurveyDto(deps.db.kysely, companyId, locale, deps.config.assessmentRules);
  if (!p) throw notFound('pre-survey');
  return p;
}

export async function overrideGroup(deps: D, ctx: Ctx, companyId: string, input: { group: 'A' | 'B' | 'C'; reason: string }): Promise<PresurveyDto> {
  if (!isProgramAdmin(ctx.actor)) throw new AppError('forbidden', 'only the program office overrides a group');
  const company = await deps.db.kysely.selectFrom('companies').select(['id', 'maturity_group']).where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('company');
  const now = deps.clock.now().toISOString();
  await deps.db.kysely.transaction().execute(async (tx) => {
    const latest = await tx.selectFrom('presurveys').select('id').where('company_id', '=', companyId).orderBy('created_at', 'desc').executeTakeFirst();
    await tx.insertInto('group_overrides').values({ id: newId('gov'), company_id: companyId, presurvey_id: latest?.id ?? null, group_code: input.group, reason: input.reason, created_by: ctx.actor.userId, created_at: now }).execute();
    await tx.updateTable('companies').set({ maturity_group: input.group, updated_at: now }).where('id', '=', companyId).execute();
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'assessment.group_overridden', targetType: 'company', targetId: companyId, companyId, detail: { from: company.maturity_group, to: input.group, reason: input.reason } });
  });
  const p = await presurveyDto(deps.db.kysely, companyId);
  if (p) return p;
  // Overridden before any pre-survey: answer with the override alone.
  return { id: '', createdAt: now, org: 0, meas: 0, group: input.group, groupReasons: [], deviceRecommendation: { kind: 'needs_check', reasons: [] }, readinessFlags: [], answers: {} as PresurveyAnswers, facts: {}, override: await latestOverride(deps.db.kysely, companyId) };
}

// ---------------------------------------------------------------- self-assessment

export type ResultDto = AssessmentResult & { id: string; version: number; createdAt: string; onBehalf: boolean };

/** The stored result, its texts (advice, reasons) worded in the reader's language from the stored answers. */
function toResult(r: { id: string; version: number; created_at: string; result: string; on_behalf: number; answers: string }, locale: Locale = 'ja'): ResultDto {
  const stored = JSON.parse(r.result) as AssessmentResult;
  const worded = scoreAssessment(JSON.parse(r.answers) as Record<string, Answer>, locale);
  return { id: r.id, version: Number(r.version), createdAt: r.created_at, onBehalf: Number(r.on_behalf) === 1, ...stored, advice: worded.advice, groupReasons: worded.groupReasons };
}

export async function saveDraft(deps: D, ctx: Ctx, companyId: string, answers: Record<string, string>) {
  answering(ctx.actor, companyId);
  const problems = validateAnswers(answers, false);
  if (problems.length) throw badRequest(problems);
  const now = deps.clock.now().toISOString();
  const k = deps.db.kysely;
  const exists = await k.selectFrom('assessment_drafts').select('company_id').where('company_id', '=', companyId).executeTakeFirst();
  if (exists) await k.updateTable('assessment_drafts').set({ answers: JSON.stringify(answers), updated_by: ctx.actor.userId, updated_at: now }).where('company_id', '=', companyId).execute();
  else await k.insertInto('assessment_drafts').values({ company_id: companyId, answers: JSON.stringify(answers), updated_by: ctx.actor.userId, updated_at: now }).execute();
  return { answers, updatedAt: now, answered: Object.keys(answers).length, total: items.length };
}

export async function getDraft(deps: D, ctx: Ctx, companyId: string) {
  await openCompany(deps, ctx, companyId, 'assessment_draft');
  const d = await deps.db.kysely.selectFrom('assessment_drafts').selectAll().where('company_id', '=', companyId).executeTakeFirst();
  const answers = d ? (JSON.parse(d.answers) as Record<string, string>) : {};
  return { answers, updatedAt: d?.updated_at ?? null, answered: Object.keys(answers).length, total: items.length };
}

export async function submitAssessment(deps: D, ctx: Ctx, companyId: string, input: { answers: Record<string, string>; onBehalf?: boolean }, locale: 'ja' | 'en' = 'ja'): Promise<ResultDto> {
  const { onBehalf } = answering(ctx.actor, companyId);
  const problems = validateAnswers(input.answers, true);
  if (problems.length) throw badRequest(problems);
  const company = await deps.db.kysely.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('company');
  const result = scoreAssessment(input.answers as Record<string, Answer>, locale);
  const now = deps.clock.now().toISOString();
  const id = newId('asm');
  await deps.db.kysely.transaction().execute(async (tx) => {
    const last = await tx.selectFrom('assessments').select((eb) => eb.fn.max<number>('version').as('v')).where('company_id', '=', companyId).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    await tx
      .insertInto('assessments')
      .values({ id, company_id: companyId, version, bank_version: QUESTION_BANK_VERSION, answers: JSON.stringify(input.answers), ipa_score: result.ipaScore, ipa_band: result.ipaBand, result: JSON.stringify(result), created_by: ctx.actor.userId, on_behalf: onBehalf ? 1 : 0, created_at: now })
      .execute();
    await tx.deleteFrom('assessment_drafts').where('company_id', '=', companyId).execute();
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'assessment.submitted', targetType: 'assessment', targetId: id, companyId, detail: { version, ipaScore: result.ipaScore, onBehalf } });
  });
  return getAssessmentSummary(deps.db.kysely, id, locale);
}

async function getAssessmentSummary(db: Executor, id: string, locale: Locale): Promise<ResultDto> {
  const r = await db.selectFrom('assessments').select(['id', 'version', 'created_at', 'result', 'on_behalf', 'answers']).where('id', '=', id).executeTakeFirstOrThrow();
  return toResult(r, locale);
}

export async function latestAssessment(deps: D, ctx: Ctx, companyId: string, locale: Locale = 'ja'): Promise<ResultDto> {
  await openCompany(deps, ctx, companyId, 'assessment');
  const r = await deps.db.kysely.selectFrom('assessments').select(['id', 'version', 'created_at', 'result', 'on_behalf', 'answers']).where('company_id', '=', companyId).orderBy('version', 'desc').executeTakeFirst();
  if (!r) throw notFound('assessment');
  return toResult(r, locale);
}

export async function listAssessments(deps: D, ctx: Ctx, companyId: string) {
  await openCompany(deps, ctx, companyId, 'assessments');
  const rows = await deps.db.kysely.selectFrom('assessments').select(['id', 'version', 'created_at', 'ipa_score', 'ipa_band', 'result']).where('company_id', '=', companyId).orderBy('version', 'desc').execute();
  return {
    items: rows.map((r) => ({ id: r.id, version: Number(r.version), createdAt: r.created_at, ipaScore: Number(r.ipa_score), ipaBand: r.ipa_band, byFunction: (JSON.parse(r.result) as AssessmentResult).byFunction })),
  };
}

export async function getAssessment(deps: D, ctx: Ctx, companyId: string, id: string, locale: Locale = 'ja') {
  await openCompany(deps, ctx, companyId, 'assessment');
  const k = deps.db.kysely;
  const r = await k.selectFrom('assessments').selectAll().where('id', '=', id).where('company_id', '=', companyId).executeTakeFirst();
  if (!r) throw notFound('assessment');
  const prev = await k.selectFrom('assessments').selectAll().where('company_id', '=', companyId).where('version', '<', r.version).orderBy('version', 'desc').executeTakeFirst();
  const answers = JSON.parse(r.answers) as Record<string, string>;
  const result = toResult(r, locale);
  let delta = null;
  if (prev) {
    const pa = JSON.parse(prev.answers) as Record<string, string>;
    const pr = JSON.parse(prev.result) as AssessmentResult;
    const byFunction = {} as Record<CsfFunction, number>;
    for (const f of csfFunctions) byFunction[f] = result.byFunction[f].pct - pr.byFunction[f].pct;
    delta = {
      previousId: prev.id,
      ipaScore: result.ipaScore - Number(prev.ipa_score),
      byFunction,
      items: items.filter((i) => pa[i.id] !== answers[i.id]).map((i) => ({ id: i.id, from: pa[i.id] ?? null, to: answers[i.id] ?? null })),
    };
  }
  return { ...result, answers, delta };
}

/** Staff: where the program's companies stand (latest assessment of each). */
export async function distribution(deps: D, ctx: Ctx, q: { group?: string }) {
  if (isCompanyRole(ctx.actor.role) || !['program_admin', 'operator', 'analyst', 'deployment', 'insurer', 'system'].includes(ctx.actor.role)) {
    throw new AppError('forbidden', 'staff only');
  }
  const k = deps.db.kysely;
  let query = k
    .selectFrom('assessments as a')
    .innerJoin('companies as c', 'c.id', 'a.company_id')
    .select(['a.company_id', 'a.ipa_score', 'a.ipa_band', 'a.result', 'c.maturity_group'])
    .where(({ eb, selectFrom }) => eb('a.version', '=', selectFrom('assessments as b').select((b) => b.fn.max<number>('b.version').as('m')).whereRef('b.company_id', '=', 'a.company_id')));
  if (q.group) query = query.where('c.maturity_group', '=', q.group);
  const rows = await query.execute();
  const bands: Record<string, number> = { perfect: 0, mostly: 0, gaps: 0, critical: 0 };
  const byGroup: Record<string, { n: number; avgScore: number; byFunction: Record<string, number> }> = {};
  const histogram = [[-25, 49], [50, 69], [70, 89], [90, 99], [100, 100]].map(([from, to]) => ({ from: from!, to: to!, n: 0 }));
  const sums: Record<string, { score: number; f: Record<string, number> }> = {};
  for (const r of rows) {
    const score = Number(r.ipa_score);
    bands[r.ipa_band] = (bands[r.ipa_band] ?? 0) + 1;
    histogram.find((h) => score >= h.from && score <= h.to)!.n++;
    const g = r.maturity_group ?? '-';
    const res = JSON.parse(r.result) as AssessmentResult;
    const s = (sums[g] ??= { score: 0, f: {} });
    s.score += score;
    for (const f of csfFunctions) s.f[f] = (s.f[f] ?? 0) + res.byFunction[f].pct;
    byGroup[g] = { n: (byGroup[g]?.n ?? 0) + 1, avgScore: 0, byFunction: {} };
  }
  for (const [g, v] of Object.entries(byGroup)) {
    v.avgScore = Math.round(sums[g]!.score / v.n);
    for (const f of csfFunctions) v.byFunction[f] = Math.round(sums[g]!.f[f]! / v.n);
  }
  if (ctx.actor.role !== 'system') await audit(deps.db, deps.clock, ctx.actor, { action: 'assessment.distribution_viewed', detail: { group: q.group ?? null } });
  return { companies: rows.length, bands, byGroup, histogram };
}

export { coreItems };

/** The company's weakest area from its latest self-assessment, as a tip in each language (for the weekly report). */
export async function weakestAreaTips(db: Executor, companyId: string): Promise<Record<Locale, { title: string; text: string } | null>> {
  const r = await db.selectFrom('assessments').select(['answers']).where('company_id', '=', companyId).orderBy('version', 'desc').executeTakeFirst();
  const tip = (locale: Locale) => {
    if (!r) return null;
    const top = scoreAssessment(JSON.parse(r.answers) as Record<string, Answer>, locale).advice[0];
    if (!top) return null;
    const item = items.find((i) => i.id === top.itemId)!;
    return { title: item.text[locale], text: locale === 'ja' ? `${top.text}（${top.service}）` : `${top.text} (${top.service})` };
  };
  return { ja: tip('ja'), en: tip('en') };
}
