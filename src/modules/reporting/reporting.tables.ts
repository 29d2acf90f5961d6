/** One row per (company, week): the weekly report's delivery, so a re-run never sends twice. */
export interface WeeklyReportSendsTable {
  company_id: string;
  /** Monday of the JST week, YYYY-MM-DD. */
  week: string;
  /** sending | sent | failed | bounced | uncertain (a crash happened while sending: not retried automatically) */
  status: string;
  message_id: string | null;
  recipients: string; // JSON string[]
  attempts: number;
  error: string | null;
  sent_at: string | null;
  updated_at: string;
}

/**
 * Counts that a source only delivers per week (a cloud UTM's weekly report mail). They are shown
 * as weekly totals and never spread into invented daily events.
 */
export interface WeeklyAggregatesTable {
  company_id: string;
  week: string;
  source: string;
  category: string;
  key: string;
  count: number;
  received_at: string;
}

export interface ReportingTables {
  weekly_report_sends: WeeklyReportSendsTable;
  weekly_aggregates: WeeklyAggregatesTable;
}
