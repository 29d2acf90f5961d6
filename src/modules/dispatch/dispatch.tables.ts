/** Tables owned by the dispatch module (駆けつけ). Times are ISO-8601 UTC text on both engines. */

/** A dispatch office and the municipalities it covers (e.g. 名古屋, covering 名古屋市 …). */
export interface DispatchOfficesTable {
  id: string;
  name: string;
  address: string;
  /** JSON string[]: municipality names (名古屋市, 一宮市 …) matched against a site address. */
  coverage: string;
  /** Display order (offices are listed in the order they were added). */
  position: number;
  created_at: string;
  updated_at: string;
}

/** Dispatch profile of a user with role `responder`: office, skills, working hours. */
export interface DispatchRespondersTable {
  user_id: string;
  office_id: string | null;
  /** JSON string[]: windows | mac | smartphone | mfp. */
  skills: string;
  /** Working hours in Japan time, `HH:MM-HH:MM`. */
  hours: string;
  updated_at: string;
}

/** One row per on-site dispatch ordered from a case. */
export interface DispatchesTable {
  id: string;
  /** Human number used in mails and the report: D-000001. */
  number: string;
  case_id: string;
  company_id: string;
  status: string; // ordered | scheduled | on_site | reported | cancelled
  request: string; // identify_device | fast_forensics | evidence_preservation | recovery
  priority: string; // normal | urgent
  site_address: string;
  /** JSON: { ip, mac, vendor, hostname, kind } of the device to examine. */
  device: string;
  /** 1 when the order is to identify the device (identity may be unknown). */
  identify_device: number;
  office_id: string | null;
  responder_id: string | null;
  visit_at: string | null;
  arrived_at: string | null;
  report_due_at: string | null;
  report_sent_at: string | null;
  /** JSON: { deviceIdentified: { done, at, by, note }, … }. */
  checklist: string;
  findings: string | null;
  recovered_at: string | null;
  /** JSON: { whatHappened, why, whatDone, whatNext, technical, updatedAt, updatedBy, sentTo?, sentSha256? } or null. */
  report: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** The number generator for dispatches (one row; its row lock serialises concurrent orders on PostgreSQL). */
export interface DispatchCounterTable {
  id: number;
  value: number;
}

/** Evidence collected on site. Append-only: the database refuses UPDATE and DELETE. */
export interface DispatchEvidenceTable {
  id: string;
  dispatch_id: string;
  company_id: string;
  label: string;
  sha256: string;
  size: number;
  collected_by_id: string | null;
  collected_by_name: string;
  collected_at: string;
  /** Where the evidence was stored when collected (e.g. "暗号化USB E-01, 鍵付きケース"). */
  location: string;
  recorded_at: string;
}

/** Chain of custody: every hand-over of a piece of evidence. Append-only: the database refuses UPDATE and DELETE. */
export interface DispatchCustodyTable {
  id: string;
  evidence_id: string;
  dispatch_id: string;
  company_id: string;
  /** Order of hand-overs within one piece of evidence (1, 2, …). */
  seq: number;
  at: string;
  from_party: string;
  to_party: string;
  location: string;
  purpose: string;
  recorded_by_id: string | null;
  recorded_by_name: string;
}

export interface DispatchTables {
  dispatch_offices: DispatchOfficesTable;
  dispatch_responders: DispatchRespondersTable;
  dispatches: DispatchesTable;
  dispatch_counter: DispatchCounterTable;
  dispatch_evidence: DispatchEvidenceTable;
  dispatch_custody: DispatchCustodyTable;
}
