/**
 * Help-desk data set for benchmarks: staff, one company user and two contacts per company, the
 * five playbooks, and `count` cases over two years with their timelines (3–6 events each),
 * attachments (metadata), alerts linked to outbound cases, SLA due dates from the real SLA code.
 * Written with multi-row INSERTs (bulkInsert) straight into the tables, in one transaction.
 *
 * The generator keeps a compact summary of every case (SeedCase) so the benchmark can compute
 * what the API must answer for each filter.
 */
import { sql } from 'kysely';
import type { Deps } from '../../src/platform/deps.ts';
import type { Executor } from '../../src/platform/db/database.ts';
import { bulkInsert } from '../../src/platform/db/bulk.ts';
import { newId } from '../../src/platform/ids/ids.ts';
import { seededRandom, weighted } from '../../src/platform/random.ts';
import { systemActor } from '../../src/platform/auth/roles.ts';
import { normaliseSearch } from '../../src/modules/companies/search-text.ts';
import { dueDates } from '../../src/modules/helpdesk/sla.ts';
import type { Pause } from '../../src/modules/helpdesk/business-calendar.ts';
import { createKb } from '../../src/modules/helpdesk/kb.ts';
import { demoPlaybooks } from '../../src/modules/helpdesk/demoData.ts';
import type { SeedCompany } from './seed-companies.ts';

type R = () => number;
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const DAY = 86_400_000;
const MIN = 60_000;

// ---------------------------------------------------------------- people

const families: [string, string][] = [
  ['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['田中', 'tanaka'], ['伊藤', 'ito'], ['渡辺', 'watanabe'], ['山本', 'yamamoto'], ['中村', 'nakamura'],
  ['小林', 'kobayashi'], ['加藤', 'kato'], ['吉田', 'yoshida'], ['山田', 'yamada'], ['近藤', 'kondo'], ['水野', 'mizuno'], ['杉浦', 'sugiura'], ['神谷', 'kamiya'],
  ['稲垣', 'inagaki'], ['榊原', 'sakakibara'], ['服部', 'hattori'], ['丹羽', 'niwa'], ['野村', 'nomura'], ['長谷川', 'hasegawa'], ['石川', 'ishikawa'], ['後藤', 'goto'],
];
const givens = ['太郎', '花子', '健一', '美咲', '翔太', '由美', '大輔', '恵子', '誠', '直子', '浩二', '陽子', '隆', '真由美', '拓也', '明美'];
const titles = ['総務部長', '経理課', '代表取締役', '情報システム担当', '事務長', '工場長'];

export interface Person {
  name: string;
  email: string;
  phone: string;
}

/** Person `j` (0 = the company user and primary contact, 1 = a second contact) of company `i`. */
export function personOf(company: SeedCompany, i: number, j: number): Person {
  const [fam, romaji] = families[(i * 7 + j * 5) % families.length]!;
  const given = givens[(i * 3 + j * 11) % givens.length]!;
  return {
    name: `${fam} ${given}`,
    email: `${romaji}${j ? '.' + (j + 1) : ''}@c${(i + 1).toString(36)}.example.jp`,
    phone: company.phone ?? `052-${String(100 + (i % 900)).padStart(3, '0')}-${String(1000 + ((i * 37 + j) % 9000))}`,
  };
}

export interface StaffUser {
  id: string;
  name: string;
  role: 'operator' | 'analyst';
}

// ---------------------------------------------------------------- texts

const subjects: Record<string, string[]> = {
  consultation: ['Windows Update が終わりません', 'パスワードの管理方法について', 'テレワーク用 PC の設定について相談', 'バックアップの取り方を教えてください', 'Windows 10 のサポート終了について', '無線 LAN のパスワード変更について', '社員のスマートフォンの業務利用について'],
  suspicious_mail: ['取引先を名乗る請求書メール（Word 添付）', 'Emotet のようなメールが届きました', '宅配業者を名乗る SMS のリンクを開いてしまった', 'Microsoft 365 のログイン画面に似たページ', '「支払い確認」メールの ZIP 添付', '社長名で振込を依頼するメール', '当社名をかたったメールが取引先に届いている'],
  malware: ['「ウイルスに感染しました」と警告が出た', 'ボットネット通信の検知', 'ランサムウェアのような画面が出た', 'ウイルス対策ソフトが脅威を検出', 'ブラウザに広告が大量に出る', 'PC の動作が急に遅くなった'],
  unauthorized_access: ['社内で不審なスキャン通信', 'メールアカウントが乗っ取られたかもしれない', '見覚えのないログイン通知', 'ネットバンキングに不審なログイン', 'VPN への不審な接続'],
  device_trouble: ['UTM のランプが赤く点灯しています', 'インターネットにつながらない', 'ルーターを交換したい', 'UTM の再起動方法を教えてください', '複合機からスキャンが送れない'],
  service_question: ['契約内容の確認', '保険の適用範囲について', '請求書の宛名変更', 'サービスの解約手続き', '端末の追加について'],
  other: ['その他のお問い合わせ', '訪問日程の変更', 'セミナーの申し込み'],
};
const subjectTails = ['', '', '', '', '（至急）', '（経理の PC）', '（事務所）', '（工場の端末）', '（本社）', '（2 台目）'];
const customerTexts: Record<string, string[]> = {
  consultation: ['事務所のパソコン 1 台で、昨日から更新が 0% のまま止まっています。電源を切ってもよいでしょうか。', '社員が自宅から作業するときの注意点を教えてください。', 'どのくらいの頻度でバックアップを取ればよいか相談したいです。'],
  suspicious_mail: ['いつもの取引先の担当者名で「請求書送付の件」というメールが来ました。Word ファイルが付いています。開いていません。', '返信の形で届いたメールの添付ファイルを開き、「コンテンツの有効化」を押してしまいました。', '取引先から「御社から不審なメールが届いた」と連絡がありました。どうすればよいでしょうか。'],
  malware: ['「ウイルスに感染しました」と表示され、表示された番号に電話してしまいました。', 'ウイルス対策ソフトが何かを検出して隔離したと表示されました。', '画面にファイルを暗号化したというメッセージが出ています。'],
  unauthorized_access: ['知らない場所からのログイン通知が届きました。', 'メールの送信済みフォルダに覚えのないメールがたくさんあります。', '夜中に VPN への接続が記録されていました。'],
  device_trouble: ['朝から UTM のランプが赤く点灯していて、インターネットが使えません。', 'ルーターを入れ替えたいので、UTM の設定を確認したいです。', '複合機のスキャンがメールで送れなくなりました。'],
  service_question: ['契約している台数を確認したいです。', '保険でどこまで補償されるか教えてください。', '請求書の宛名を新しい社名に変えてください。'],
  other: ['訪問の日程を来週に変更したいです。', 'セキュリティのセミナーに 2 名参加したいです。'],
};
const staffReplies = [
  'ご連絡ありがとうございます。まずは該当のパソコンの LAN ケーブルを抜き、Wi-Fi を切ってください。',
  '添付ファイルは開かずに削除してください。差出人のアドレスが取引先のドメインと違っており、Emotet の手口です。',
  '電源はつないだまま、1〜2 時間お待ちください。それでも進まない場合は再起動してください。',
  '確認しました。EmoCheck での確認方法をお送りしますので、結果をお知らせください。',
  'UTM の電源を入れ直していただけますか。それでも赤いままなら訪問して確認します。',
  'ご契約内容をお調べしました。詳細は添付の資料をご確認ください。',
];
const internalNotes = [
  '宛先 IP の評判を確認。ホスティング事業者、過去にも C2 として報告あり。',
  'お客様は落ち着いている。端末は LAN から外したとのこと。',
  '同じ件名のメールが他社でも報告されている。注意喚起の候補。',
  'OUI から Apple 製端末。私物スマートフォンの可能性。',
  'EmoCheck の結果は陰性。念のためフルスキャンを依頼。',
  '前回の訪問記録を確認。UTM のファームウェアが古い。',
];
const customerFollowUps = ['LAN ケーブルを抜きました。次はどうすればよいですか。', 'ご案内のとおり実行しました。特に何も検出されませんでした。', '担当者が不在のため、明日あらためて連絡します。', 'ありがとうございました。解決しました。', '追加の情報です。同じメールが 3 人に届いていました。'];
const callNotes = ['（電話）状況を聞き取り。端末の特定と切り離しを案内。', '（電話）再起動で復旧したことを確認。', '（電話）お客様から折り返しあり。スキャン結果は問題なし。', '（電話）担当者に手順を説明し、了承いただいた。'];
const attachmentNames: [string, string][] = [['請求書.pdf', 'application/pdf'], ['スクリーンショット.png', 'image/png'], ['警告画面.jpg', 'image/jpeg'], ['メール本文.eml', 'message/rfc822'], ['ログ.txt', 'text/plain']];
const vendors = ['Apple, Inc.', 'Intel Corporate', 'Brother Industries, LTD.', 'REALTEK SEMICONDUCTOR CORP.', 'Dell Inc.', 'FUJITSU LIMITED'];

// ---------------------------------------------------------------- cases

export interface SeedCase {
  id: string;
  number: string;
  companyId: string;
  subject: string;
  channel: string;
  category: string;
  severity: string;
  status: string;
  tier: string;
  assigneeId: string | null;
  createdAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  pausedSince: string | null;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  searchText: string;
  events: number;
  firstEventKind: string;
  attachments: number;
  alerts: number;
}

export interface HelpdeskSeed {
  cases: SeedCase[];
  staff: StaffUser[];
  /** Mail senders registered as company users (person 0 of each company). */
  userSenders: { email: string; companyId: string }[];
  /** Mail senders registered only as company contacts (person 1). */
  contactSenders: { email: string; companyId: string }[];
  events: number;
  attachments: number;
  alerts: number;
}

const channelInHours: [string, number][] = [['phone', 40], ['mail', 25], ['web', 20], ['outbound', 15]];
const channelOffHours: [string, number][] = [['mail', 60], ['web', 25], ['outbound', 15]];
const inboundCategories: [string, number][] = [
  ['consultation', 24], ['suspicious_mail', 26], ['malware', 14], ['unauthorized_access', 6], ['device_trouble', 16], ['service_question', 10], ['other', 4],
];
const defaultSeverity = (category: string) =>
  category === 'malware' || category === 'unauthorized_access' ? 'high' : category === 'suspicious_mail' || category === 'device_trouble' ? 'medium' : 'low';

/** Status by age: most old cases are closed; today's are mostly new or in progress. */
function statusFor(r: R, ageMs: number): string {
  const table: [string, number][] =
    ageMs < DAY
      ? [['new', 45], ['in_progress', 30], ['waiting_customer', 10], ['resolved', 12], ['closed', 3]]
      : ageMs < 7 * DAY
        ? [['new', 8], ['in_progress', 25], ['waiting_customer', 17], ['resolved', 30], ['closed', 20]]
        : ageMs < 30 * DAY
          ? [['new', 1], ['in_progress', 8], ['waiting_customer', 8], ['resolved', 23], ['closed', 60]]
          : [['new', 0.2], ['in_progress', 0.8], ['waiting_customer', 0.5], ['resolved', 3.5], ['closed', 95]];
  return weighted(r, table);
}

function inOfficeHours(ms: number): boolean {
  const jst = new Date(ms + 9 * 3_600_000);
  const dow = jst.getUTCDay();
  const minute = jst.getUTCHours() * 60 + jst.getUTCMinutes();
  return dow >= 1 && dow <= 5 && minute >= 540 && minute < 1020;
}

const iso = (ms: number) => new Date(ms).toISOString();
const between = (r: R, a: number, b: number) => a + Math.floor(r() * Math.max(0, b - a));

type EventRow = {
  id: string;
  case_id: string;
  company_id: string;
  at: string;
  kind: string;
  actor_id: string | null;
  actor_name: string | null;
  visibility: string;
  body: string;
  data: string;
  message_id: string | null;
};

export interface SeedOptions {
  companies: SeedCompany[];
  count: number;
  /** Cases are spread over the two years before this instant (ms). */
  now: number;
  seed?: number;
  batch?: number;
  onProgress?: (done: number) => void;
}

const caseColumns = [
  'id', 'number', 'company_id', 'subject', 'channel', 'category', 'severity', 'status', 'tier', 'assignee_id', 'contact_name', 'contact_email', 'contact_phone', 'call_script',
  'judgement', 'created_by', 'created_at', 'updated_at', 'first_responded_at', 'resolved_at', 'closed_at', 'first_response_due_at', 'resolution_due_at', 'paused_since', 'sla_pauses',
  'search_text',
] as const;
const eventColumns = ['id', 'case_id', 'company_id', 'at', 'kind', 'actor_id', 'actor_name', 'visibility', 'body', 'data', 'message_id'] as const;
const attachmentColumns = ['id', 'case_id', 'company_id', 'event_id', 'filename', 'content_type', 'size', 'sha256', 'at'] as const;
const alertColumns = [
  'id', 'company_id', 'device_id', 'category', 'status', 'host_ip', 'host_mac', 'host_vendor', 'host_name', 'remote_ip', 'remote_org', 'count', 'first_seen', 'last_seen', 'assignee_id',
  'created_at', 'updated_at',
] as const;

/** Users (staff + one per company), contacts (two per company) and the playbooks. */
async function seedPeople(deps: Deps, tx: Executor, companies: SeedCompany[], now: string) {
  const engine = deps.db.engine;
  const staffNames = ['伊藤 恵', '加藤 亮', '山口 千尋', '松本 航', '井上 彩', '木村 純', '林 優子', '清水 誠司', '森 大地', '池田 咲', '橋本 剛', '石井 美穂'];
  const staff: StaffUser[] = staffNames.map((name, i) => ({ id: newId('usr'), name, role: i < 8 ? 'operator' : 'analyst' }));
  const users = [
    ...staff.map((s, i) => ({ id: s.id, email: `staff${i + 1}@helpdesk.otasuke.example`, name: s.name, role: s.role, company_id: null, status: 'active' })),
    ...companies.map((c, i) => {
      const p = personOf(c, i, 0);
      return { id: newId('usr'), email: p.email, name: p.name, role: 'company_admin', company_id: c.id!, status: 'active' };
    }),
  ].map((u) => ({ ...u, password_hash: null, totp_secret: null, totp_enabled: 0, locale: 'ja', created_at: now, updated_at: now, last_login_at: null }));
  await bulkInsert(tx, engine, 'users', ['id', 'email', 'name', 'role', 'company_id', 'password_hash', 'totp_secret', 'totp_enabled', 'locale', 'status', 'created_at', 'updated_at', 'last_login_at'], users);
  const contacts = companies.flatMap((c, i) =>
    [0, 1].map((j) => {
      const p = personOf(c, i, j);
      return { id: newId('cct'), company_id: c.id!, name: p.name, title: titles[(i + j) % titles.length]!, phone: p.phone, email: p.email, is_primary: j === 0 ? 1 : 0, created_at: c.created_at! };
    }),
  );
  await bulkInsert(tx, engine, 'company_contacts', ['id', 'company_id', 'name', 'title', 'phone', 'email', 'is_primary', 'created_at'], contacts);
  return staff;
}

/**
 * Seeds everything and returns the summary. Runs in one transaction; on PostgreSQL the tables are
 * vacuumed and analysed afterwards (as autovacuum would do within a minute).
 */
export async function insertHelpdesk(deps: Deps, o: SeedOptions): Promise<HelpdeskSeed> {
  const r = seededRandom(o.seed ?? 20261126);
  const engine = deps.db.engine;
  const companies = [...o.companies].sort((a, b) => (a.created_at! < b.created_at! ? -1 : 1));
  const companyIndex = new Map(o.companies.map((c, i) => [c.id!, i]));
  // Some companies call much more than others.
  const cum: number[] = [];
  let acc = 0;
  for (let i = 0; i < companies.length; i++) cum.push((acc += 0.15 + 3 * r() ** 3));
  const companyCreated = companies.map((c) => Date.parse(c.created_at!));

  // Creation instants: two years, more cases as the roll-out grows (density rises linearly), unique.
  const end = o.now - 2 * MIN;
  const start = end - 730 * DAY;
  // Most contacts come in office hours (phone, web); mail and alerts also at night and at weekends.
  const instant = () => {
    let t = start + Math.floor((end - start) * Math.sqrt(r()));
    for (let tries = 0; tries < 8 && !inOfficeHours(t) && r() < 0.8; tries++) t = Math.min(end, Math.max(start, t + Math.floor((r() - 0.5) * 2 * DAY)));
    return t;
  };
  const times = Float64Array.from({ length: o.count }, instant).sort();
  for (let i = 1; i < times.length; i++) if (times[i]! <= times[i - 1]!) times[i] = times[i - 1]! + 1;

  const cases: SeedCase[] = [];
  const nowIso = iso(o.now);
  let totalEvents = 0;
  let totalAttachments = 0;
  let totalAlerts = 0;
  const batch = o.batch ?? 2000;

  const staff = await deps.db.kysely.transaction().execute(async (tx) => {
    const staff = await seedPeople(deps, tx, o.companies, nowIso);
    const operators = staff.filter((s) => s.role === 'operator');
    const analysts = staff.filter((s) => s.role === 'analyst');
    const staffById = new Map(staff.map((s) => [s.id, s]));
    const userIdOf = new Map<string, string>();
    for (const u of await tx.selectFrom('users').select(['id', 'company_id']).where('role', '=', 'company_admin').execute()) if (u.company_id) userIdOf.set(u.company_id, u.id);

    let caseRows: Record<string, unknown>[] = [];
    let eventRows: EventRow[] = [];
    let attRows: Record<string, unknown>[] = [];
    let alertRows: Record<string, unknown>[] = [];
    let linkRows: Record<string, unknown>[] = [];
    const flush = async () => {
      await bulkInsert(tx, engine, 'cases', caseColumns, caseRows);
      await bulkInsert(tx, engine, 'case_events', eventColumns, eventRows);
      await bulkInsert(tx, engine, 'case_attachments', attachmentColumns, attRows);
      await bulkInsert(tx, engine, 'alerts', alertColumns, alertRows);
      await bulkInsert(tx, engine, 'case_alerts', ['case_id', 'alert_id', 'company_id'], linkRows);
      caseRows = [];
      eventRows = [];
      attRows = [];
      alertRows = [];
      linkRows = [];
      o.onProgress?.(cases.length);
    };

    for (let n = 0; n < o.count; n++) {
      const t0 = times[n]!;
      // Company: weighted among those that had joined by then.
      let k = 0;
      let hi = companies.length;
      while (k < hi) {
        const mid = (k + hi) >> 1;
        if (companyCreated[mid]! <= t0) k = mid + 1;
        else hi = mid;
      }
      const eligible = Math.max(1, k);
      const x = r() * cum[eligible - 1]!;
      let ci = 0;
      let cj = eligible - 1;
      while (ci < cj) {
        const mid = (ci + cj) >> 1;
        if (cum[mid]! > x) cj = mid;
        else ci = mid + 1;
      }
      const company = companies[ci]!;
      const cIdx = companyIndex.get(company.id!)!;
      const id = newId('case');
      const number = `C-${String(n + 1).padStart(6, '0')}`;
      const channel = weighted(r, inOfficeHours(t0) ? channelInHours : channelOffHours);
      const alertCat = channel === 'outbound' ? (r() < 0.7 ? 'c2.botnet.outbound' : 'scan.internal') : null;
      const category = alertCat ? (alertCat === 'c2.botnet.outbound' ? 'malware' : 'unauthorized_access') : weighted(r, inboundCategories);
      const severity = r() < 0.03 ? 'critical' : alertCat ? (alertCat === 'c2.botnet.outbound' ? 'high' : 'medium') : channel === 'mail' && r() < 0.6 ? 'medium' : defaultSeverity(category);
      const status = statusFor(r, o.now - t0);
      const handled = status !== 'new';
      const tier = handled && (r() < (alertCat ? 0.5 : 0.12)) ? 'back' : 'front';
      // Web cases come from the company user (person 0); mail and phone also from the second contact.
      const personIdx = channel === 'web' || channel === 'outbound' || r() < 0.7 ? 0 : 1;
      const person = personOf(company, cIdx, personIdx);
      const hostIp = `192.168.${Math.floor(r() * 30)}.${2 + Math.floor(r() * 200)}`;
      const subject =
        alertCat === 'c2.botnet.outbound'
          ? `ボットネット通信の検知（${hostIp}）`
          : alertCat
            ? `社内で不審なスキャン通信（${hostIp}）`
            : pick(r, subjects[category]!) + pick(r, subjectTails);
      const assignee = handled || r() < 0.1 ? (tier === 'back' ? pick(r, analysts) : pick(r, operators)) : null;
      const assigneeId = assignee?.id ?? null;

      // SLA: the real due dates, from the real calendar (office hours; mail around the clock).
      const due0 = dueDates(deps.config, { channel, severity, createdAt: iso(t0), pauses: [] });
      const fr0 = Date.parse(due0.firstResponseDueAt);
      const res0 = Date.parse(due0.resolutionDueAt);
      const limit = o.now - MIN;
      let tFirst: number | null = null;
      if (channel === 'phone') tFirst = t0;
      else if (handled) tFirst = Math.min(limit, t0 + MIN + Math.floor((fr0 - t0) * (0.05 + 1.25 * r())));
      let tResolved: number | null = null;
      let tClosed: number | null = null;
      let pause: { from: number; to: number | null } | null = null;
      if (status === 'resolved' || status === 'closed') {
        tResolved = Math.min(limit, Math.max(tFirst! + 2 * MIN, t0 + Math.floor((res0 - t0) * (0.1 + 1.15 * r()))));
        if (tResolved <= tFirst!) tResolved = Math.min(limit, tFirst! + 1);
        if (status === 'closed') tClosed = Math.min(limit, tResolved + MIN + Math.floor(r() * 5 * DAY));
        if (tClosed !== null && tClosed < tResolved) tClosed = tResolved;
        if (r() < 0.1 && tResolved - tFirst! > 20 * MIN) {
          const a = between(r, tFirst! + MIN, tResolved - 10 * MIN);
          pause = { from: a, to: between(r, a + MIN, tResolved - MIN) };
        }
      } else if (status === 'waiting_customer') {
        pause = { from: between(r, tFirst! + 3, limit), to: null };
      }
      const endedPauses: Pause[] = pause && pause.to !== null ? [{ from: pause.from, to: pause.to }] : [];
      const due = endedPauses.length ? dueDates(deps.config, { channel, severity, createdAt: iso(t0), pauses: endedPauses }) : due0;

      // Timeline.
      const evs: { at: number; kind: string; actor: string | null; visibility: string; body: string; data: Record<string, unknown>; messageId?: string; optional?: number }[] = [];
      const customerActor = channel === 'web' || channel === 'mail' ? (personIdx === 0 ? (userIdOf.get(company.id!) ?? null) : null) : null;
      const firstKind = channel === 'phone' ? 'call_note' : channel === 'outbound' ? 'note' : 'message_in';
      const firstBody =
        channel === 'outbound' ? `UTM のアラート（${alertCat}）から作成。${hostIp} の通信を確認。` : channel === 'phone' ? `（電話）${pick(r, customerTexts[category]!)}` : pick(r, customerTexts[category]!);
      const messageId = channel === 'mail' ? `<${id}.${n}@mail.c${(cIdx + 1).toString(36)}.example.jp>` : undefined;
      evs.push({
        at: t0,
        kind: firstKind,
        actor: channel === 'phone' || channel === 'outbound' ? (assigneeId ?? pick(r, operators).id) : customerActor,
        visibility: firstKind === 'note' ? 'internal' : 'public',
        body: firstBody,
        data: { subject, channel, ...(channel === 'mail' ? { from: person.email, fromName: person.name } : {}), ...(alertCat ? { alertCategory: alertCat } : {}) },
        ...(messageId ? { messageId } : {}),
      });
      const alertIds: string[] = [];
      if (alertCat) {
        const nAlerts = r() < 0.8 ? 1 : 2;
        for (let a = 0; a < nAlerts; a++) {
          const alertId = newId('alr');
          alertIds.push(alertId);
          const firstSeen = t0 - Math.floor(r() * 6 * 3_600_000);
          alertRows.push({
            id: alertId, company_id: company.id!, device_id: null, category: alertCat, status: status === 'resolved' || status === 'closed' ? 'closed' : 'acknowledged',
            host_ip: hostIp, host_mac: `3c:22:fb:${Math.floor(r() * 256).toString(16).padStart(2, '0')}:${Math.floor(r() * 256).toString(16).padStart(2, '0')}:${a}${Math.floor(r() * 10)}`,
            host_vendor: pick(r, vendors), host_name: r() < 0.5 ? `PC-${Math.floor(r() * 90) + 10}` : null, remote_ip: `185.220.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
            remote_org: alertCat === 'scan.internal' ? 'Google LLC' : 'Hosting provider', count: 1 + Math.floor(r() * 400), first_seen: iso(firstSeen), last_seen: iso(t0 - 1000),
            assignee_id: null, created_at: iso(firstSeen), updated_at: iso(t0),
          });
          linkRows.push({ case_id: id, alert_id: alertId, company_id: company.id! });
          evs.push({ at: t0 + 1 + a, kind: 'alert_linked', actor: null, visibility: 'internal', body: '', data: { alertId } });
        }
      }
      let lastAt = t0;
      if (handled) {
        const tf = tFirst!;
        if (assignee) evs.push({ at: Math.max(t0 + 5, tf - 1000), kind: 'assignment', actor: operators[0]!.id, visibility: 'internal', body: '', data: { from: null, to: assigneeId }, optional: 1 });
        if (channel !== 'phone') {
          evs.push(channel === 'outbound'
            ? { at: tf, kind: 'call_note', actor: assigneeId, visibility: 'public', body: pick(r, callNotes), data: {} }
            : { at: tf, kind: 'message_out', actor: assigneeId, visibility: 'public', body: pick(r, staffReplies), data: { to: person.email } });
        }
        evs.push({ at: tf + 2, kind: 'status', actor: assigneeId, visibility: 'public', body: '', data: { from: 'new', to: 'in_progress', reopened: false } });
        lastAt = tf + 2;
        const stop = tResolved ?? pause?.from ?? limit;
        if (tier === 'back') {
          const tEsc = between(r, lastAt + 1, Math.max(lastAt + 2, stop - 2));
          evs.push({ at: tEsc, kind: 'escalation', actor: pick(r, operators).id, visibility: 'internal', body: '端末の特定と駆けつけの要否判断のためバックオフィスへ。', data: { from: 'front', to: 'back' } });
          evs.push({ at: tEsc + 1, kind: 'judgement', actor: assigneeId, visibility: 'internal', body: pick(r, internalNotes), data: { incident: category === 'malware', category, dispatchNeeded: r() < 0.2 }, optional: 2 });
        }
        if (pause) {
          evs.push({ at: pause.from, kind: 'status', actor: assigneeId, visibility: 'public', body: '', data: { from: 'in_progress', to: 'waiting_customer', reopened: false } });
          if (pause.to !== null) {
            evs.push({ at: pause.to, kind: 'message_in', actor: customerActor, visibility: 'public', body: pick(r, customerFollowUps), data: { channel }, optional: 3 });
            evs.push({ at: pause.to + 1, kind: 'status', actor: assigneeId, visibility: 'public', body: '', data: { from: 'waiting_customer', to: 'in_progress', reopened: false } });
          }
        }
        if (tResolved !== null) evs.push({ at: tResolved, kind: 'status', actor: assigneeId, visibility: 'public', body: '', data: { from: 'in_progress', to: 'resolved', reopened: false } });
        if (tClosed !== null) evs.push({ at: tClosed + 1, kind: 'status', actor: assigneeId, visibility: 'public', body: '', data: { from: 'resolved', to: 'closed', reopened: false } });
      }
      // 3–6 events: drop optional ones while over the target (the status history stays, so a long
      // case may keep a few more), pad with follow-ups and notes.
      const target = 3 + Math.floor(r() * 4);
      for (const level of [1, 3, 2]) {
        while (evs.length > target) {
          const i = evs.findIndex((e) => e.optional === level);
          if (i < 0) break;
          evs.splice(i, 1);
        }
      }
      const padUntil = Math.min(limit, tResolved ?? (pause?.from ?? limit));
      while (evs.length < target) {
        const at = between(r, t0 + 10, Math.max(t0 + 11, padUntil));
        evs.push(
          r() < 0.5
            ? { at, kind: 'note', actor: assigneeId ?? pick(r, operators).id, visibility: 'internal', body: pick(r, internalNotes), data: {} }
            : { at, kind: 'message_in', actor: customerActor, visibility: 'public', body: pick(r, customerFollowUps), data: { channel } },
        );
      }
      evs.sort((a, b) => a.at - b.at);
      for (let i = 1; i < evs.length; i++) if (evs[i]!.at <= evs[i - 1]!.at) evs[i]!.at = evs[i - 1]!.at + 1;
      const eventIds = evs.map(() => newId('cev'));
      for (let i = 0; i < evs.length; i++) {
        const e = evs[i]!;
        eventRows.push({
          id: eventIds[i]!, case_id: id, company_id: company.id!, at: iso(e.at), kind: e.kind, actor_id: e.actor,
          actor_name: e.actor ? (staffById.get(e.actor)?.name ?? person.name) : e.kind === 'alert_linked' ? 'otasuke' : channel === 'mail' ? person.name : null,
          visibility: e.visibility, body: e.body, data: JSON.stringify(e.data), message_id: e.messageId ?? null,
        });
      }
      const updatedAt = evs[evs.length - 1]!.at;

      // Attachments (metadata; the case page lists them) on some mail and web cases.
      let nAtt = 0;
      if ((channel === 'mail' && r() < 0.15) || (channel === 'web' && r() < 0.08)) nAtt = r() < 0.8 ? 1 : 2;
      for (let a = 0; a < nAtt; a++) {
        const [filename, contentType] = pick(r, attachmentNames);
        let sha = '';
        for (let h = 0; h < 8; h++) sha += Math.floor(r() * 0x100000000).toString(16).padStart(8, '0');
        attRows.push({ id: newId('att'), case_id: id, company_id: company.id!, event_id: eventIds[0]!, filename, content_type: contentType, size: 20_000 + Math.floor(r() * 2_000_000), sha256: sha, at: iso(t0) });
      }

      const judgement =
        tier === 'back' && r() < 0.7
          ? JSON.stringify({ incident: category === 'malware', category, dispatchNeeded: r() < 0.2, reason: pick(r, internalNotes), by: analysts[0]!.name, at: iso(Math.min(limit, (tFirst ?? t0) + 3_600_000)) })
          : null;
      const callScript = alertCat
        ? JSON.stringify({
            seen: `${hostIp} から外部の不審な宛先への通信が ${1 + Math.floor(r() * 400)} 回ありました。`,
            device: `IP アドレス ${hostIp} の端末`,
            ask: ['どなたがお使いの端末ですか', '最近、不審なメールやソフトを開きましたか'],
            advise: ['LAN ケーブルを抜き、Wi-Fi を切ってください', 'ウイルス対策ソフトでフルスキャンしてください'],
            offerDispatch: '必要であれば担当者が訪問して調査します。',
          })
        : null;
      const contactEmail = channel === 'phone' && r() < 0.4 ? null : person.email;
      const contactPhone = channel === 'phone' || channel === 'outbound' ? person.phone : null;
      const searchText = normaliseSearch([number, subject, person.name, contactEmail ?? ''].join(' '));
      const firstRespondedAt = tFirst === null ? null : iso(tFirst);
      const resolvedAt = tResolved === null ? null : iso(tResolved);
      const pausedSince = pause && pause.to === null ? iso(pause.from) : null;
      caseRows.push({
        id, number, company_id: company.id!, subject, channel, category, severity, status, tier, assignee_id: assignee?.id ?? null,
        contact_name: person.name, contact_email: contactEmail, contact_phone: contactPhone, call_script: callScript, judgement,
        created_by: channel === 'phone' || channel === 'outbound' ? operators[n % operators.length]!.id : channel === 'web' ? customerActor : null,
        created_at: iso(t0), updated_at: iso(updatedAt), first_responded_at: firstRespondedAt, resolved_at: resolvedAt, closed_at: tClosed === null ? null : iso(tClosed + 1),
        first_response_due_at: due.firstResponseDueAt, resolution_due_at: due.resolutionDueAt, paused_since: pausedSince,
        sla_pauses: JSON.stringify(endedPauses.map((p) => ({ from: iso(p.from), to: iso(p.to!) }))), search_text: searchText,
      });
      cases.push({
        id, number, companyId: company.id!, subject, channel, category, severity, status, tier, assigneeId: assignee?.id ?? null, createdAt: iso(t0),
        firstRespondedAt, resolvedAt, pausedSince, firstResponseDueAt: due.firstResponseDueAt, resolutionDueAt: due.resolutionDueAt, searchText,
        events: evs.length, firstEventKind: firstKind, attachments: nAtt, alerts: alertIds.length,
      });
      totalEvents += evs.length;
      totalAttachments += nAtt;
      totalAlerts += alertIds.length;
      if (caseRows.length >= batch) await flush();
    }
    await flush();
    await tx.updateTable('helpdesk_counters').set({ value: o.count }).where('name', '=', 'case').execute();
    return staff;
  });

  for (const p of demoPlaybooks) await createKb(deps, { actor: systemActor }, { ...p, published: true });
  if (engine === 'postgres') {
    for (const t of ['users', 'company_contacts', 'cases', 'case_events', 'case_attachments', 'case_alerts', 'alerts', 'kb_articles']) await sql`vacuum analyze ${sql.table(t)}`.execute(deps.db.kysely);
  }

  const pickSenders = (j: number, from: number, n: number) =>
    o.companies.slice(from, from + n).map((c, k) => ({ email: personOf(c, from + k, j).email, companyId: c.id! }));
  return {
    cases,
    staff,
    userSenders: pickSenders(0, 0, Math.min(150, o.companies.length)),
    contactSenders: pickSenders(1, Math.min(150, o.companies.length), Math.min(50, Math.max(0, o.companies.length - 150))),
    events: totalEvents,
    attachments: totalAttachments,
    alerts: totalAlerts,
  };
}

// ---------------------------------------------------------------- expected answers

export interface CaseFilter {
  companyId?: string;
  status?: string;
  tier?: string;
  breached?: boolean;
  q?: string;
}

/** The rule of listCases (cases.ts) in plain code: what the API must answer for `f` at instant `nowIso`. */
export function caseMatches(c: SeedCase, f: CaseFilter, nowIso: string): boolean {
  return caseMatcher(f, nowIso)(c);
}

/** `caseMatches` for many cases: the search term is folded once, not once per case. */
export function caseMatcher(f: CaseFilter, nowIso: string): (c: SeedCase) => boolean {
  const term = f.q?.trim();
  const folded = term ? normaliseSearch(term) : '';
  const number = term ? term.toUpperCase() : '';
  return (c) => {
    if (f.companyId && c.companyId !== f.companyId) return false;
    if (f.status && c.status !== f.status) return false;
    if (f.tier && c.tier !== f.tier) return false;
    if (term) {
      if (!(c.searchText.includes(folded) || c.number === number)) return false;
    }
    if (f.breached) {
      if (c.status === 'resolved' || c.status === 'closed') return false;
      const clock = c.pausedSince ?? nowIso;
      if (!((c.firstRespondedAt === null && clock > c.firstResponseDueAt) || clock > c.resolutionDueAt)) return false;
    }
    return true;
  };
}
