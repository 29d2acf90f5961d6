/**
 * The detection taxonomy (DESIGN.md §5, issue 3): every detection line maps to exactly one of
 * these names; lines that are understood but are not detections map to none (null).
 */
export const categories = [
  'scan.inbound.probable',
  'scan.inbound.possible',
  'scan.internal',
  'dos.inbound',
  'ips.inbound',
  'malware.virus',
  'malware.spyware',
  'c2.botnet.outbound',
  'c2.botnet.inbound',
  'attack.fragmentation',
  'attack.tcp_xmas',
  'block.url_category',
  'block.ip_reputation',
  'block.outbound_nonweb',
  'block.geoip',
  'health.cpu_mem',
] as const;

export type Category = (typeof categories)[number];

const index = new Map<string, number>(categories.map((c, i) => [c, i]));

/** Position of a category in `categories` (for counting in arrays), -1 when the name is not one. */
export function categoryIndex(name: string): number {
  return index.get(name) ?? -1;
}

export function isCategory(name: unknown): name is Category {
  return typeof name === 'string' && index.has(name);
}

/** Categories that raise an alert by default (issue 3, "Alert rules"); everything else is reports only. */
export const alertCategories: ReadonlySet<Category> = new Set<Category>(['c2.botnet.outbound', 'scan.internal']);

/** Short labels for summaries: Japanese first, English after. */
export const categoryLabels: Record<Category, string> = {
  'scan.inbound.probable': 'ポートスキャン / port scan (probable)',
  'scan.inbound.possible': 'ポートスキャンの可能性 / possible port scan',
  'scan.internal': '内部からのスキャン / internal scan',
  'dos.inbound': '外部からのDoS攻撃 / inbound DoS',
  'ips.inbound': 'IPS検知 / IPS alert',
  'malware.virus': 'ウイルス / virus',
  'malware.spyware': 'スパイウェア / spyware',
  'c2.botnet.outbound': 'ボットネット通信（内部端末）/ botnet traffic from an internal host',
  'c2.botnet.inbound': 'ボットネットからの接続 / botnet address reaching in',
  'attack.fragmentation': 'フラグメント攻撃 / fragmentation attack',
  'attack.tcp_xmas': 'TCP Xmas Tree 攻撃 / TCP Xmas tree',
  'block.url_category': 'URLフィルタ遮断 / URL category block',
  'block.ip_reputation': 'IPレピュテーション遮断 / IP reputation block',
  'block.outbound_nonweb': '外向き非Web通信の遮断 / outbound non-web block',
  'block.geoip': '国別遮断 / Geo-IP block',
  'health.cpu_mem': 'CPU・メモリ高負荷 / CPU or memory ≥ 80 %',
};
