import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Deps } from '../../src/platform/deps.ts';
import { newId } from '../../src/platform/ids/ids.ts';
import { seededRandom, weighted } from '../../src/platform/random.ts';
import { companySearchText, normaliseSearch } from '../../src/modules/companies/search-text.ts';
import { systemActor } from '../../src/platform/auth/roles.ts';
import { createUser } from '../../src/modules/accounts/createUser.ts';
import type { CompaniesTable } from '../../src/modules/companies/companies.tables.ts';
import {
  withdrawalReasons,
  type CompanyStatus,
  type EmployeeBand,
  type Industry,
  type MaturityGroup,
  type ReferralRoute,
} from '../../src/modules/companies/reference-codes.ts';

export type SeedCompany = Insertable<CompaniesTable> & {
  name: string;
  status: CompanyStatus;
  industry: Industry;
  maturity_group: MaturityGroup | null;
  email: string | null;
};

export const rng = seededRandom;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

// Places of the Chūbu region (the pilot was in Aichi; a national roll-out reaches beyond it).
export const places = [
  '名古屋', '尾張', '三河', '岡崎', '豊橋', '一宮', '春日井', '豊田', '刈谷', '安城', '西尾', '瀬戸', '半田', '知多', '犬山', '小牧',
  '稲沢', '東海', '大府', '碧南', '蒲郡', '常滑', '江南', '津島', '新城', '岐阜', '大垣', '多治見', '関', '各務原', '四日市', '津',
  '鈴鹿', '桑名', '松阪', '伊勢', '浜松', '静岡', '沼津', '富士', '長野', '松本', '飯田', '金沢', '富山', '福井', '中部', '東海北陸',
] as const;
const families = [
  '佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '近藤', '水野', '杉浦', '神谷',
  '鈴村', '稲垣', '榊原', '大竹', '服部', '丹羽', '野村', '林', '森', '長谷川', '石川', '後藤', '坂野', '梅村', '竹内', '平松',
] as const;
const trades: Record<Industry, readonly string[]> = {
  manufacturing: ['精機', '製作所', '工業', '金属', 'プレス', '鋳造', '化成', '電機', '樹脂', '精工', '鉄工所', '機工', 'ダイカスト', '工機'],
  wholesale: ['商事', '商会', '物産', '産業', 'トレーディング', '通商'],
  retail: ['ストア', '商店', '薬局', '書店', '酒店', '電器'],
  service: ['サービス', 'コンサルティング', '会計事務所', 'デザイン', '印刷', '広告'],
  construction: ['建設', '工務店', '設備', '土木', '電設', '塗装'],
  transport: ['運輸', '物流', '運送', '倉庫', '陸運'],
  it: ['システム', 'ソフト', 'ネット', 'データ', '情報サービス'],
  medical_welfare: ['クリニック', '介護サービス', '歯科', 'ケアセンター', '薬品'],
  other: ['農園', '興業', '企画', '不動産'],
};
const decorations = ['', '', '', '', 'テクノ', '第一', '中央', '日本', '新', 'ユニオン'] as const;
const prefectures: Record<string, string> = { 岐阜: '岐阜県', 大垣: '岐阜県', 多治見: '岐阜県', 関: '岐阜県', 各務原: '岐阜県', 四日市: '三重県', 津: '三重県', 鈴鹿: '三重県', 桑名: '三重県', 松阪: '三重県', 伊勢: '三重県', 浜松: '静岡県', 静岡: '静岡県', 沼津: '静岡県', 富士: '静岡県', 長野: '長野県', 松本: '長野県', 飯田: '長野県', 金沢: '石川県', 富山: '富山県', 福井: '福井県' };

export const industryWeights: [Industry, number][] = [
  ['manufacturing', 38], ['wholesale', 12], ['retail', 9], ['service', 14], ['construction', 10], ['transport', 7], ['it', 4], ['medical_welfare', 4], ['other', 2],
];
const statusWeights: [CompanyStatus, number][] = [['applied', 6], ['surveyed', 22], ['active', 64], ['withdrawn', 8]];
const groupWeights: [MaturityGroup, number][] = [['A', 14], ['B', 80], ['C', 6]];
const referralWeights: [ReferralRoute, number][] = [['insurer_sales', 80], ['chamber_of_commerce', 8], ['ipa', 4], ['meti', 2], ['supplier', 4], ['other', 2]];
const bandWeights: [EmployeeBand, number][] = [['1-5', 15], ['6-20', 35], ['21-50', 25], ['51-100', 13], ['101-300', 9], ['301+', 3]];
const pcsByBand: Record<EmployeeBand, number> = { '1-5': 3, '6-20': 12, '21-50': 30, '51-100': 70, '101-300': 150, '301+': 400 };

/**
 * `count` companies shaped like a national roll-out of the pilot: mostly manufacturers, mostly
 * referred by insurers' sales networks, two thirds active, most in maturity group B, Japanese
 * names (株式会社／有限会社／合同会社 + place or family name + trade), joined over three years.
 */
export function generateCompanies(count: number, seed = 20261126): SeedCompany[] {
  const r = rng(seed);
  const used = new Set<string>();
  const end = Date.parse('2026-11-01T00:00:00Z');
  const start = end - 3 * 365 * 86_400_000;
  const rows: SeedCompany[] = [];
  for (let i = 0; i < count; i++) {
    const industry = weighted(r, industryWeights);
    const band = weighted(r, bandWeights);
    const place = pick(r, places);
    let name = '';
    for (let attempt = 0; attempt < 20; attempt++) {
      const base = `${r() < 0.45 ? place : r() < 0.6 ? pick(r, families) : place + pick(r, families)}${pick(r, decorations)}${pick(r, trades[industry])}`;
      const form = r();
      name = form < 0.62 ? `株式会社${base}` : form < 0.85 ? `${base}株式会社` : form < 0.95 ? `有限会社${base}` : `合同会社${base}`;
      if (!used.has(name)) break;
    }
    used.add(name);
    const status = weighted(r, statusWeights);
    const group = status === 'applied' ? null : r() < 0.05 ? null : weighted(r, groupWeights);
    const created = new Date(start + Math.floor(((i + r()) / count) * (end - start))).toISOString();
    const updated = new Date(Date.parse(created) + Math.floor(r() * 60 * 86_400_000)).toISOString();
    const pref = prefectures[place] ?? '愛知県';
    rows.push({
      id: newId('cmp'),
      name,
      industry,
      employees_band: band,
      pc_count: pcsByBand[band] + Math.floor(r() * 10),
      sites: 1 + Math.floor(r() * r() * 5),
      referral_route: weighted(r, referralWeights),
      status,
      maturity_group: group,
      address: `${pref}${place}市${pick(r, ['本町', '栄', '中央', '旭町', '緑町', '港町'])}${1 + Math.floor(r() * 9)}-${1 + Math.floor(r() * 30)}-${1 + Math.floor(r() * 20)}`,
      phone: `0${5 + Math.floor(r() * 3)}${Math.floor(r() * 10)}-${100 + Math.floor(r() * 900)}-${1000 + Math.floor(r() * 9000)}`,
      email: r() < 0.9 ? `info${i + 1}@c${(i + 1).toString(36)}.example.jp` : null,
      website: r() < 0.6 ? `https://www.c${(i + 1).toString(36)}.example.jp/` : null,
      withdrawal_reason: status === 'withdrawn' ? pick(r, withdrawalReasons) : null,
      withdrawal_note: status === 'withdrawn' ? 'ロールアウト期間中に辞退' : null,
      created_at: created,
      updated_at: updated,
    });
    const last = rows[rows.length - 1]!;
    last.search_text = companySearchText({ name: last.name, email: last.email, address: last.address ?? null, phone: last.phone ?? null });
  }
  return rows;
}

/**
 * Bulk-inserts the companies in one transaction, `batchSize` rows per INSERT (17 columns × 500 rows
 * stays well under SQLite's and PostgreSQL's bound-parameter limits).
 */
export async function insertCompanies(deps: Pick<Deps, 'db'>, rows: SeedCompany[], batchSize = 500): Promise<void> {
  await deps.db.kysely.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += batchSize) {
      await tx.insertInto('companies').values(rows.slice(i, i + batchSize)).execute();
    }
  });
  // PostgreSQL's autovacuum would vacuum and analyse a freshly loaded table within a minute (visibility
  // map for index-only scans, planner statistics); do it now, as in steady state.
  // (SQLite: otasuke never runs ANALYZE, so neither do we.)
  if (deps.db.engine === 'postgres') await sql`vacuum analyze companies`.execute(deps.db.kysely);
}

export interface BenchAdmin {
  email: string;
  password: string;
}

export async function createProgramAdmin(deps: Deps, password: string): Promise<BenchAdmin> {
  const email = 'bench-admin@bench.otasuke.example';
  await createUser(deps, { actor: systemActor }, { email, role: 'program_admin', name: 'ベンチ 事務局', password });
  return { email, password };
}

export interface CompanyFilter {
  status?: CompanyStatus;
  group?: MaturityGroup;
  industry?: Industry;
  q?: string;
}

/** What the API should answer for `filter` (the same rule as companies.repository list()). */
export function matches(c: SeedCompany, f: CompanyFilter): boolean {
  if (f.status && c.status !== f.status) return false;
  if (f.group && c.maturity_group !== f.group) return false;
  if (f.industry && c.industry !== f.industry) return false;
  if (f.q) {
    const q = normaliseSearch(f.q);
    const text = companySearchText({ name: c.name, email: c.email, address: c.address ?? null, phone: c.phone ?? null });
    if (!(text.includes(q) || c.id === f.q.trim())) return false;
  }
  return true;
}
