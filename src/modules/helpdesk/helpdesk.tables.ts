/** One case per contact (web form, mail, phone call, or outbound from an alert). */
export interface CasesTable {
  id: string;
  /** Human case number shown to customers and used in mail subjects: C-000123. */
  number: string;
  company_id: string;
  subject: string;
  channel: string; // web | mail | phone | outbound
  category: string;
  severity: string; // low | medium | high | critical
  status: string; // new | in_progress | waiting_customer | resolved | closed
  tier: string; // front | back
  assignee_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  /** JSON: the prepared call script for outbound cases. */
  call_script: string | null;
  /** JSON: the back office's judgement (incident?, category, dispatch?, why, by, at). */
  judgement: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  first_responded_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  /** SLA due instants, moved forward when a pause ends. */
  first_response_due_at: string;
  resolution_due_at: string;
  /** Set while waiting for the customer (clocks paused). */
  paused_since: string | null;
  /** JSON [{from, to}] of ended pauses (ISO), for recomputing due instants. */
  sla_pauses: string;
  /** Lower-cased subject + contact for search. */
  search_text: string;
}

/** Everything that happened on a case, in order. */
export interface CaseEventsTable {
  id: string;
  case_id: string;
  company_id: string;
  at: string;
  kind: string;
  actor_id: string | null;
  actor_name: string | null;
  visibility: string; // public | internal
  body: string;
  /** JSON detail (status from/to, escalation reason, mail headers …). */
  data: string;
  /** Message-ID of a mail in or out, for threading replies. */
  message_id: string | null;
}

export interface CaseAttachmentsTable {
  id: string;
  case_id: string;
  company_id: string;
  event_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  at: string;
}

export interface CaseAlertsTable {
  case_id: string;
  alert_id: string;
  company_id: string;
}

/** Mails otasuke did not turn into cases: unknown senders, too large, malformed, mail bombs. */
export interface MailQuarantineTable {
  id: string;
  received_at: string;
  mail_from: string;
  subject: string;
  reason: string;
  size: number;
  status: string; // held | released | discarded
  /** File name of the raw message under <data>/mail/quarantine. */
  raw_file: string | null;
  case_id: string | null;
}

export interface KbArticlesTable {
  id: string;
  slug: string;
  category: string;
  title: string;
  customer_body: string;
  staff_body: string;
  checklist: string; // JSON string[]
  published: number; // 0 | 1
  search_text: string;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface NoticesTable {
  id: string;
  title: string;
  body: string;
  filter: string; // JSON
  recipients: number;
  mailed: number;
  created_by: string | null;
  sent_at: string;
}

export interface NoticeRecipientsTable {
  notice_id: string;
  company_id: string;
  email: string | null;
  message_id: string | null;
  status: string; // sent | failed | in_app
}

export interface HelpdeskCountersTable {
  name: string;
  value: number;
}

export interface HelpdeskTables {
  helpdesk_counters: HelpdeskCountersTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_attachments: CaseAttachmentsTable;
  case_alerts: CaseAlertsTable;
  mail_quarantine: MailQuarantineTable;
  kb_articles: KbArticlesTable;
  notices: NoticesTable;
  notice_recipients: NoticeRecipientsTable;
}
