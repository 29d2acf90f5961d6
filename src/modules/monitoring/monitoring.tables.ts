/** Alerts a human should act on, grouped per (company, category, internal host) while open. */
export interface AlertsTable {
  id: string;
  company_id: string;
  device_id: string | null;
  category: string;
  status: string; // new | acknowledged | closed
  host_ip: string | null;
  host_mac: string | null;
  host_vendor: string | null;
  host_name: string | null;
  remote_ip: string | null;
  remote_org: string | null;
  count: number;
  first_seen: string;
  last_seen: string;
  assignee_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A few raw lines per alert (the first ones and the latest), for the analyst. */
export interface AlertLinesTable {
  id: string;
  alert_id: string;
  company_id: string;
  at: string;
  raw: string;
}

export interface SuppressionRulesTable {
  id: string;
  /** null: every company. */
  company_id: string | null;
  category: string | null;
  host_cidr: string | null;
  remote_cidr: string | null;
  remote_org: string | null;
  reason: string;
  author_id: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

/** IP↔MAC history per company: "which device was 192.168.1.45 last Tuesday". */
export interface IpMacHistoryTable {
  company_id: string;
  ip: string;
  mac: string;
  vendor: string | null;
  hostname: string | null;
  first_seen: string;
  last_seen: string;
}

export interface MonitoringTables {
  alerts: AlertsTable;
  alert_lines: AlertLinesTable;
  suppression_rules: SuppressionRulesTable;
  ip_mac_history: IpMacHistoryTable;
}
