/**
 * A filled-in basic information-security policy (情報セキュリティ基本方針) template, the document a
 * company publishes for SECURITY ACTION ★★. Our own wording, in Japanese; the company edits and adopts it.
 */
import { japaneseDocument } from '../../platform/pdf/document.ts';

export function basicPolicyPdf(p: { companyName: string; approvedBy: string; date: string }): Promise<Buffer> {
  const { doc, done } = japaneseDocument({ size: 'A4', margins: { top: 64, bottom: 64, left: 64, right: 64 }, info: { Title: `情報セキュリティ基本方針 ${p.companyName}`, Author: p.companyName }, lang: 'ja-JP' });
  const width = doc.page.width - 128;
  doc.font('B').fontSize(20).text('情報セキュリティ基本方針', { align: 'center' });
  doc.moveDown(1.2).font('R').fontSize(11);
  const para = (s: string) => doc.text(s, { width, lineGap: 5, paragraphGap: 6 });
  para(`${p.companyName}（以下「当社」）は、お客様からお預かりした情報や当社の情報資産を事故や災害、犯罪などの脅威から守り、お客様と社会の信頼に応えるため、以下の方針に基づき全社で情報セキュリティに取り組みます。`);
  const items: [string, string][] = [
    ['経営者の責任', '当社は、経営者が主導して組織的かつ継続的に情報セキュリティの改善・向上に努めます。'],
    ['社内体制の整備', '当社は、情報セキュリティの維持・改善のための体制を整え、責任者を定めます。'],
    ['従業員の取り組み', '当社の従業員は、情報セキュリティのために必要な知識と技術を身につけ、当社の取り組みを確かなものにします。'],
    ['法令及び契約上の要求事項の遵守', '当社は、情報セキュリティに関わる法令、規制、規範、契約上の義務を遵守するとともに、お客様の期待に応えます。'],
    ['違反及び事故への対応', '当社は、情報セキュリティに関わる法令違反、契約違反及び事故が発生した場合には適切に対処し、再発防止に努めます。'],
  ];
  items.forEach(([h, t], i) => {
    doc.moveDown(0.4).font('B').text(`${i + 1}. ${h}`, { width });
    doc.font('R');
    para(t);
  });
  doc.moveDown(2);
  doc.text(`制定日: ${p.date.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1年$2月$3日')}`, { align: 'right', width });
  doc.text(p.companyName, { align: 'right', width });
  doc.text(`${p.approvedBy}`, { align: 'right', width });
  doc.moveDown(3).fontSize(8.5).fillColor('#64748b');
  para('このひな形は、サイバーセキュリティお助け隊が用意したものです。内容を自社に合わせて修正し、経営者が承認したうえで、ホームページなどで公開してください。公開した後に SECURITY ACTION 二つ星を自己宣言できます（宣言は IPA の手続きで、会社ご自身が行います）。');
  doc.end();
  return done;
}
