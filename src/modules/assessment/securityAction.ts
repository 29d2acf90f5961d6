/**
 * SECURITY ACTION (IPA's self-declaration, ★ / ★★): what the company declared, its evidence and the
 * computed eligibility. It is a self-declaration — otasuke never says "certified" and never declares
 * on the company's behalf; it records and helps.
 */
import type { Deps, Ctx } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isCompanyRole } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/ids/ids.ts';
import { companyScope } from '../../platform/tenancy/scope.ts';
import { openCompany } from '../companies/getCompany.ts';
import type { AssessmentResult } from './scoring.ts';

export const saLevels = ['none', 'one_star', 'two_star'] as const;
export type SaLevel = (typeof saLevels)[number];

export interface BasicPolicy {
  approvedBy: string;
  approvedAt: string;
  publishedUrl?: string;
  publishedAt?: string;
}

export async function securityActionStatus(db: Executor, companyId: string) {
  const r = await db.selectFrom('security_action').selectAll().where('company_id', '=', companyId).executeTakeFirst();
  const five = r ? (JSON.parse(r.five_articles) as Record<string, boolean>) : {};
  const policy = r?.basic_policy ? (JSON.parse(r.basic_policy) as BasicPolicy) : null;
  const latest = await db.selectFrom('assessments').select(['id', 'created_at', 'ipa_score', 'result']).where('company_id', '=', companyId).orderBy('version', 'desc').executeTakeFirst();
  const selfDiagnosis = latest && (JSON.parse(latest.result) as AssessmentResult).twoStarEvidence ? { assessmentId: latest.id, completedAt: latest.created_at, ipaScore: Number(latest.ipa_score) } : null;
  const missing: string[] = [];
  for (const n of ['1', '2', '3', '4', '5']) if (!five[n]) missing.push(`fiveArticles.${n}`);
  const oneStar = missing.length === 0;
  if (!selfDiagnosis) missing.push('selfDiagnosis');
  if (!policy?.approvedBy || !policy.approvedAt) missing.push('basicPolicy.approved');
  if (!policy?.publishedUrl) missing.push('basicPolicy.publishedUrl');
  const twoStar = oneStar && !!selfDiagnosis && !!policy?.approvedBy && !!policy.approvedAt && !!policy.publishedUrl;
  const history = await db.selectFrom('security_action_history').select(['level', 'at']).where('company_id', '=', companyId).orderBy('at').execute();
  return {
    level: (r?.level ?? 'none') as SaLevel,
    declarationId: r?.declaration_id ?? null,
    declaredAt: r?.declared_at ?? null,
    evidence: { fiveArticles: { ...five, committedAt: r?.five_committed_at ?? null }, selfDiagnosis, basicPolicy: policy },
    eligibility: { oneStar, twoStar, missing },
    history,
  };
}

export async function getSecurityAction(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string) {
  await openCompany(deps, ctx, companyId, 'security_action');
  return securityActionStatus(deps.db.kysely, companyId);
}

export interface SecurityActionInput {
  level?: SaLevel;
  declarationId?: string | null;
  declaredAt?: string | null;
  fiveArticles?: Record<string, boolean>;
  basicPolicy?: BasicPolicy | null;
}

export async function updateSecurityAction(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, input: SecurityActionInput) {
  companyScope(ctx.actor, companyId);
  if (isCompanyRole(ctx.actor.role) ? ctx.actor.role !== 'company_admin' : !['program_admin', 'operator', 'analyst', 'system'].includes(ctx.actor.role)) {
    throw new AppError('forbidden', 'the company admin or the program staff record the declaration');
  }
  const now = deps.clock.now().toISOString();
  await deps.db.kysely.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom('security_action').selectAll().where('company_id', '=', companyId).executeTakeFirst();
    const five = { ...(cur ? (JSON.parse(cur.five_articles) as Record<string, boolean>) : {}), ...(input.fiveArticles ?? {}) };
    const allFive = ['1', '2', '3', '4', '5'].every((n) => five[n]);
    const values = {
      level: input.level ?? cur?.level ?? 'none',
      declaration_id: input.declarationId !== undefined ? input.declarationId : (cur?.declaration_id ?? null),
      declared_at: input.declaredAt !== undefined ? input.declaredAt : (cur?.declared_at ?? null),
      five_articles: JSON.stringify(five),
      five_committed_at: allFive ? (cur?.five_committed_at ?? now) : null,
      basic_policy: input.basicPolicy !== undefined ? (input.basicPolicy ? JSON.stringify(input.basicPolicy) : null) : (cur?.basic_policy ?? null),
      updated_by: ctx.actor.userId,
      updated_at: now,
    };
    if (cur) await tx.updateTable('security_action').set(values).where('company_id', '=', companyId).execute();
    else await tx.insertInto('security_action').values({ company_id: companyId, ...values }).execute();
    if ((cur?.level ?? 'none') !== values.level) {
      await tx.insertInto('security_action_history').values({ id: newId('sah'), company_id: companyId, level: values.level, at: values.declared_at ? `${values.declared_at.slice(0, 10)}T00:00:00.000Z` : now }).execute();
    }
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'security_action.updated', targetType: 'company', targetId: companyId, companyId, detail: { level: values.level } });
  });
  return securityActionStatus(deps.db.kysely, companyId);
}

/** ★ / ★★ counts at the end of each month (the pilot: 17 → 44 declarations). */
export async function securityActionSummary(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx) {
  if (isCompanyRole(ctx.actor.role) || !['program_admin', 'operator', 'analyst', 'deployment', 'insurer', 'system'].includes(ctx.actor.role)) throw new AppError('forbidden', 'staff only');
  const rows = await deps.db.kysely.selectFrom('security_action_history').select(['company_id', 'level', 'at']).orderBy('at').execute();
  const current = new Map<string, string>();
  const byMonth: { month: string; oneStar: number; twoStar: number }[] = [];
  const months = [...new Set(rows.map((r) => r.at.slice(0, 7)))].sort();
  let i = 0;
  for (const m of months) {
    while (i < rows.length && rows[i]!.at.slice(0, 7) <= m) {
      current.set(rows[i]!.company_id, rows[i]!.level);
      i++;
    }
    const levels = [...current.values()];
    byMonth.push({ month: m, oneStar: levels.filter((l) => l === 'one_star').length, twoStar: levels.filter((l) => l === 'two_star').length });
  }
  const now = await deps.db.kysely.selectFrom('security_action').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').execute();
  const count = (l: string) => Number(now.find((r) => r.level === l)?.n ?? 0);
  const companies = Number((await deps.db.kysely.selectFrom('companies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { byMonth, current: { none: companies - count('one_star') - count('two_star'), oneStar: count('one_star'), twoStar: count('two_star') } };
}
