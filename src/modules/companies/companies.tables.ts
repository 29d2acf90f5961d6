import type { ColumnType } from 'kysely';

/** Tables owned by the companies module. Every company-owned row carries `company_id`. */
export interface CompaniesTable {
  id: string;
  name: string;
  industry: string;
  employees_band: string;
  pc_count: number | null;
  sites: number | null;
  referral_route: string | null;
  status: string;
  maturity_group: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  withdrawal_reason: string | null;
  withdrawal_note: string | null;
  created_at: string;
  updated_at: string;
  /** NFKC-folded, lower-case name/e-mail/address/phone for the list's free-text search. */
  search_text: ColumnType<string, string | undefined, string>;
}

export interface CompanyContactsTable {
  id: string;
  company_id: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  is_primary: number;
  created_at: string;
}

export interface CompanyStatusHistoryTable {
  id: string;
  company_id: string;
  from_status: string | null;
  to_status: string;
  reason_code: string | null;
  note: string | null;
  actor_id: string | null;
  at: string;
}

export interface ApplicationsTable {
  id: string;
  company_name: string;
  industry: string;
  employees_band: string;
  pc_count: number;
  sites: number;
  contact_name: string;
  contact_title: string | null;
  phone: string;
  email: string;
  address: string | null;
  referral_route: string;
  referral_note: string | null;
  status: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_note: string | null;
  company_id: string | null;
  /** Normalised company name (NFKC, no spaces, lower case) to catch duplicate applications. */
  name_key: string;
}

export interface CompaniesTables {
  companies: CompaniesTable;
  company_contacts: CompanyContactsTable;
  company_status_history: CompanyStatusHistoryTable;
  applications: ApplicationsTable;
}
