/**
 * Help-desk demo data from the pilot (DESIGN §1): the five playbooks, the 6 inbound consultations
 * (Windows Update ×2, scareware installed, Emotet ×3) and the 9 outbound calls triggered by UTM
 * alerts (botnet traffic from a PC or phone ×6, internal "TCP Xmas Tree" scans ×3).
 */
import type { Deps } from '../../platform/deps.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { systemActor, type Actor } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/ids/ids.ts';
import { createKb } from './kb.ts';
import { insertCase, loadCase, changeStatus, escalateCase, recordJudgement } from './cases.ts';
import { caseFromAlert } from './alertToCase.ts';
import { addCaseEvent } from './case-links.ts';

export const demoPlaybooks = [
  {
    slug: 'windows-update',
    category: 'windows_update',
    title: 'Windows Update が終わらない・失敗する',
    customerBody:
      '1. パソコンを電源につないだまま、1〜2 時間そのままお待ちください（大きな更新は時間がかかります）。\n2. 進まない場合は、作業中のファイルを保存してから再起動してください。\n3. 「設定」→「Windows Update」で「更新プログラムのチェック」を押し、もう一度お試しください。\n4. それでもエラーになる場合は、エラー番号（0x800… など）を控えてヘルプデスクにご連絡ください。\n\n更新を止めたままにすると、ウイルスに狙われやすくなります。後回しにせず適用しましょう。',
    staffBody: 'エラーコードで切り分け（0x80070002 → SoftwareDistribution のリセット、0x800f0922 → 空き容量/VPN）。DISM /RestoreHealth と sfc /scannow。WSUS 配下かどうか確認。',
    checklist: ['OS のバージョンとエラーコードを聞き取る', '空き容量（20GB 以上）を確認', '再起動後に再試行', '解決しない場合は遠隔支援を提案'],
  },
  {
    slug: 'scareware',
    category: 'scareware',
    title: '「ウイルスに感染しました」という警告や電話番号が画面に出た（サポート詐欺）',
    customerBody:
      '画面の電話番号には絶対に電話しないでください。表示されたソフトもインストールしないでください。\n1. ブラウザを閉じます（閉じられない場合は Ctrl + Alt + Delete からタスクマネージャーで終了、またはパソコンを再起動）。\n2. もし電話をかけたり、遠隔操作ソフトを入れてしまった場合は、すぐに LAN ケーブルを抜き Wi-Fi を切って、ヘルプデスクにご連絡ください。\n3. クレジットカード番号を伝えてしまった場合は、カード会社にも連絡してください。',
    staffBody: 'サポート詐欺（テクニカルサポート詐欺）。遠隔操作ツール（AnyDesk, TeamViewer 等）導入の有無、支払いの有無を確認。導入済みならアンインストール、パスワード変更、フルスキャン。IPA の「偽セキュリティ警告」体験サイトを案内。',
    checklist: ['電話をかけたか', '遠隔操作ソフトを入れたか', '支払い・カード情報を伝えたか', 'ブラウザの通知許可を削除'],
  },
  {
    slug: 'emotet',
    category: 'emotet',
    title: 'Emotet（エモテット）など不審なメールが届いた・添付ファイルを開いた',
    customerBody:
      '取引先や同僚の名前でも、心当たりのない添付ファイル（Word、Excel、ZIP、OneNote）やリンクは開かないでください。\n開いてしまった場合:\n1. そのパソコンの LAN ケーブルを抜き、Wi-Fi を切ってください（電源は切らないでください）。\n2. ヘルプデスクにご連絡ください。感染の確認方法をご案内します。\n3. 取引先から「御社名のメールが届いた」と言われた場合もご連絡ください。',
    staffBody: 'Emotet はマクロ有効化で感染し、メール情報を窃取して取引先へ拡散する。JPCERT/CC の EmoCheck で確認（最新版を使用）。感染時はメールアカウントのパスワード変更、取引先への注意喚起、端末の初期化を推奨。',
    checklist: ['マクロを有効化したか', 'EmoCheck の結果', '同じメールを受け取った社員の有無', '取引先への注意喚起の要否'],
  },
  {
    slug: 'botnet-traffic',
    category: 'botnet',
    title: 'UTM がボットネット通信を検知した',
    customerBody:
      '社内のパソコンやスマートフォンが、ウイルスの指令サーバーと思われる宛先に通信しようとしたため、UTM が遮断しました。\n1. 担当者からお電話で、どの端末かを確認させていただきます。\n2. その端末の LAN ケーブルを抜き、Wi-Fi を切ってください。\n3. ウイルス対策ソフトを最新にして、フルスキャンしてください。\n4. 駆除後も検知が続く場合は、初期化（再インストール）をお勧めします。必要なら訪問してお手伝いします。',
    staffBody: 'IP→MAC 履歴と OUI ベンダーで端末を特定（私物スマートフォンが多い）。宛先 IP の所有者と評判を確認。同一宛先への他社の通信も確認。誤検知（広告 SDK など）の可能性も考慮し、判断理由を記録。',
    checklist: ['端末の特定（IP, MAC, メーカー, ホスト名）', '利用者と用途の確認', 'ネットワークからの切り離し', 'フルスキャン結果', '駆けつけの要否判断'],
  },
  {
    slug: 'internal-scan',
    category: 'internal_scan',
    title: '社内で不審なスキャン通信（TCP Xmas Tree など）を検知した',
    customerBody:
      '社内の端末が、他の機器を順番に調べるような通信をしていました。ウイルスが広がろうとしている場合もあれば、機器の正常な動作の場合もあります。\n担当者から端末の確認のお電話をします。心当たり（ネットワーク機器の設定作業など）があればお知らせください。',
    staffBody: 'SonicWall の TCP Xmas Tree は macOS/iOS の一部通信で誤検知が多い（パイロットでは Google 宛てで良性と判断）。宛先が社外の大手 ASN なら抑止ルールを検討（会社・カテゴリ・宛先組織・期限付き）。社内宛ての連続ポートならワーム感染を疑う。',
    checklist: ['送信元端末の特定', '宛先が社内か社外か', '良性と判断した場合は抑止ルール（期限付き）', '判断理由の記録'],
  },
];

const inbound = [
  { channel: 'web', category: 'consultation', subject: 'Windows Update が 0% のまま進みません', body: '事務所のパソコン 1 台で、昨日から「更新プログラムを構成しています 0%」のまま止まっています。電源を切ってもよいでしょうか。', reply: '電源はつないだまま、1〜2 時間お待ちください。それでも進まない場合は再起動して、「更新プログラムのチェック」からもう一度お試しください。', final: 'closed' },
  { channel: 'phone', category: 'consultation', subject: 'Windows Update のエラー 0x800f0922', body: '（電話）経理の PC で更新が失敗する。エラー番号 0x800f0922。VPN は使っていない。', reply: '空き容量が 5GB しかなかったため、不要ファイルの削除をご案内。再試行で成功。', final: 'closed' },
  { channel: 'phone', category: 'malware', subject: '警告画面の指示でソフトを入れてしまった（サポート詐欺）', body: '（電話）「ウイルスに感染しました」と表示され、表示された番号に電話し、指示されたソフトをインストールした。支払いはしていない。', reply: '遠隔操作ソフトのアンインストール、パスワード変更、フルスキャンを案内。LAN から外してもらった。', final: 'resolved' },
  { channel: 'mail', category: 'suspicious_mail', subject: '取引先を名乗る請求書メール（Word 添付）', body: 'いつもの取引先の担当者名で「請求書送付の件」というメールが来ました。Word ファイルが付いています。開いていません。', reply: '開かずに削除してください。差出人のアドレスが取引先のドメインと違っており、Emotet の手口です。念のため取引先にもお知らせください。', final: 'closed' },
  { channel: 'mail', category: 'suspicious_mail', subject: 'Emotet のメールを開いてしまったかもしれません', body: '返信の形で届いたメールの添付ファイルを開き、「コンテンツの有効化」を押してしまいました。', reply: 'そのパソコンの LAN ケーブルを抜き、Wi-Fi を切ってください。EmoCheck での確認方法をお送りします。', final: 'waiting_customer' },
  { channel: 'web', category: 'suspicious_mail', subject: '当社名をかたったメールが取引先に届いているようです', body: '取引先から「御社から不審なメールが届いた」と連絡がありました。どうすればよいでしょうか。', reply: '社内のどなたかのパソコンが Emotet に感染し、メール情報が盗まれた可能性があります。全台で EmoCheck を実行してください。', final: 'in_progress' },
] as const;

/** 6 botnet alerts from a PC or phone, 3 internal Xmas Tree scans (the pilot's Mac to Google). */
const outbound = [
  { category: 'c2.botnet.outbound', ip: '192.168.1.45', mac: 'f0:18:98:3a:11:02', vendor: 'Apple, Inc.', host: 'iPhone', remote: '185.220.101.34', org: 'Unknown hosting', dispatch: true },
  { category: 'c2.botnet.outbound', ip: '192.168.1.23', mac: '00:1b:21:44:10:9a', vendor: 'Intel Corporate', host: 'KEIRI-PC01', remote: '45.137.21.9', org: 'Hosting provider', dispatch: true },
  { category: 'c2.botnet.outbound', ip: '192.168.0.61', mac: 'a4:5e:60:c1:22:08', vendor: 'Apple, Inc.', host: null, remote: '91.215.85.17', org: 'Hosting provider', dispatch: false },
  { category: 'c2.botnet.outbound', ip: '192.168.10.12', mac: '3c:2a:f4:90:1d:55', vendor: 'Brother Industries, LTD.', host: 'JIMU-PC', remote: '194.165.16.11', org: 'Hosting provider', dispatch: true },
  { category: 'c2.botnet.outbound', ip: '192.168.1.88', mac: '98:09:cf:6b:42:10', vendor: 'OnePlus Technology (Shenzhen) Co., Ltd', host: null, remote: '103.75.201.4', org: 'Hosting provider', dispatch: false },
  { category: 'c2.botnet.outbound', ip: '192.168.3.30', mac: '00:e0:4c:68:01:77', vendor: 'REALTEK SEMICONDUCTOR CORP.', host: 'SOUKO-PC', remote: '80.94.95.112', org: 'Hosting provider', dispatch: false },
  { category: 'scan.internal', ip: '192.168.20.15', mac: '3c:22:fb:12:34:56', vendor: 'Apple, Inc.', host: 'MacBook-Air', remote: '142.250.196.110', org: 'Google LLC', dispatch: false },
  { category: 'scan.internal', ip: '192.168.20.16', mac: '3c:22:fb:98:76:54', vendor: 'Apple, Inc.', host: 'iMac-design', remote: '142.250.207.14', org: 'Google LLC', dispatch: false },
  { category: 'scan.internal', ip: '192.168.1.101', mac: '8c:85:90:22:33:44', vendor: 'Apple, Inc.', host: null, remote: '172.217.175.78', org: 'Google LLC', dispatch: false },
] as const;

export interface HelpdeskDemoResult {
  playbooks: number;
  inbound: number;
  outbound: number;
  /** Outbound cases the back office judged to need someone on site. */
  dispatchCandidates: { caseId: string; companyId: string; device: { ip: string; mac: string; vendor: string; hostname: string | null } }[];
}

export async function loadHelpdeskDemo(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>, staff: { operator: Actor; analyst: Actor }): Promise<HelpdeskDemoResult> {
  const base = deps.clock.now().getTime();
  let t = base;
  const clock: Clock = { now: () => new Date(t) };
  const d = { ...deps, clock };
  for (const p of demoPlaybooks) await createKb(d, { actor: systemActor }, { ...p, published: true });
  const companies = await deps.db.kysely
    .selectFrom('companies as c')
    .leftJoin('company_contacts as cc', (j) => j.onRef('cc.company_id', '=', 'c.id').on('cc.is_primary', '=', 1))
    .select(['c.id', 'cc.name as contact', 'cc.email', 'cc.phone'])
    .where('c.status', '=', 'active')
    .orderBy('c.created_at')
    .limit(15)
    .execute();
  if (companies.length === 0) return { playbooks: demoPlaybooks.length, inbound: 0, outbound: 0, dispatchCandidates: [] };
  const company = (i: number) => companies[i % companies.length]!;
  const days = (n: number) => n * 86_400_000;

  // The inbound consultations, spread over the last four months, each answered.
  for (const [i, c] of inbound.entries()) {
    const co = company(i + 1);
    t = base - days(120 - i * 18) + 10 * 3_600_000;
    const created = await deps.db.kysely.transaction().execute((tx) =>
      insertCase(tx, d, c.channel === 'phone' ? staff.operator : systemActor, {
        companyId: co.id,
        subject: c.subject,
        body: c.body,
        channel: c.channel,
        category: c.category,
        severity: c.category === 'malware' ? 'high' : 'medium',
        contactName: co.contact,
        contactEmail: co.email,
        contactPhone: co.phone,
        firstEventKind: c.channel === 'phone' ? 'call_note' : 'message_in',
        messageId: c.channel === 'mail' ? `<demo-${i}@customer.example.jp>` : null,
      }),
    );
    t += 45 * 60_000;
    await deps.db.kysely.transaction().execute(async (tx) => {
      const row = await loadCase(tx, systemActor, created.id);
      await addCaseEvent(tx, clock, staff.operator, { caseId: row.id, companyId: row.company_id, kind: c.channel === 'phone' ? 'call_note' : 'message_out', body: c.reply, visibility: c.channel === 'phone' ? 'internal' : 'public' });
      await tx.updateTable('cases').set({ first_responded_at: clock.now().toISOString() }).where('id', '=', row.id).execute();
      await changeStatus(tx, d, staff.operator, row, 'in_progress');
      if (c.final !== 'in_progress') {
        t += days(1);
        await changeStatus(tx, d, staff.operator, await loadCase(tx, systemActor, row.id), c.final === 'waiting_customer' ? 'waiting_customer' : 'resolved');
        if (c.final === 'closed') {
          t += days(2);
          await changeStatus(tx, d, staff.operator, await loadCase(tx, systemActor, row.id), 'closed');
        }
      }
    });
  }

  // The outbound calls from alerts.
  const dispatchCandidates: HelpdeskDemoResult['dispatchCandidates'] = [];
  for (const [i, a] of outbound.entries()) {
    const co = company(i + 7);
    t = base - days(100 - i * 10) + 3 * 3_600_000;
    const at = clock.now().toISOString();
    const alertId = newId('alr');
    await deps.db.kysely
      .insertInto('alerts')
      .values({
        id: alertId, company_id: co.id, device_id: null, category: a.category, status: 'new', host_ip: a.ip, host_mac: a.mac, host_vendor: a.vendor, host_name: a.host,
        remote_ip: a.remote, remote_org: a.org, count: 3 + ((i * 7) % 40), first_seen: at, last_seen: new Date(t + 40 * 60_000).toISOString(), assignee_id: null, created_at: at, updated_at: at,
      })
      .execute();
    t += 60 * 60_000;
    const { detail } = await caseFromAlert(d, { actor: staff.operator }, alertId);
    const caseId = detail.case.id;
    t += 20 * 60_000;
    const benign = a.category === 'scan.internal';
    await deps.db.kysely.transaction().execute(async (tx) => {
      await addCaseEvent(tx, clock, staff.operator, {
        caseId,
        companyId: co.id,
        kind: 'call_note',
        body: benign
          ? `お客様に確認。${a.host ?? a.ip} はデザイン担当の Mac。通常の業務中で心当たりなし。宛先は Google。`
          : `お客様に確認。${a.host ?? a.vendor} の利用者は心当たりなし。LAN ケーブルを抜き Wi-Fi を切ってもらった。フルスキャンを依頼。`,
      });
      await tx.updateTable('cases').set({ first_responded_at: clock.now().toISOString() }).where('id', '=', caseId).execute();
    });
    t += 30 * 60_000;
    await escalateCase(d, { actor: staff.operator }, caseId, benign ? '良性か判断をお願いします（Google 宛ての Xmas Tree）' : '心当たりがなく、感染の可能性があります');
    t += 60 * 60_000;
    await recordJudgement(d, { actor: staff.analyst }, caseId, {
      incident: !benign,
      category: benign ? 'unauthorized_access' : 'malware',
      dispatchNeeded: a.dispatch,
      reason: benign
        ? 'macOS の通信を SonicWall が Xmas Tree と誤検知。宛先は Google LLC。良性と判断し、会社単位で抑止ルールを設定。'
        : a.dispatch
          ? 'ボットネット通信が継続しており、端末の特定と証拠保全が必要。駆けつけを手配する。'
          : 'スキャンで駆除済み。以後の検知なし。経過観察。',
    });
    if (!a.dispatch) {
      t += days(2);
      await deps.db.kysely.transaction().execute(async (tx) => {
        await changeStatus(tx, d, staff.analyst, await loadCase(tx, systemActor, caseId), 'resolved');
        if (i % 2 === 0) {
          t += days(1);
          await changeStatus(tx, d, staff.analyst, await loadCase(tx, systemActor, caseId), 'closed');
        }
      });
    } else {
      dispatchCandidates.push({ caseId, companyId: co.id, device: { ip: a.ip, mac: a.mac, vendor: a.vendor, hostname: a.host } });
    }
  }
  return { playbooks: demoPlaybooks.length, inbound: inbound.length, outbound: outbound.length, dispatchCandidates };
}
