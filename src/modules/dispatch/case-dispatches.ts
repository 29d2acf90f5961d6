/**
 * What the help desk may read about a case's dispatches (for the `dispatches` list of the case
 * detail). The case's own access check applies; no audit here (the case view is audited).
 */
import type { Db, Executor } from '../../platform/db/database.ts';
import { dispatchRepository } from './dispatch.repository.ts';

export interface CaseDispatchSummary {
  id: string;
  number: string;
  status: string;
  request: string;
  visitAt: string | null;
  reportDueAt: string | null;
}

export async function dispatchesOfCase(db: Db, caseId: string, tx?: Executor): Promise<CaseDispatchSummary[]> {
  const rows = await dispatchRepository(db).dispatchesOfCase(caseId, tx);
  return rows.map((r) => ({ id: r.id, number: r.number, status: r.status, request: r.request, visitAt: r.visit_at, reportDueAt: r.report_due_at }));
}
