/**
 * Knowledge base / playbooks: per-topic answers with a plain-Japanese customer version (published
 * as the company users' help page) and a technical staff version with a checklist.
 */
import type { Deps, Ctx } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isCompanyRole, type Actor } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/ids/ids.ts';
import { normaliseSearch } from '../companies/search-text.ts';
import type { KbDto } from './helpdesk.schemas.ts';

type KbRow = {
  id: string; slug: string; category: string; title: string; customer_body: string; staff_body: string; checklist: string; published: number; updated_at: string;
};

function canEditKb(actor: Actor) {
  return ['operator', 'analyst', 'program_admin', 'system'].includes(actor.role);
}

function toDto(r: KbRow, customer: boolean): KbDto {
  const base = { id: r.id, slug: r.slug, category: r.category, title: r.title, customerBody: r.customer_body, published: Number(r.published) === 1, updatedAt: r.updated_at };
  return customer ? base : { ...base, staffBody: r.staff_body, checklist: JSON.parse(r.checklist) as string[] };
}

const cols = ['id', 'slug', 'category', 'title', 'customer_body', 'staff_body', 'checklist', 'published', 'updated_at'] as const;

export async function listKb(deps: Pick<Deps, 'db'>, ctx: Ctx, q: { q?: string; category?: string }): Promise<{ items: KbDto[] }> {
  const customer = isCompanyRole(ctx.actor.role);
  if (!customer && !canEditKb(ctx.actor) && ctx.actor.role !== 'responder') throw new AppError('forbidden', 'this role cannot read the knowledge base');
  let query = deps.db.kysely.selectFrom('kb_articles').select([...cols]);
  if (customer) query = query.where('published', '=', 1);
  if (q.category) query = query.where('category', '=', q.category);
  for (const word of normaliseSearch(q.q ?? '').split(' ').filter(Boolean).slice(0, 5)) {
    query = query.where('search_text', 'like', `%${word.replace(/[%_\\]/g, '')}%`);
  }
  const rows = await query.orderBy('category').orderBy('title').limit(200).execute();
  return { items: rows.map((r) => toDto(r, customer)) };
}

export async function getKb(deps: Pick<Deps, 'db'>, ctx: Ctx, id: string): Promise<KbDto> {
  const customer = isCompanyRole(ctx.actor.role);
  const r = await deps.db.kysely.selectFrom('kb_articles').select([...cols]).where('id', '=', id).executeTakeFirst();
  if (!r || (customer && Number(r.published) !== 1)) throw notFound('article');
  if (!customer && !canEditKb(ctx.actor) && ctx.actor.role !== 'responder') throw notFound('article');
  return toDto(r, customer);
}

export interface KbInput {
  slug: string;
  category: string;
  title: string;
  customerBody: string;
  staffBody: string;
  checklist: string[];
  published: boolean;
}

function searchText(a: Pick<KbInput, 'title' | 'customerBody' | 'staffBody' | 'slug'>) {
  return normaliseSearch([a.slug, a.title, a.customerBody, a.staffBody].join(' '));
}

export async function createKb(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, a: KbInput, tx?: Executor): Promise<KbDto> {
  if (!canEditKb(ctx.actor)) throw new AppError('forbidden', 'only staff edit the knowledge base');
  const db = tx ?? deps.db.kysely;
  const exists = await db.selectFrom('kb_articles').select('id').where('slug', '=', a.slug).executeTakeFirst();
  if (exists) throw new AppError('conflict', 'an article with this slug exists', { fields: [{ path: 'slug', message: 'taken' }] });
  const now = deps.clock.now().toISOString();
  const id = newId('kb');
  await db
    .insertInto('kb_articles')
    .values({
      id, slug: a.slug, category: a.category, title: a.title, customer_body: a.customerBody, staff_body: a.staffBody, checklist: JSON.stringify(a.checklist),
      published: a.published ? 1 : 0, search_text: searchText(a), updated_by: ctx.actor.userId, created_at: now, updated_at: now,
    })
    .execute();
  await appendAudit(db, deps.clock, ctx.actor, { action: 'kb.created', targetType: 'kb_article', targetId: id, detail: { slug: a.slug } });
  return getKb(deps, { actor: { ...ctx.actor, role: 'system' } }, id);
}

export async function updateKb(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string, patch: Partial<KbInput>): Promise<KbDto> {
  if (!canEditKb(ctx.actor)) throw new AppError('forbidden', 'only staff edit the knowledge base');
  const cur = await deps.db.kysely.selectFrom('kb_articles').select([...cols]).where('id', '=', id).executeTakeFirst();
  if (!cur) throw notFound('article');
  const next: KbInput = {
    slug: patch.slug ?? cur.slug,
    category: patch.category ?? cur.category,
    title: patch.title ?? cur.title,
    customerBody: patch.customerBody ?? cur.customer_body,
    staffBody: patch.staffBody ?? cur.staff_body,
    checklist: patch.checklist ?? (JSON.parse(cur.checklist) as string[]),
    published: patch.published ?? Number(cur.published) === 1,
  };
  await deps.db.kysely.transaction().execute(async (tx) => {
    await tx
      .updateTable('kb_articles')
      .set({
        slug: next.slug, category: next.category, title: next.title, customer_body: next.customerBody, staff_body: next.staffBody, checklist: JSON.stringify(next.checklist),
        published: next.published ? 1 : 0, search_text: searchText(next), updated_by: ctx.actor.userId, updated_at: deps.clock.now().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'kb.updated', targetType: 'kb_article', targetId: id, detail: { fields: Object.keys(patch) } });
  });
  return getKb(deps, { actor: { ...ctx.actor, role: 'system' } }, id);
}

/** Which playbooks fit a case: by its category and by the categories of its linked alerts. */
const byCaseCategory: Record<string, string[]> = {
  malware: ['botnet', 'scareware', 'emotet', 'malware'],
  suspicious_mail: ['emotet', 'suspicious_mail'],
  unauthorized_access: ['internal_scan', 'unauthorized_access'],
  consultation: ['windows_update', 'scareware', 'consultation'],
  device_trouble: ['windows_update', 'device_trouble'],
  service_question: ['service_question'],
  other: ['other'],
};
const byAlertCategory: Record<string, string> = { 'c2.botnet.outbound': 'botnet', 'scan.internal': 'internal_scan', 'malware.virus': 'botnet', 'malware.spyware': 'botnet' };

export async function playbooksFor(db: Executor, caseCategory: string, alertCategories: string[]): Promise<{ id: string; title: string; category: string }[]> {
  const wanted = new Set([...(byCaseCategory[caseCategory] ?? []), ...alertCategories.map((c) => byAlertCategory[c]).filter((c): c is string => !!c)]);
  if (wanted.size === 0) return [];
  const rows = await db.selectFrom('kb_articles').select(['id', 'title', 'category']).where('category', 'in', [...wanted]).orderBy('title').limit(10).execute();
  // Alert-derived playbooks first: they are the most specific.
  const first = new Set(alertCategories.map((c) => byAlertCategory[c]));
  return rows.sort((a, b) => Number(first.has(b.category)) - Number(first.has(a.category)));
}
