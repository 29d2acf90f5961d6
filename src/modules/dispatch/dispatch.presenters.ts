import type { CustodyRow, DispatchListRow, EvidenceRow } from './dispatch.repository.ts';
import type { ChecklistEntryDto, CustodyDto, DeviceDto, DispatchDetailDto, DispatchItemDto, EvidenceDto, ReportDto } from './dispatch.schemas.ts';
import { checklistItems } from './dispatch.codes.ts';

export type Checklist = Record<string, ChecklistEntryDto>;

function parseJson<T>(v: string | null, fallback: T): T {
  if (!v) return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

export function parseDevice(v: string): DeviceDto {
  const d = parseJson<Partial<DeviceDto>>(v, {});
  return { ip: d.ip ?? null, mac: d.mac ?? null, vendor: d.vendor ?? null, hostname: d.hostname ?? null, kind: d.kind ?? null };
}

/** Every checklist item, in the fixed order, with what was recorded for it. */
export function parseChecklist(v: string): Checklist {
  const stored = parseJson<Checklist>(v, {});
  const out: Checklist = {};
  for (const item of checklistItems) {
    const e = stored[item];
    out[item] = { done: e?.done ?? false, at: e?.at ?? null, by: e?.by ?? null, note: e?.note ?? null };
  }
  return out;
}

export function parseReport(v: string | null): ReportDto | null {
  const r = parseJson<Partial<ReportDto> | null>(v, null);
  if (!r) return null;
  return {
    whatHappened: r.whatHappened ?? '',
    why: r.why ?? '',
    whatDone: r.whatDone ?? '',
    whatNext: r.whatNext ?? '',
    technical: r.technical ?? '',
    updatedAt: r.updatedAt ?? '',
    updatedBy: r.updatedBy ?? null,
    sentTo: r.sentTo ?? null,
    sentSha256: r.sentSha256 ?? null,
  };
}

export function toItem(r: DispatchListRow): DispatchItemDto {
  return {
    id: r.id,
    number: r.number,
    caseId: r.case_id,
    companyId: r.company_id,
    companyName: r.company_name,
    status: r.status,
    request: r.request,
    priority: r.priority,
    siteAddress: r.site_address,
    officeId: r.office_id,
    officeName: r.office_name,
    responderId: r.responder_id,
    responderName: r.responder_name,
    visitAt: r.visit_at,
    arrivedAt: r.arrived_at,
    reportDueAt: r.report_due_at,
    reportSentAt: r.report_sent_at,
    createdAt: r.created_at,
  };
}

export function toDetail(r: DispatchListRow): DispatchDetailDto {
  return {
    ...toItem(r),
    caseNumber: r.case_number,
    device: parseDevice(r.device),
    identifyDevice: Number(r.identify_device) === 1,
    checklist: parseChecklist(r.checklist),
    findings: r.findings,
    recoveredAt: r.recovered_at,
    timeToRecoveryMinutes: r.recovered_at ? Math.max(0, Math.round((Date.parse(r.recovered_at) - Date.parse(r.created_at)) / 60_000)) : null,
    report: parseReport(r.report),
  };
}

export function toCustody(c: CustodyRow): CustodyDto {
  return { seq: Number(c.seq), at: c.at, from: c.from_party, to: c.to_party, location: c.location, purpose: c.purpose, recordedBy: c.recorded_by_name };
}

export function toEvidence(e: EvidenceRow, custody: CustodyRow[]): EvidenceDto {
  return {
    id: e.id,
    label: e.label,
    sha256: e.sha256,
    size: Number(e.size),
    collectedBy: e.collected_by_name,
    collectedAt: e.collected_at,
    location: e.location,
    custody: custody.filter((c) => c.evidence_id === e.id).map(toCustody),
  };
}
