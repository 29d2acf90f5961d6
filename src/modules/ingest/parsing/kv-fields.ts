/**
 * The keys the key=value parsers read (SonicWall and FortiGate share one table, so a line is
 * scanned once and its vendor decided from the keys it has). Every other key is skipped unread.
 */
import { FieldSlots, KeyTable } from './field-slots.ts';
import { ByteScanner } from './kv-bytes.ts';

const names = [
  // SonicWall
  'id',
  'sn',
  'm',
  'msg',
  'src',
  'dst',
  'srcV6',
  'dstV6',
  'srcMac',
  'dstMac',
  'srcZone',
  'dstZone',
  'ipscat',
  'Category',
  'note',
  // both
  'time',
  'proto',
  'tz',
  // FortiGate
  'date',
  'eventtime',
  'devid',
  'devname',
  'logid',
  'type',
  'subtype',
  'eventtype',
  'srcip',
  'dstip',
  'srcport',
  'dstport',
  'srcintfrole',
  'dstintfrole',
  'action',
  'attack',
  'virus',
  'catdesc',
  'cpu',
  'mem',
  'srcmac',
  'dstmac',
  'srcname',
  // FortiManager / FortiAnalyzer event logs on the same endpoint
  'device_id',
  'log_id',
] as const;

export const kvTable = new KeyTable(names);
export const K = kvTable.id;
/**
 * Scans lines from their bytes when a reader registers the window they come from (`otasuke
 * analyze`); null where WebAssembly is unavailable.
 */
export const kvBytes = ByteScanner.create(kvTable, kvTable);
/** One per process: parsing is synchronous, so a line's slots are never shared. */
export const kvSlots = new FieldSlots(names.length, kvBytes);
