/**
 * Case attachments, stored content-addressed under `<data>/attachments/<sha256[0..2]>/<sha256>`:
 * the SHA-256 is the evidence-grade identity of the file, and a file sent twice is kept once.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Deps, Ctx } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/app-error.ts';
import { audit } from '../../platform/audit/audit.ts';
import { isCompanyRole } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/ids/ids.ts';
import { loadCase } from './cases.ts';

function fileFor(dataDir: string, sha256: string) {
  return path.join(dataDir, 'attachments', sha256.slice(0, 2), sha256);
}

export function storeBlob(dataDir: string, content: Buffer): string {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const file = fileFor(dataDir, sha256);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  }
  return sha256;
}

/** Cleans a file name from a mail for display and download (no paths, no control characters). */
export function safeFilename(name: string | undefined): string {
  const base = (name ?? 'attachment').split(/[\\/]/).pop() ?? 'attachment';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').trim().slice(0, 200);
  return clean || 'attachment';
}

export async function addAttachment(
  tx: Executor,
  dataDir: string,
  a: { caseId: string; companyId: string; eventId: string | null; filename: string; contentType: string; content: Buffer; at: string },
) {
  const sha256 = storeBlob(dataDir, a.content);
  const id = newId('att');
  await tx
    .insertInto('case_attachments')
    .values({ id, case_id: a.caseId, company_id: a.companyId, event_id: a.eventId, filename: safeFilename(a.filename), content_type: a.contentType || 'application/octet-stream', size: a.content.length, sha256, at: a.at })
    .execute();
  return { id, sha256, size: a.content.length };
}

export async function readAttachment(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: Ctx, caseId: string, attachmentId: string) {
  const row = await loadCase(deps.db.kysely, ctx.actor, caseId);
  const att = await deps.db.kysely.selectFrom('case_attachments').selectAll().where('id', '=', attachmentId).where('case_id', '=', caseId).executeTakeFirst();
  if (!att) throw notFound('attachment');
  if (isCompanyRole(ctx.actor.role) && att.event_id) {
    const ev = await deps.db.kysely.selectFrom('case_events').select('visibility').where('id', '=', att.event_id).executeTakeFirst();
    if (ev?.visibility !== 'public') throw notFound('attachment');
  }
  const file = fileFor(deps.config.dataDir, att.sha256);
  if (!existsSync(file)) throw notFound('attachment file');
  if (!isCompanyRole(ctx.actor.role)) {
    await audit(deps.db, deps.clock, ctx.actor, { action: 'case.attachment_downloaded', targetType: 'case', targetId: caseId, companyId: row.company_id, detail: { attachmentId, sha256: att.sha256 } });
  }
  return { filename: att.filename, contentType: att.content_type, content: readFileSync(file), sha256: att.sha256 };
}
