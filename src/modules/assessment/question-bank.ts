/**
 * The question bank (reference data, versioned): the enrolment pre-survey and the self-assessment —
 * 25 core items aligned one-to-one with the topics of IPA's 5分でできる！情報セキュリティ自社診断
 * (our own wording) plus 8 extension items, each mapped to NIST CSF 2.0 subcategories and CIS v8
 * IG1 safeguards (reference assessment.md §6.2). Changing wording or mappings means a new version.
 */
export const QUESTION_BANK_VERSION = '2026.1';

export type Part = 'basic' | 'employee' | 'organization' | 'extension';
export type CsfFunction = 'GV' | 'ID' | 'PR' | 'DE' | 'RS' | 'RC';
export const csfFunctions: readonly CsfFunction[] = ['GV', 'ID', 'PR', 'DE', 'RS', 'RC'];

export interface Item {
  id: string;
  part: Part;
  ipaItem?: number;
  naAllowed: boolean;
  csf: string[];
  cisIg1: string[];
  cpg: boolean;
  /** Advice weight: 3 for Part 1 and the ransomware-critical X03/X04, 2 for IG1-mapped items, 1 otherwise. */
  importance: 1 | 2 | 3;
  text: { ja: string; en: string };
  advice: { ja: string; en: string };
  /** The service or document of the program that helps with this item. */
  service: { ja: string; en: string };
}

const S = {
  policy: { ja: '基本方針・ルールのひな形（お助け隊）', en: 'Policy and rules templates (help squad)' },
  helpdesk: { ja: 'ヘルプデスクへの相談', en: 'Help desk advice' },
  utm: { ja: 'UTM 監視サービス（お助け隊）', en: 'UTM monitoring service (help squad)' },
  seminar: { ja: 'セミナー・注意喚起メール', en: 'Seminars and alert mails' },
  dispatch: { ja: '駆けつけ・初動対応サービス', en: 'On-site first response service' },
  exercise: { ja: '机上演習', en: 'Tabletop exercise' },
  insurance: { ja: 'サイバー保険（簡易）', en: 'Simple cyber insurance' },
  ledger: { ja: '資産台帳のひな形', en: 'Asset ledger template' },
};

type Row = [id: string, part: Part, ipa: number | undefined, na: boolean, csf: string, cis: string, cpg: boolean, imp: 1 | 2 | 3, ja: string, en: string, adviceJa: string, adviceEn: string, service: keyof typeof S];

const rows: Row[] = [
  ['Q01', 'basic', 1, false, 'PR.PS-02 ID.RA-01', '7.3 7.4 2.2 12.1', true, 3, 'パソコン・スマートフォン・ルーターの OS やソフトを、自動更新などで常に最新にしている', 'OS, apps and router firmware are kept up to date (e.g. automatic updates)', '自動更新を有効にし、月に一度は更新が止まっていないか確かめましょう。', 'Turn on automatic updates and check monthly that they are not stuck.', 'helpdesk'],
  ['Q02', 'basic', 2, false, 'DE.CM-09 PR.PS-05', '10.1 10.2', false, 3, '全てのパソコンにウイルス対策ソフトを入れ、定義ファイルを最新にしている', 'Anti-virus on every PC with current definitions', 'ウイルス対策ソフトを全台に入れ、定義ファイルの自動更新を確認しましょう。', 'Install anti-virus on every PC and check definitions update automatically.', 'helpdesk'],
  ['Q03', 'basic', 3, false, 'PR.AA-01 PR.AA-03', '5.2 4.7', true, 3, 'パスワードは長く推測されにくいものにし、使い回さず、機器の初期パスワードは変更している', 'Passwords are long and unique, and default passwords are changed', 'ルーターなど機器の初期パスワードを変更し、長いパスワードを使い回さないようにしましょう。', 'Change default device passwords and use long, unique passwords.', 'helpdesk'],
  ['Q04', 'basic', 4, false, 'PR.AA-05', '3.3 6.1', true, 3, '共有フォルダ・クラウド・複合機などの共有設定を、必要な人だけが使えるようにしている', 'Sharing settings (folders, cloud, printers) are limited to those who need them', '共有フォルダやクラウドの共有範囲を見直し、不要な共有を止めましょう。', 'Review sharing scopes and remove unneeded sharing.', 'helpdesk'],
  ['Q05', 'basic', 5, false, 'ID.RA-02 PR.AT-01', '14.1', true, 3, '新しい脅威や攻撃の手口を知り、社内で共有する仕組みがある', 'New threats and attack methods are learned and shared internally', 'お助け隊の注意喚起メールを社内で回覧する仕組みを作りましょう。', 'Circulate the help squad’s alert mails inside the company.', 'seminar'],
  ['Q06', 'employee', 6, false, 'PR.AT-01', '14.2 9.1', true, 2, '心当たりのないメールの添付ファイルやリンクを不用意に開かない', 'Unexpected attachments and links are not opened carelessly', '不審なメールの見分け方を全員で学び、迷ったら相談するルールにしましょう。', 'Teach everyone to spot suspicious mail and to ask when unsure.', 'seminar'],
  ['Q07', 'employee', 7, false, 'PR.AT-01 PR.DS-02', '14.5', false, 2, 'メールや FAX の誤送信を防ぐ工夫をしている（宛先の確認など）', 'Misaddressed mail and fax are prevented (recipient checks)', '送信前の宛先確認や送信保留の設定を取り入れましょう。', 'Add recipient checks or delayed sending.', 'helpdesk'],
  ['Q08', 'employee', 8, false, 'PR.DS-02', '14.4', true, 2, '重要な情報はメール本文に書かず、添付する場合は保護（暗号化など）している', 'Important information is not put in mail bodies; attachments are protected', '重要な情報はクラウドの共有リンクなどで送り、本文に書かないようにしましょう。', 'Send important information via protected links, not in mail bodies.', 'helpdesk'],
  ['Q09', 'employee', 9, true, 'PR.IR-01 PR.DS-02', '4.2 12.1', false, 2, '無線 LAN（Wi-Fi）は安全な暗号化方式と強いパスワードで使っている', 'Wi-Fi uses strong encryption and a strong password', 'Wi-Fi を WPA2/WPA3 にし、来客用は社内用と分けましょう。', 'Use WPA2/WPA3 and separate guest Wi-Fi.', 'helpdesk'],
  ['Q10', 'employee', 10, false, 'PR.AT-01', '9.1 9.2 14.4', false, 2, 'ウェブサイトの閲覧や SNS への書き込みで、トラブルに注意している', 'Web browsing and social media are used with care', '業務用 SNS の使い方のルールと、怪しいサイトを開いたときの対処を決めましょう。', 'Set rules for social media and what to do on a suspicious site.', 'seminar'],
  ['Q11', 'employee', 11, false, 'PR.DS-11', '11.1 11.2 11.3', true, 2, '重要なデータを定期的にバックアップしている', 'Important data is backed up regularly', '重要なデータの定期バックアップを自動化しましょう。', 'Automate regular backups of important data.', 'helpdesk'],
  ['Q12', 'employee', 12, false, 'PR.AA-06 PR.DS-01', '3.1', false, 2, '重要な書類や記録媒体を机の上に放置せず、鍵のかかる場所に保管している', 'Important papers and media are locked away, not left on desks', '重要書類は施錠できる場所に保管するルールにしましょう。', 'Keep important papers in lockable storage.', 'policy'],
  ['Q13', 'employee', 13, true, 'PR.DS-01', '3.6', true, 2, '情報や機器を社外に持ち出すとき、紛失・盗難の対策をしている', 'Data and devices taken out are protected against loss and theft', '持ち出すパソコンは暗号化し、紛失時の連絡先を決めましょう。', 'Encrypt laptops taken out and set a loss-reporting contact.', 'policy'],
  ['Q14', 'employee', 14, false, 'PR.AA-03 PR.PS-01', '4.3', false, 2, '席を離れるときは画面をロックしている', 'Screens are locked when leaving the desk', '自動画面ロック（5 分程度）を全台に設定しましょう。', 'Set automatic screen lock (about 5 minutes) on all PCs.', 'helpdesk'],
  ['Q15', 'employee', 15, false, 'PR.AA-06 DE.CM-02', '', false, 1, '関係者以外が事務所に立ち入れないようにしている', 'Outsiders cannot walk into the office', '来客の受付と立ち入り範囲を決めましょう。', 'Set visitor reception and restricted areas.', 'policy'],
  ['Q16', 'employee', 16, false, 'PR.AA-06', '1.1', false, 2, '退社時にノートパソコンや機器を施錠保管している', 'Laptops and equipment are locked away after hours', '退社時のノートパソコンの施錠保管をルールにしましょう。', 'Make locking laptops away after hours a rule.', 'policy'],
  ['Q17', 'employee', 17, false, 'PR.AA-06', '', false, 1, '最後に退社する人が事務所を施錠している', 'The last person out locks the office', '最終退出者の施錠確認を習慣にしましょう。', 'Make the last person out check the locks.', 'policy'],
  ['Q18', 'employee', 18, false, 'PR.DS-01 ID.AM-08', '3.5', false, 2, '書類や記録媒体、パソコンを捨てるときは、情報を読めないようにしている', 'Disposal makes papers, media and PCs unreadable', '廃棄時はシュレッダーやデータ消去を必ず行いましょう。', 'Always shred and wipe on disposal.', 'policy'],
  ['Q19', 'organization', 19, false, 'GV.RR-04 PR.AT-01', '14.4', false, 2, '従業員が守秘義務を理解し、守っている（入社時の誓約など）', 'Staff understand and keep confidentiality (e.g. pledge on joining)', '入社時に守秘義務の誓約書をもらいましょう。', 'Collect a confidentiality pledge on joining.', 'policy'],
  ['Q20', 'organization', 20, false, 'PR.AT-01', '14.1 14.2 14.3', true, 2, '従業員にセキュリティの教育や注意喚起をしている', 'Staff get security training and alerts', '年に一度の社内勉強会とお助け隊のセミナー参加を計画しましょう。', 'Plan a yearly session and join the help squad’s seminars.', 'seminar'],
  ['Q21', 'organization', 21, false, 'GV.PO-01 PR.PS-01', '4.1', true, 2, '私物の機器を業務で使うときのルールがある', 'There are rules for personal devices used for work', '私物スマートフォンやパソコンを業務で使う条件を決めましょう。', 'Set the conditions for using personal devices for work.', 'policy'],
  ['Q22', 'organization', 22, false, 'GV.SC-05', '15.1', true, 1, '重要な情報をやり取りする取引先との契約に、秘密保持の条項がある', 'Contracts with partners who exchange important information have confidentiality clauses', '取引先との契約に秘密保持条項を入れましょう。', 'Add confidentiality clauses to partner contracts.', 'policy'],
  ['Q23', 'organization', 23, true, 'GV.SC-06 ID.AM-04', '15.1', true, 2, 'クラウドなど外部のサービスは、安全性や信頼性を確かめてから使っている', 'Cloud and external services are checked for safety before use', 'クラウドサービスの利用前チェックリストを使いましょう。', 'Use a checklist before adopting a cloud service.', 'helpdesk'],
  ['Q24', 'organization', 24, false, 'ID.IM-04 RS.MA-01 RS.CO-02', '17.1 17.2 17.3', true, 2, '事故が起きたときの連絡先・役割・手順を決めている', 'Incident contacts, roles and steps are decided', '事故時の連絡先一覧（お助け隊・保険会社を含む）を作り、社内に掲示しましょう。', 'Make an incident contact list (incl. help squad and insurer) and post it.', 'dispatch'],
  ['Q25', 'organization', 25, false, 'GV.PO-01 GV.PO-02', '14.1', false, 1, 'これらの対策をルールとして文書にし、従業員に周知している', 'These measures are written down as rules and shared with staff', '基本方針とルールを文書にし、全員に周知しましょう（★★ の条件）。', 'Write a basic policy and rules and share them (needed for ★★).', 'policy'],
  ['X01', 'extension', undefined, false, 'GV.RR-01 GV.RR-02 GV.RR-03', '17.1', true, 2, 'セキュリティの責任者が決まっていて、経営者が関わり予算を確保している', 'A named security lead; management is involved and budgets for it', 'セキュリティ責任者を決め、経営者が年に一度状況を確認しましょう。', 'Name a security lead; management reviews it yearly.', 'policy'],
  ['X02', 'extension', undefined, false, 'ID.AM-01 ID.AM-02 ID.AM-07', '1.1 2.1 3.2 5.1', true, 2, 'パソコン・ソフト・重要な情報の一覧（資産台帳）がある', 'There is a list of hardware, software and important information (asset ledger)', '資産台帳のひな形でパソコンとソフトの一覧を作りましょう。', 'Use the template to list PCs and software.', 'ledger'],
  ['X03', 'extension', undefined, false, 'PR.AA-03', '6.3 6.4 6.5', true, 3, 'メール・クラウド・リモート接続・管理者アカウントに多要素認証を使っている', 'MFA on mail, cloud, remote and admin access', 'メールとクラウドに多要素認証（スマートフォンでの確認）を設定しましょう。', 'Turn on multi-factor authentication for mail and cloud.', 'helpdesk'],
  ['X04', 'extension', undefined, false, 'PR.DS-11 RC.RP-03', '11.4', true, 3, 'ネットワークから切り離したバックアップがあり、復元を試したことがある', 'An isolated or offline backup exists and restore has been tested', 'ランサムウェアに備え、切り離したバックアップを作り復元を試しましょう。', 'Keep an offline backup and test a restore.', 'helpdesk'],
  ['X05', 'extension', undefined, false, 'PR.PS-04 DE.CM-01 DE.CM-09 DE.AE-02', '8.1 8.2 8.3', true, 1, 'UTM や監視サービスで通信の記録を集め、見てもらっている', 'Logs are collected and watched (UTM, EDR or a monitoring service)', 'UTM の監視サービスで通信の異常を見つけられるようにしましょう。', 'Use the UTM monitoring service to catch anomalies.', 'utm'],
  ['X06', 'extension', undefined, false, 'PR.AA-05 GV.RR-04', '5.3 6.1 6.2', true, 2, '入社・退職のときにアカウントの発行・停止を必ず行っている', 'Accounts are created and disabled when people join and leave', '退職時のアカウント停止をチェックリストにしましょう。', 'Add account removal to the leaver checklist.', 'policy'],
  ['X07', 'extension', undefined, false, 'ID.IM-02 ID.IM-04', '17.1', true, 1, 'この 1 年以内に、事故を想定した机上演習をした', 'A tabletop exercise was held in the last 12 months', 'お助け隊の机上演習に参加して、事故時の動きを確かめましょう。', 'Join the help squad’s tabletop exercise.', 'exercise'],
  ['X08', 'extension', undefined, false, 'GV.RM-04 GV.SC-08', '', false, 1, 'サイバー保険について検討し、保険会社を事故時の連絡先に入れている', 'Cyber insurance was considered and the insurer is in the incident contacts', '付帯のサイバー保険の内容を確認し、保険会社を連絡先一覧に入れましょう。', 'Check the bundled insurance and add the insurer to the contacts.', 'insurance'],
];

export const items: Item[] = rows.map(([id, part, ipa, na, csf, cis, cpg, imp, ja, en, aja, aen, service]) => ({
  id,
  part,
  ...(ipa ? { ipaItem: ipa } : {}),
  naAllowed: na,
  csf: csf.split(' ').filter(Boolean),
  cisIg1: cis.split(' ').filter(Boolean),
  cpg,
  importance: imp,
  text: { ja, en },
  advice: { ja: aja, en: aen },
  service: S[service],
}));

export const coreItems = items.filter((i) => i.part !== 'extension');
export const itemById = new Map(items.map((i) => [i.id, i]));

/** The functions an item maps to (each counted once). */
export function functionsOf(item: Item): CsfFunction[] {
  return [...new Set(item.csf.map((c) => c.slice(0, 2) as CsfFunction))];
}

// ---------------------------------------------------------------- pre-survey

export interface PresurveyQuestion {
  id: string;
  axis: 'ORG' | 'MEASURES' | 'evidence' | 'facts';
  kind: 'ypn' | 'checklist' | 'flags' | 'facts';
  text: { ja: string; en: string };
  options?: { id: string; text: { ja: string; en: string } }[];
}

export const presurvey: PresurveyQuestion[] = [
  { id: 'S1', axis: 'ORG', kind: 'ypn', text: { ja: 'セキュリティの担当者（またはチーム）が決まっていて、経営者も関わっていますか', en: 'Is a person or team responsible for security, with management involved?' } },
  { id: 'S2', axis: 'ORG', kind: 'ypn', text: { ja: 'セキュリティのルールが文書になっていて、従業員が知っていますか', en: 'Are security rules written down and known to staff?' } },
  { id: 'S3', axis: 'ORG', kind: 'ypn', text: { ja: '事故が起きたとき、誰に連絡し何をするか分かっている人がいますか', en: 'Does someone know whom to call and what to do in an incident?' } },
  {
    id: 'S4',
    axis: 'MEASURES',
    kind: 'checklist',
    text: { ja: '情報セキュリティ 5 か条のうち、実施しているものに印をつけてください', en: 'Tick the five basic rules you follow' },
    options: [
      { id: '1', text: { ja: 'OS やソフトを最新にしている', en: 'OS and software kept up to date' } },
      { id: '2', text: { ja: 'ウイルス対策ソフトを入れている', en: 'Anti-virus installed' } },
      { id: '3', text: { ja: 'パスワードを強くしている', en: 'Strong passwords' } },
      { id: '4', text: { ja: '共有設定を見直している', en: 'Sharing settings reviewed' } },
      { id: '5', text: { ja: '脅威や攻撃の手口を知っている', en: 'Aware of threats and attack methods' } },
    ],
  },
  { id: 'S5', axis: 'MEASURES', kind: 'ypn', text: { ja: 'パソコン・サーバー・クラウドサービスの一覧がありますか', en: 'Is there a list of PCs, servers and cloud services?' } },
  { id: 'S6', axis: 'MEASURES', kind: 'ypn', text: { ja: 'バックアップを定期的に取っていますか', en: 'Are backups taken regularly?' } },
  { id: 'S7', axis: 'MEASURES', kind: 'ypn', text: { ja: 'UTM・EDR・監視サービスなどを使っていますか', en: 'Is a UTM, EDR or monitoring service in place?' } },
  {
    id: 'S8',
    axis: 'evidence',
    kind: 'flags',
    text: { ja: '当てはまるものに印をつけてください', en: 'Tick what applies' },
    options: [
      { id: 'oneStar', text: { ja: 'SECURITY ACTION ★ 一つ星を宣言している', en: 'Declared SECURITY ACTION ★' } },
      { id: 'twoStar', text: { ja: 'SECURITY ACTION ★★ 二つ星を宣言している', en: 'Declared SECURITY ACTION ★★' } },
      { id: 'isms', text: { ja: 'ISMS（ISO 27001）の認証を受けている', en: 'ISMS (ISO 27001) certified' } },
      { id: 'pmark', text: { ja: 'プライバシーマークを取得している', en: 'PrivacyMark' } },
      { id: 'insurance', text: { ja: 'サイバー保険に入っている', en: 'Cyber insurance' } },
    ],
  },
  { id: 'S9', axis: 'facts', kind: 'facts', text: { ja: 'IT 環境について教えてください（機器の設置の準備に使います）', en: 'About your IT (used to prepare the device installation)' } },
];
