/**
 * The pilot's three on-site dispatches (DESIGN §1) as demo data, driven through the real use cases:
 * one reported and closed, one on site with its report due, one scheduled.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Actor } from '../../platform/auth/roles.ts';
import { orderDispatch } from './orderDispatch.ts';
import { updateDispatch } from './dispatches.ts';
import { arrive, updateChecklist, addEvidence, recordCustody, saveFindings } from './responderActions.ts';
import { saveReport, sendReport } from './report.ts';

export interface DispatchCandidate {
  caseId: string;
  companyId: string;
  device: { ip: string; mac: string; vendor: string; hostname: string | null };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export async function seedPilotDispatches(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'mailer'>,
  candidates: DispatchCandidate[],
  actors: { analyst: Actor; responder: Actor },
): Promise<number> {
  const base = deps.clock.now().getTime();
  let t = base;
  const clock: Clock = { now: () => new Date(t) };
  const d = { ...deps, clock };
  const hour = 3_600_000;
  let made = 0;
  for (const [i, c] of candidates.slice(0, 3).entries()) {
    const company = await deps.db.kysely.selectFrom('companies').select(['address']).where('id', '=', c.companyId).executeTakeFirst();
    // Reported one two months ago, one visited two days ago, one scheduled for tomorrow.
    t = i === 0 ? base - 60 * 24 * hour : i === 1 ? base - 3 * 24 * hour : base - 2 * hour;
    const order = await orderDispatch(d, { actor: actors.analyst }, c.caseId, {
      siteAddress: `${company?.address ?? '愛知県名古屋市中区'} 1-2-3`,
      device: { ip: c.device.ip, mac: c.device.mac, vendor: c.device.vendor, ...(c.device.hostname ? { hostname: c.device.hostname } : {}), kind: c.device.vendor.startsWith('Apple') ? 'smartphone' : 'windows' },
      request: i === 1 ? 'evidence_preservation' : 'fast_forensics',
      priority: i === 0 ? 'urgent' : 'normal',
    });
    made++;
    const visitAt = new Date(i === 2 ? base + 24 * hour : t + 20 * hour).toISOString();
    await updateDispatch(d, { actor: actors.analyst }, order.id, { responderId: actors.responder.userId, visitAt });
    if (i === 2) continue;
    t = Date.parse(visitAt);
    const r = { actor: actors.responder };
    await arrive(d, r, order.id);
    t += 20 * 60_000;
    await updateChecklist(d, r, order.id, {
      items: {
        deviceIdentified: { done: true, note: `${c.device.hostname ?? c.device.vendor}（${c.device.ip}）を利用者と確認` },
        photos: { done: true },
        volatileData: { done: true, note: 'ネットワーク接続とプロセス一覧を取得' },
        networkIsolated: { done: true },
        ...(i === 0 ? { diskImage: { done: true }, customerInformed: { done: true } } : {}),
      },
    });
    t += 40 * 60_000;
    const ev = await addEvidence(d, r, order.id, { label: 'トリアージイメージ（メモリ・イベントログ）', sha256: sha(`demo-evidence-${i}`), size: 8_123_456_789 + i, location: '暗号化 USB ディスク #A-0' + (i + 1) });
    t += 3 * hour;
    await recordCustody(d, r, order.id, ev.id, { to: '監視センター 解析担当', location: '名古屋オフィス 証拠保管庫', purpose: '解析のため引き渡し' });
    if (i === 1) continue;
    t += 24 * hour;
    await saveFindings(d, r, order.id, {
      findings: '常駐プログラムに不審な実行ファイルを確認。外部の指令サーバーへの定期通信を確認。メールの添付ファイル（マクロ付き Excel）が感染経路と推定。',
      recoveredAt: new Date(t).toISOString(),
    });
    await saveReport(d, r, order.id, {
      whatHappened: '経理担当の方のパソコンがウイルス（ボットネット型）に感染し、外部の不審なサーバーと通信しようとしていました。UTM がこの通信を遮断していたため、情報が外部へ送られた形跡はありません。',
      why: '取引先を装ったメールの添付ファイル（Excel）を開き、「コンテンツの有効化」を押したことで感染したと考えられます。',
      whatDone: 'パソコンをネットワークから切り離し、調査用のデータを保全しました。ウイルスを駆除し、Windows を再インストールして業務に復帰していただきました。',
      whatNext: '・心当たりのないメールの添付ファイルは開かないでください。\n・「コンテンツの有効化」は押さないでください。\n・このパソコンで使っていたメールやネットバンキングのパスワードを変更してください。',
      technical: 'IOC: 宛先 185.220.101.34:443（定期ビーコン 300 秒間隔）。永続化: HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run。保全: メモリイメージ、イベントログ、プリフェッチ。',
    });
    t += hour;
    await sendReport(d, r, order.id);
  }
  return made;
}
