/**
 * The roadmap: for each company, next steps in the order the pilot found works — organisation and
 * documents → devices and monitoring → response readiness and exercises → insurance — chosen from its
 * group, its assessment gaps and what it already has (reference assessment.md §6.6).
 */
import type { Deps, Ctx } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { openCompany } from '../companies/getCompany.ts';
import { securityActionStatus } from './securityAction.ts';
import type { PresurveyAnswers } from './scoring.ts';

type L = { ja: string; en: string };
interface StepDef {
  phase: 1 | 2 | 3 | 4;
  key: string;
  title: L;
  why: L;
  effort: L;
  service: L;
  csf: string[];
  /** Done when this returns true. */
  done: (f: Facts) => boolean;
  /** Shown to these groups only (default all). */
  groups?: ('A' | 'B' | 'C')[];
}

interface Facts {
  answers: Record<string, string>;
  pre: PresurveyAnswers | null;
  hasAssessment: boolean;
  oneStar: boolean;
  twoStar: boolean;
  hasDevice: boolean;
}

const yes = (f: Facts, id: string) => f.answers[id] === 'yes';

const steps: StepDef[] = [
  { phase: 1, key: 'security_lead', csf: ['GV.RR-01', 'GV.RR-02'], done: (f) => yes(f, 'X01') || f.pre?.S1 === 'yes',
    title: { ja: 'セキュリティの責任者を決める', en: 'Name a security lead' }, why: { ja: '誰が決めるかが決まっていないと、対策も事故対応も進みません。', en: 'Without an owner, neither measures nor incident response move.' }, effort: { ja: '30 分（経営者が指名）', en: '30 minutes (management appoints)' }, service: { ja: '基本方針のひな形（お助け隊）', en: 'Policy template (help squad)' } },
  { phase: 1, key: 'five_articles', csf: ['PR.PS-02', 'PR.AA-01'], done: (f) => f.oneStar,
    title: { ja: '情報セキュリティ 5 か条に取り組み、★ 一つ星を宣言する', en: 'Adopt the five basic rules and declare ★' }, why: { ja: '最低限の対策で、IT 導入補助金の申請要件にもなります。', en: 'The minimum level; also required for IT subsidies.' }, effort: { ja: '1〜2 時間', en: '1–2 hours' }, service: { ja: 'SECURITY ACTION の宣言手順の案内', en: 'Guidance for the SECURITY ACTION declaration' } },
  { phase: 1, key: 'self_diagnosis', csf: ['ID.RA-01', 'GV.OC-01'], done: (f) => f.hasAssessment, groups: ['A', 'B', 'C'],
    title: { ja: '自社診断（25 項目）で今の状態を知る', en: 'Take the 25-item self-assessment' }, why: { ja: '弱いところが分かると、何から始めるかが決まります。★★ の条件でもあります。', en: 'Knowing the weak spots decides where to start; also needed for ★★.' }, effort: { ja: '20〜30 分', en: '20–30 minutes' }, service: { ja: 'セキュリティ診断（この画面）', en: 'Security assessment (this app)' } },
  { phase: 1, key: 'basic_policy', csf: ['GV.PO-01', 'GV.PO-02'], done: (f) => f.twoStar, groups: ['A', 'B'],
    title: { ja: '基本方針を作って社外に公開し、★★ 二つ星を宣言する', en: 'Write and publish a basic policy; declare ★★' }, why: { ja: '取引先に取り組みを示せ、社内のルールの土台になります。', en: 'Shows partners your commitment and grounds your rules.' }, effort: { ja: '半日（ひな形を使用）', en: 'Half a day (with the template)' }, service: { ja: '基本方針のひな形（PDF）', en: 'Basic policy template (PDF)' } },
  { phase: 1, key: 'asset_ledger', csf: ['ID.AM-01', 'ID.AM-02'], done: (f) => yes(f, 'X02') || f.pre?.S5 === 'yes', groups: ['A', 'B'],
    title: { ja: 'パソコン・ソフト・クラウドの一覧（資産台帳）を作る', en: 'List PCs, software and cloud services' }, why: { ja: '事故のとき、どの端末か・何が入っているかがすぐ分かります。', en: 'In an incident you know at once which device and what is on it.' }, effort: { ja: '2〜3 時間', en: '2–3 hours' }, service: { ja: '資産台帳のひな形', en: 'Asset ledger template' } },
  { phase: 1, key: 'training', csf: ['PR.AT-01'], done: (f) => yes(f, 'Q20'),
    title: { ja: '従業員向けの勉強会・注意喚起を始める', en: 'Start staff training and alerts' }, why: { ja: '不審なメールを開かないことが、一番安い対策です。', en: 'Not opening suspicious mail is the cheapest defence.' }, effort: { ja: '年 1 回 1 時間 + 注意喚起メールの回覧', en: '1 hour a year + circulating alerts' }, service: { ja: 'セミナー・注意喚起メール', en: 'Seminars and alert mails' } },
  { phase: 2, key: 'patch_av', csf: ['PR.PS-02', 'DE.CM-09'], done: (f) => yes(f, 'Q01') && yes(f, 'Q02'),
    title: { ja: '全台の更新とウイルス対策をそろえる', en: 'Patch and protect every device' }, why: { ja: '攻撃の多くは、修正済みの弱点と古い定義ファイルを狙います。', en: 'Most attacks use fixed weaknesses and stale definitions.' }, effort: { ja: '1 日', en: '1 day' }, service: { ja: 'ヘルプデスク（設定の案内）', en: 'Help desk (setup guidance)' } },
  { phase: 2, key: 'utm_monitoring', csf: ['DE.CM-01', 'DE.AE-02'], done: (f) => f.hasDevice || yes(f, 'X05'),
    title: { ja: 'UTM を設置し、24 時間の監視を受ける', en: 'Install a UTM with 24-hour monitoring' }, why: { ja: '社内の端末の不審な通信に気づけるようになります。付帯の保険も始まります。', en: 'You notice suspicious traffic; the bundled insurance starts too.' }, effort: { ja: '設置 2 時間（お助け隊が支援）', en: '2 hours to install (we help)' }, service: { ja: 'UTM 監視サービス（お助け隊）', en: 'UTM monitoring service (help squad)' } },
  { phase: 2, key: 'mfa', csf: ['PR.AA-03'], done: (f) => yes(f, 'X03'), groups: ['A', 'B'],
    title: { ja: 'メールとクラウドに多要素認証を設定する', en: 'Turn on MFA for mail and cloud' }, why: { ja: 'パスワードが漏れても、乗っ取りを防げます。', en: 'Stops account takeover even when a password leaks.' }, effort: { ja: '1〜2 時間', en: '1–2 hours' }, service: { ja: 'ヘルプデスク（設定の案内）', en: 'Help desk (setup guidance)' } },
  { phase: 2, key: 'backup', csf: ['PR.DS-11', 'RC.RP-03'], done: (f) => yes(f, 'Q11') && yes(f, 'X04'),
    title: { ja: '切り離したバックアップを作り、復元を試す', en: 'Keep an offline backup and test a restore' }, why: { ja: 'ランサムウェアに遭っても、業務を戻せます。', en: 'You can recover from ransomware.' }, effort: { ja: '半日', en: 'Half a day' }, service: { ja: 'ヘルプデスク（方法の案内）', en: 'Help desk (how-to)' } },
  { phase: 3, key: 'incident_procedure', csf: ['ID.IM-04', 'RS.MA-01', 'RS.CO-02'], done: (f) => yes(f, 'Q24'),
    title: { ja: '事故時の連絡先と手順を決め、掲示する', en: 'Decide and post the incident contacts and steps' }, why: { ja: '慌てずに端末を切り離し、お助け隊と保険会社に連絡できます。', en: 'You can isolate the device and call us and the insurer calmly.' }, effort: { ja: '1 時間', en: '1 hour' }, service: { ja: '駆けつけ・初動対応サービス', en: 'On-site first response' } },
  { phase: 3, key: 'exercise', csf: ['ID.IM-02'], done: (f) => yes(f, 'X07'), groups: ['A', 'B'],
    title: { ja: '机上演習で事故時の動きを確かめる', en: 'Rehearse with a tabletop exercise' }, why: { ja: '手順の抜けに、事故の前に気づけます。', en: 'Find gaps in the plan before a real incident.' }, effort: { ja: '2 時間', en: '2 hours' }, service: { ja: '机上演習（お助け隊）', en: 'Tabletop exercise (help squad)' } },
  { phase: 4, key: 'insurance', csf: ['GV.RM-04', 'GV.SC-08'], done: (f) => yes(f, 'X08') || !!f.pre?.S8?.insurance,
    title: { ja: 'サイバー保険の補償内容を確かめ、連絡先に入れる', en: 'Check the cyber insurance and add the insurer to the contacts' }, why: { ja: '事故の費用を保険でまかなえます。付帯保険の範囲を知っておきましょう。', en: 'Insurance covers incident costs; know what the bundled cover includes.' }, effort: { ja: '30 分', en: '30 minutes' }, service: { ja: 'サイバー保険（簡易）', en: 'Simple cyber insurance' } },
];

async function factsOf(db: Executor, companyId: string): Promise<Facts & { group: 'A' | 'B' | 'C' }> {
  const [company, pre, asm, device] = await Promise.all([
    db.selectFrom('companies').select(['maturity_group']).where('id', '=', companyId).executeTakeFirst(),
    db.selectFrom('presurveys').select(['answers']).where('company_id', '=', companyId).orderBy('created_at', 'desc').executeTakeFirst(),
    db.selectFrom('assessments').select(['answers']).where('company_id', '=', companyId).orderBy('version', 'desc').executeTakeFirst(),
    db.selectFrom('devices').select('id').where('company_id', '=', companyId).executeTakeFirst(),
  ]);
  const sa = await securityActionStatus(db, companyId);
  return {
    group: (company?.maturity_group ?? 'B') as 'A' | 'B' | 'C',
    answers: asm ? (JSON.parse(asm.answers) as Record<string, string>) : {},
    pre: pre ? (JSON.parse(pre.answers) as PresurveyAnswers) : null,
    hasAssessment: !!asm,
    oneStar: sa.eligibility.oneStar || sa.level !== 'none',
    twoStar: sa.eligibility.twoStar || sa.level === 'two_star',
    hasDevice: !!device,
  };
}

export async function roadmapFor(db: Executor, companyId: string, locale: Locale = 'ja') {
  const f = await factsOf(db, companyId);
  return {
    group: f.group,
    steps: steps
      .filter((s) => !s.groups || s.groups.includes(f.group))
      .map((s) => ({ phase: s.phase, key: s.key, title: s.title[locale], why: s.why[locale], effort: s.effort[locale], service: s.service[locale], csf: s.csf, done: s.done(f) })),
  };
}

export async function getRoadmap(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, locale: Locale = 'ja') {
  await openCompany(deps, ctx, companyId, 'roadmap');
  return roadmapFor(deps.db.kysely, companyId, locale);
}

/** The first open step, for the weekly report's tip. */
export async function nextStep(db: Executor, companyId: string, locale: Locale = 'ja') {
  const r = await roadmapFor(db, companyId, locale);
  return r.steps.find((s) => !s.done) ?? null;
}
