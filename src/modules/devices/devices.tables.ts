/** Devices that send logs (UTMs, routers, any CEF/JSON source). Each belongs to exactly one company. */
export interface DevicesTable {
  id: string;
  company_id: string;
  vendor: string;
  /** Serial number from the log lines (`sn=`, `devid=`), or the sender's IP address when the lines carry none. */
  identity: string;
  identity_kind: string; // serial | sender_ip
  name: string | null;
  timezone: string;
  lan_cidrs: string; // JSON array of CIDRs
  ingest_token_hash: string | null;
  created_at: string;
  updated_at: string;
  last_seen_at: string | null;
}

export interface DevicesTables {
  devices: DevicesTable;
}
