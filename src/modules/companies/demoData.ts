import type { Deps } from '../../platform/deps.ts';
import { systemActor } from '../../platform/auth/roles.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { insertCompany } from './createCompany.ts';
import { changeCompanyStatus } from './changeCompanyStatus.ts';
import { insertContact } from './manageContacts.ts';
import { companyScope } from '../../platform/tenancy/scope.ts';
import { applicationsRepository } from './companies.repository.ts';
import { companyNameKey } from './applications.ts';
import { newId } from '../../platform/ids/ids.ts';
import { seededRandom, weighted } from '../../platform/random.ts';
import type { EmployeeBand, Industry, MaturityGroup, ReferralRoute, WithdrawalReason } from './reference-codes.ts';

const places = ['名古屋', '尾張', '三河', '岡崎', '豊橋', '一宮', '春日井', '豊田', '刈谷', '安城', '西尾', '瀬戸', '半田', '知多', '犬山', '小牧', '稲沢', '東海', '大府', '碧南', '蒲郡', '常滑', '江南', '津島', '新城'];
const trades: Record<Industry, string[]> = {
  manufacturing: ['精機', '製作所', '工業', '金属', 'プレス', '鋳造', '化成', '電機', '樹脂', '精工'],
  wholesale: ['商事', '商会', '物産', '産業'],
  retail: ['ストア', '商店', '薬局', '書店'],
  service: ['サービス', 'コンサルティング', '会計事務所', 'デザイン'],
  construction: ['建設', '工務店', '設備', '土木'],
  transport: ['運輸', '物流', '運送', '倉庫'],
  it: ['システム', 'ソフト', 'ネット', 'データ'],
  medical_welfare: ['クリニック', '介護サービス', '歯科', 'ケアセンター'],
  other: ['農園', '興業', '企画'],
};
const familyNames = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '近藤', '水野', '杉浦', '神谷', '鈴村', '稲垣', '榊原', '大竹'];
const givenNames = ['誠', '健一', '裕子', '美穂', '大輔', '和也', '恵', '直樹', '由美', '拓也', '浩二', '明美', '翔太', '典子', '隆'];
const titles = ['代表取締役', '総務部長', '総務課', '管理部 課長', '情報システム担当', '事務長'];

const withdrawalMix: WithdrawalReason[] = ['network_layout', 'network_layout', 'existing_utm', 'existing_utm', 'no_internal_approval', 'construction_delay', 'staff_transfer', 'closed_network_isp', 'router_incompatible', 'wifi_non_vpn_router', 'no_space', 'business_closed'];

export interface DemoSummary {
  applications: number;
  companies: number;
  byStatus: Record<string, number>;
  byGroup: Record<string, number>;
}

/**
 * The pilot's program as demo data (DESIGN §1): 201 applications, 193 surveyed companies, 12
 * withdrawals, 181 remaining in groups A 25 / B 149 / C 7, 55 with a connected UTM (active),
 * referral mostly through insurers' sales networks (175 of 193).
 */
export async function loadDemoCompanies(deps: Pick<Deps, 'db' | 'clock' | 'logger'>, onProgress?: (done: number, total: number) => void): Promise<DemoSummary> {
  const r = seededRandom(2019);
  const TOTAL = 193;
  const groups: (MaturityGroup | null)[] = [...Array(25).fill('A'), ...Array(149).fill('B'), ...Array(7).fill('C'), ...Array(12).fill(null)];
  // Shuffle group assignment deterministically.
  for (let i = groups.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [groups[i], groups[j]] = [groups[j]!, groups[i]!];
  }
  const referral: ReferralRoute[] = [...Array(175).fill('insurer_sales'), ...Array(8).fill('chamber_of_commerce'), ...Array(4).fill('ipa'), ...Array(2).fill('meti'), ...Array(3).fill('supplier'), ...Array(1).fill('other')];
  const start = deps.clock.now().getTime() - 200 * 86_400_000;
  let t = start;
  const step = (190 * 86_400_000) / (TOTAL + 8);
  const clock: Clock = { now: () => new Date(t) };
  const d = { ...deps, clock };
  const ctx = { actor: systemActor };
  const usedNames = new Set<string>();
  const byStatus: Record<string, number> = {};
  const byGroup: Record<string, number> = {};
  let withdrawnLeft = 12;
  let activeLeft = 55;

  for (let i = 0; i < TOTAL; i++) {
    t = start + i * step + Math.floor(r() * step * 0.8);
    const industry = weighted<Industry>(r, [['manufacturing', 40], ['wholesale', 12], ['retail', 8], ['service', 15], ['construction', 10], ['transport', 6], ['it', 4], ['medical_welfare', 3], ['other', 2]]);
    const band = weighted<EmployeeBand>(r, [['1-5', 15], ['6-20', 35], ['21-50', 25], ['51-100', 13], ['101-300', 9], ['301+', 3]]);
    let name = '';
    do {
      const place = places[Math.floor(r() * places.length)]!;
      const trade = trades[industry][Math.floor(r() * trades[industry].length)]!;
      name = r() < 0.7 ? `株式会社${place}${trade}` : r() < 0.5 ? `${place}${trade}株式会社` : `有限会社${place}${trade}`;
    } while (usedNames.has(name));
    usedNames.add(name);
    const pcs = { '1-5': 3, '6-20': 12, '21-50': 30, '51-100': 70, '101-300': 150, '301+': 400 }[band] + Math.floor(r() * 10);
    const group = groups[i] ?? null;
    const contactName = `${familyNames[Math.floor(r() * familyNames.length)]} ${givenNames[Math.floor(r() * givenNames.length)]}`;
    const phone = `0${5 + Math.floor(r() * 3)}${Math.floor(r() * 10)}-${100 + Math.floor(r() * 900)}-${1000 + Math.floor(r() * 9000)}`;
    const email = `info${i + 1}@demo-${i + 1}.example.jp`;

    const companyId = await deps.db.kysely.transaction().execute(async (tx) => {
      await applicationsRepository(deps.db).insert(tx, {
        id: newId('app'), company_name: name, industry, employees_band: band, pc_count: pcs, sites: 1 + Math.floor(r() * 3),
        contact_name: contactName, contact_title: titles[Math.floor(r() * titles.length)]!, phone, email, address: `愛知県${places[Math.floor(r() * places.length)]}市`,
        referral_route: referral[i % referral.length]!, referral_note: null, status: 'accepted', created_at: clock.now().toISOString(),
        decided_at: clock.now().toISOString(), decided_by: null, decision_note: null, company_id: null, name_key: companyNameKey(name),
      });
      const c = await insertCompany(d, ctx, tx, { name, industry, employeesBand: band, pcCount: pcs, sites: 1 + Math.floor(r() * 3), referralRoute: referral[i % referral.length]!, phone, email, address: `愛知県${places[Math.floor(r() * places.length)]}市`, group: group ?? undefined });
      await tx.updateTable('applications').set({ company_id: c.id }).where('email', '=', email).execute();
      await insertContact(d, ctx, tx, companyScope(systemActor, c.id), { name: contactName, title: titles[Math.floor(r() * titles.length)], phone, email, isPrimary: true });
      return c.id;
    });
    t += 7 * 86_400_000 * r();
    await changeCompanyStatus(d, ctx, companyId, { status: 'surveyed', note: '事前アンケート回答済み' });
    let status = 'surveyed';
    if (group === null && withdrawnLeft > 0) {
      t += 20 * 86_400_000 * r();
      await changeCompanyStatus(d, ctx, companyId, { status: 'withdrawn', reasonCode: withdrawalMix[12 - withdrawnLeft], note: 'パイロット期間中に辞退' });
      withdrawnLeft--;
      status = 'withdrawn';
    } else if (activeLeft > 0 && r() < 0.33) {
      t += 30 * 86_400_000 * r();
      await changeCompanyStatus(d, ctx, companyId, { status: 'active', note: 'UTM 接続完了・監視開始' });
      activeLeft--;
      status = 'active';
    }
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (group) byGroup[group] = (byGroup[group] ?? 0) + 1;
    onProgress?.(i + 1, TOTAL + 8);
  }

  // 8 applications that did not become companies: 5 still pending, 3 rejected.
  for (let i = 0; i < 8; i++) {
    t = start + (TOTAL + i) * step;
    const industry: Industry = i % 2 ? 'service' : 'manufacturing';
    const name = `株式会社${places[i]}テクノ${i + 1}`;
    await applicationsRepository(deps.db).insert(deps.db.kysely, {
      id: newId('app'), company_name: name, industry, employees_band: '6-20', pc_count: 8 + i, sites: 1,
      contact_name: `${familyNames[i]} ${givenNames[i]}`, contact_title: '総務課', phone: `052-555-01${10 + i}`, email: `apply${i + 1}@demo-pending.example.jp`,
      address: '愛知県名古屋市', referral_route: i < 6 ? 'insurer_sales' : 'chamber_of_commerce', referral_note: null,
      status: i < 5 ? 'pending' : 'rejected', created_at: new Date(t).toISOString(), decided_at: i < 5 ? null : new Date(t + 86_400_000).toISOString(),
      decided_by: null, decision_note: i < 5 ? null : 'サービス提供地域外のため', company_id: null, name_key: companyNameKey(name),
    });
    onProgress?.(TOTAL + i + 1, TOTAL + 8);
  }
  return { applications: TOTAL + 8, companies: TOTAL, byStatus, byGroup };
}
