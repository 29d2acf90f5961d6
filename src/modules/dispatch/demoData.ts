import type { Deps } from '../../platform/deps.ts';
import { systemActor } from '../../platform/auth/roles.ts';
import { createUser } from '../accounts/createUser.ts';
import { dispatchRepository } from './dispatch.repository.ts';
import { saveOffice, setResponderProfile } from './offices.ts';
import type { ResponderSkill } from './dispatch.codes.ts';

/** The pilot's four dispatch offices in Aichi and the municipalities each covers. */
export const demoOffices = [
  {
    name: '名古屋',
    address: '愛知県名古屋市中区栄二丁目1番1号',
    coverage: ['名古屋市', '日進市', '長久手市', '東郷町', '豊明市', '大府市', '東海市', '知多市', '半田市', '常滑市', '阿久比町', '東浦町', '武豊町', '美浜町', '南知多町'],
  },
  {
    name: '尾張',
    address: '愛知県一宮市本町四丁目1番1号',
    coverage: ['一宮市', '春日井市', '小牧市', '犬山市', '江南市', '稲沢市', '北名古屋市', '岩倉市', '瀬戸市', '尾張旭市', '清須市', '津島市', '愛西市', '弥富市', 'あま市', '豊山町', '大口町', '扶桑町', '大治町', '蟹江町', '飛島村'],
  },
  {
    name: '岡崎',
    address: '愛知県岡崎市康生通西二丁目1番地',
    coverage: ['岡崎市', '豊田市', '安城市', '刈谷市', '知立市', '高浜市', '碧南市', '西尾市', 'みよし市', '幸田町'],
  },
  {
    name: '豊橋',
    address: '愛知県豊橋市駅前大通一丁目1番地',
    coverage: ['豊橋市', '豊川市', '蒲郡市', '田原市', '新城市', '設楽町', '東栄町', '豊根村'],
  },
] as const;

/** Demo responders: one or two per office, with the skills the pilot needed (Windows PCs first). */
export const demoResponders: { email: string; name: string; office: string; skills: ResponderSkill[]; hours: string }[] = [
  { email: 'responder.nagoya@demo.otasuke.jp', name: '加藤 大輔', office: '名古屋', skills: ['windows', 'mac', 'smartphone'], hours: '09:00-18:00' },
  { email: 'responder.nagoya2@demo.otasuke.jp', name: '水野 恵', office: '名古屋', skills: ['windows', 'mfp'], hours: '09:00-18:00' },
  { email: 'responder.owari@demo.otasuke.jp', name: '杉浦 直樹', office: '尾張', skills: ['windows', 'mfp'], hours: '08:30-17:30' },
  { email: 'responder.okazaki@demo.otasuke.jp', name: '神谷 拓也', office: '岡崎', skills: ['windows', 'smartphone'], hours: '09:00-18:00' },
  { email: 'responder.toyohashi@demo.otasuke.jp', name: '稲垣 由美', office: '豊橋', skills: ['windows', 'mac'], hours: '09:00-17:00' },
];

export interface DispatchDemoSummary {
  offices: { id: string; name: string; coverage: string[] }[];
  responders: { userId: string; email: string; name: string; officeName: string; skills: string[]; hours: string; created: boolean }[];
}

/**
 * Loads the dispatch demo: the four offices, the demo responders (role `responder`, password
 * `opts.password`), and a profile for every other responder without one (e.g. the generic
 * responder@demo.otasuke.jp account: 名古屋, every skill). Safe to run again: offices are matched by
 * name and users by e-mail.
 */
export async function seedDispatchDemo(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'mailer'>, opts: { password: string }): Promise<DispatchDemoSummary> {
  const ctx = { actor: systemActor };
  const repo = dispatchRepository(deps.db);
  const offices: DispatchDemoSummary['offices'] = [];
  for (const o of demoOffices) offices.push(await saveOffice(deps, ctx, { name: o.name, address: o.address, coverage: [...o.coverage] }));
  const officeId = (name: string) => offices.find((o) => o.name === name)!.id;

  const responders: DispatchDemoSummary['responders'] = [];
  for (const r of demoResponders) {
    const existing = await repo.findUserByEmail(r.email);
    if (existing && existing.role !== 'responder') continue;
    const userId = existing?.id ?? (await createUser(deps, ctx, { email: r.email, name: r.name, role: 'responder', password: opts.password })).id;
    await setResponderProfile(deps, ctx, userId, { officeId: officeId(r.office), skills: r.skills, hours: r.hours });
    responders.push({ userId, email: r.email, name: r.name, officeName: r.office, skills: r.skills, hours: r.hours, created: !existing });
  }
  for (const u of await repo.listResponders()) {
    if (u.skills !== null || responders.some((r) => r.userId === u.user_id)) continue;
    const profile = { officeId: officeId('名古屋'), skills: ['windows', 'mac', 'smartphone', 'mfp'] as ResponderSkill[], hours: '09:00-18:00' };
    await setResponderProfile(deps, ctx, u.user_id, profile);
    responders.push({ userId: u.user_id, email: u.email, name: u.name, officeName: '名古屋', skills: profile.skills, hours: profile.hours, created: false });
  }
  return { offices, responders };
}
