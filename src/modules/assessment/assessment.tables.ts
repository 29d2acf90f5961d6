/** Pre-surveys at enrolment (a new row each time; the latest counts). */
export interface PresurveysTable {
  id: string;
  company_id: string;
  answers: string; // JSON
  facts: string; // JSON
  org: number;
  meas: number;
  group_code: string;
  group_reasons: string; // JSON string[]
  device_kind: string;
  device_reasons: string; // JSON string[]
  readiness_flags: string; // JSON string[]
  created_by: string | null;
  on_behalf: number;
  created_at: string;
}

export interface GroupOverridesTable {
  id: string;
  company_id: string;
  presurvey_id: string | null;
  group_code: string;
  reason: string;
  created_by: string | null;
  created_at: string;
}

/** Completed self-assessments: immutable (the database refuses UPDATE and DELETE), versioned per company. */
export interface AssessmentsTable {
  id: string;
  company_id: string;
  version: number;
  bank_version: string;
  answers: string; // JSON
  ipa_score: number;
  ipa_band: string;
  result: string; // JSON AssessmentResult
  created_by: string | null;
  on_behalf: number;
  created_at: string;
}

export interface AssessmentDraftsTable {
  company_id: string;
  answers: string;
  updated_by: string | null;
  updated_at: string;
}

export interface SecurityActionTable {
  company_id: string;
  level: string; // none | one_star | two_star
  declaration_id: string | null;
  declared_at: string | null;
  five_articles: string; // JSON { "1": bool … }
  five_committed_at: string | null;
  basic_policy: string | null; // JSON
  updated_by: string | null;
  updated_at: string;
}

export interface SecurityActionHistoryTable {
  id: string;
  company_id: string;
  level: string;
  at: string;
}

export interface AssessmentTables {
  presurveys: PresurveysTable;
  group_overrides: GroupOverridesTable;
  assessments: AssessmentsTable;
  assessment_drafts: AssessmentDraftsTable;
  security_action: SecurityActionTable;
  security_action_history: SecurityActionHistoryTable;
}
