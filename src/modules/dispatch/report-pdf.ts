/**
 * The first-findings report of a dispatch as a PDF, in plain Japanese (English when asked), with a
 * technical appendix. Text is drawn as text (never interpreted as markup), with BIZ UDPGothic, a
 * Japanese font shipped as an npm package.
 */
import { formatJst } from '../../platform/clock/clock.ts';
import { japaneseDocument } from '../../platform/pdf/document.ts';
import { t, type Locale } from '../../platform/i18n/i18n.ts';
import { checklistItems } from './dispatch.codes.ts';
import type { DeviceDto, DispatchDetailDto, EvidenceDto } from './dispatch.schemas.ts';

export interface ReportPdfData {
  dispatch: DispatchDetailDto;
  evidence: EvidenceDto[];
  companyName: string;
  caseNumber: string | null;
  generatedAt: string;
}

const MARGIN = 50;

export function renderReportPdf(data: ReportPdfData, locale: Locale = 'ja'): Promise<Buffer> {
  const { dispatch: d, evidence } = data;
  const L = (key: string, vars: Record<string, string | number> = {}) => t(locale, `dispatch.pdf.${key}`, vars);
  const code = (list: string, v: string | null) => (v ? t(locale, `dispatch.codes.${list}.${v}`) : '—');
  const when = (iso: string | null) => (iso ? formatJst(iso, locale) : '—');
  const report = d.report;

  const { doc, done } = japaneseDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `${L('title')} ${d.number}`, Author: 'otasuke', Subject: data.companyName, CreationDate: new Date(data.generatedAt) },
    lang: locale === 'ja' ? 'ja-JP' : 'en-GB',
  });

  const width = doc.page.width - MARGIN * 2;
  const heading = (s: string) => {
    doc.moveDown(0.8).font('B').fontSize(13).fillColor('#1f3a5f').text(s, { width }).fillColor('black');
    doc.moveDown(0.2);
  };
  const paragraph = (s: string | null | undefined) => {
    doc.font('R').fontSize(11).text(s && s.trim() ? s : '—', { width, lineGap: 3 });
  };
  const field = (label: string, value: string) => {
    doc.font('B').fontSize(10).text(`${label}: `, { continued: true }).font('R').text(value || '—', { lineGap: 2 });
  };

  // --- page 1: the plain-language report
  doc.font('B').fontSize(18).text(L('title'), { width, align: 'center' });
  doc.moveDown(0.3).font('R').fontSize(10).text(L('subtitle'), { width, align: 'center' });
  doc.moveDown(1);
  doc.font('B').fontSize(14).text(L('addressee', { company: data.companyName }), { width });
  doc.moveDown(0.5);
  field(L('meta.number'), d.number);
  field(L('meta.case'), data.caseNumber ?? '—');
  field(L('meta.site'), d.siteAddress);
  field(L('meta.request'), code('request', d.request));
  field(L('meta.responder'), [d.officeName, d.responderName].filter(Boolean).join(' / ') || '—');
  field(L('meta.arrivedAt'), when(d.arrivedAt ?? d.visitAt));
  field(L('meta.recoveredAt'), d.recoveredAt ? L('meta.recoveredValue', { at: when(d.recoveredAt), duration: (d.timeToRecoveryMinutes ?? 0) < 60 ? L('meta.minutes', { n: d.timeToRecoveryMinutes ?? 0 }) : L('meta.hoursText', { n: ((d.timeToRecoveryMinutes ?? 0) / 60).toFixed(1) }) }) : L('meta.notRecovered'));
  field(L('meta.issuedAt'), when(data.generatedAt));

  heading(L('sections.whatHappened'));
  paragraph(report?.whatHappened);
  heading(L('sections.why'));
  paragraph(report?.why);
  heading(L('sections.whatDone'));
  paragraph(report?.whatDone);
  heading(L('sections.whatNext'));
  paragraph(report?.whatNext);
  doc.moveDown(1).font('R').fontSize(9).fillColor('#444').text(L('contact', { case: data.caseNumber ?? d.number }), { width }).fillColor('black');

  // --- appendix: technical detail
  doc.addPage();
  doc.font('B').fontSize(15).text(L('appendix.title'), { width });
  doc.font('R').fontSize(9).fillColor('#444').text(L('appendix.note'), { width }).fillColor('black');

  heading(L('appendix.device'));
  const dev: DeviceDto = d.device;
  field('IP', dev.ip ?? '—');
  field('MAC', dev.mac ?? '—');
  field(L('appendix.vendor'), dev.vendor ?? '—');
  field(L('appendix.hostname'), dev.hostname ?? '—');
  field(L('appendix.kind'), code('skill', dev.kind));

  heading(L('appendix.checklist'));
  for (const item of checklistItems) {
    const e = d.checklist[item];
    const mark = e?.done ? '■' : '□';
    const extra = e?.done && e.at ? ` — ${when(e.at)}${e.by ? ` ${e.by}` : ''}` : '';
    doc.font('R').fontSize(10).text(`${mark} ${t(locale, `dispatch.codes.checklist.${item}`)}${extra}`, { width });
    if (e?.note) doc.font('R').fontSize(9).fillColor('#444').text(`    ${e.note}`, { width }).fillColor('black');
  }

  heading(L('appendix.evidence'));
  if (evidence.length === 0) paragraph(L('appendix.noEvidence'));
  for (const e of evidence) {
    doc.font('B').fontSize(10).text(e.label, { width });
    field('SHA-256', e.sha256);
    field(L('appendix.size'), `${e.size.toLocaleString('en-US')} bytes`);
    field(L('appendix.collected'), `${when(e.collectedAt)} ${e.collectedBy}`);
    field(L('appendix.location'), e.location);
    for (const c of e.custody) {
      doc.font('R').fontSize(9).text(`  ${L('appendix.handover', { seq: c.seq, at: when(c.at), from: c.from, to: c.to, location: c.location, purpose: c.purpose, by: c.recordedBy })}`, { width });
    }
    doc.moveDown(0.4);
  }

  heading(L('appendix.findings'));
  paragraph(d.findings);
  heading(L('appendix.technical'));
  paragraph(report?.technical);

  // --- footer on every page
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('R').fontSize(8).fillColor('#666').text(L('footer', { number: d.number, page: i + 1, pages: range.count }), MARGIN, doc.page.height - MARGIN + 5, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
