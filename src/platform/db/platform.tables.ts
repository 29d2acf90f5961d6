/** Tables owned by the platform: users, sessions, tokens, login failures, audit log, settings. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  company_id: string | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: number;
  locale: string;
  status: string; // invited | active | disabled
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface SessionsTable {
  id: string; // sha256 of the cookie token
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface UserTokensTable {
  id: string; // sha256 of the token sent by mail
  user_id: string;
  purpose: string; // invite | reset
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginFailuresTable {
  id: string;
  email: string;
  ip: string;
  at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  company_id: string | null;
  ip: string | null;
  detail: string; // JSON
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface PlatformTables {
  users: UsersTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  change_counters: ChangeCountersTable;
}

/** One row per table whose changes are counted by triggers (see change-counters.ts). */
export interface ChangeCountersTable {
  name: string;
  version: number;
}
