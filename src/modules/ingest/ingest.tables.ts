import type { ColumnType } from 'kysely';

/** Counts per (company, JST day, category, key, device): the numbers reports are built from. Kept for years. */
export interface DetectionRollupsTable {
  company_id: string;
  day: string; // YYYY-MM-DD in Asia/Tokyo
  category: string;
  /** Destination port, URL category, reputation category, signature or virus name as fits; '' when none. */
  key: string;
  device_id: string;
  count: ColumnType<number, number, number>;
}

/** Detection lines (not connection logs), kept for the retention period (default 180 days). */
export interface DetectionsTable {
  id: string;
  company_id: string;
  device_id: string;
  at: string;
  category: string;
  direction: string | null;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  proto: string | null;
  src_mac: string | null;
  name: string | null;
  action: string | null;
  raw: string;
}

export interface DeadLettersTable {
  id: string;
  device_id: string | null;
  sender: string;
  received_at: string;
  reason: string;
  raw: string;
}

/** Lines from devices nobody registered yet; staff assign the device and the lines are processed again. */
export interface UnassignedLinesTable {
  id: string;
  device_key: string;
  vendor: string | null;
  sender: string;
  transport: string;
  received_at: string;
  raw: string;
}

export interface DeviceDailyStatsTable {
  device_id: string;
  day: string;
  lines: ColumnType<number, number, number>;
  dead_letters: ColumnType<number, number, number>;
}

export interface IngestCheckpointsTable {
  stream: string;
  segment: number;
  offset: number;
  updated_at: string;
}

export interface DetectionTopHostsTable {
  company_id: string;
  week: string; // Monday of the JST week, YYYY-MM-DD
  kind: string; // source (external sources of inbound detections) | internal (internal hosts involved)
  ip: string;
  count: ColumnType<number, number, number>;
}

export interface IngestTables {
  detection_top_hosts: DetectionTopHostsTable;
  detection_rollups: DetectionRollupsTable;
  detections: DetectionsTable;
  dead_letters: DeadLettersTable;
  unassigned_lines: UnassignedLinesTable;
  device_daily_stats: DeviceDailyStatsTable;
  ingest_checkpoints: IngestCheckpointsTable;
}
