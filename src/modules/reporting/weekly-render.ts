/**
 * Lays a WeeklyReport out as HTML (mail and web; every string escaped), plain text, PDF (Japanese
 * font, the same charts) and a complete .eml. Charts are drawn on the server with ECharts SSR to SVG.
 */
import { createRequire } from 'node:module';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { japaneseDocument } from '../../platform/pdf/document.ts';
import { t } from '../../platform/i18n/i18n.ts';
import type { WeeklyReport } from './weekly-report.ts';

const require = createRequire(import.meta.url);
const SVGtoPDF = require('svg-to-pdfkit') as (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, opts?: Record<string, unknown>) => void;
// Only what the two charts use: a full `echarts` import registers every chart and component, and
// each setOption walks all registered component types (about 10 % of the chart time; same SVG).
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

const FONT = "'BIZ UDPGothic', 'Hiragino Sans', 'Yu Gothic', 'Noto Sans CJK JP', sans-serif";
const COLORS = ['#2563eb', '#f59e0b', '#dc2626'];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function renderSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function trendChartSvg(r: WeeklyReport, width = 560, height = 220): string {
  return renderSvg(
    {
      color: COLORS,
      grid: { left: 48, right: 12, top: 36, bottom: 28 },
      legend: { top: 4, textStyle: { fontSize: 11 } },
      xAxis: { type: 'category', data: r.chart.days, axisLabel: { fontSize: 11 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
      series: r.chart.groups.map((g) => ({ name: g.name, type: 'bar', stack: 'all', data: g.values, barMaxWidth: 36 })),
    },
    width,
    height,
  );
}

export function splitChartSvg(r: WeeklyReport, width = 560, height = 200): string {
  const total = r.chart.split.reduce((a, b) => a + b.value, 0);
  return renderSvg(
    {
      color: COLORS,
      legend: {
        orient: 'vertical',
        left: 8,
        top: 'middle',
        textStyle: { fontSize: 12 },
        formatter: (name: string) => {
          const v = r.chart.split.find((x) => x.name === name)?.value ?? 0;
          return total > 0 ? `${name}  ${((v / total) * 100).toFixed(1)}%` : name;
        },
      },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          center: ['72%', '50%'],
          label: { show: false },
          data: total > 0 ? r.chart.split : [{ name: '—', value: 1, itemStyle: { color: '#e5e7eb' } }],
        },
      ],
    },
    width,
    height,
  );
}

// ---------------------------------------------------------------- HTML

/** The two charts as SVG at the PDF's sizes; a mail renders them once for its HTML part and its PDF. */
export interface WeeklyChartSvgs {
  trend: string;
  split: string;
}

export function pdfChartSvgs(r: WeeklyReport): WeeklyChartSvgs {
  return { trend: trendChartSvg(r, 520, 200), split: splitChartSvg(r, 520, 170) };
}

export function renderWeeklyHtml(r: WeeklyReport, opts: { charts?: boolean; chartSvgs?: WeeklyChartSvgs } = {}): string {
  const e = escapeHtml;
  const h2 = (s: string) => `<h2 style="font-size:16px;color:#1e3a5f;border-bottom:2px solid #dbe4f0;padding-bottom:4px;margin:24px 0 8px">${e(s)}</h2>`;
  const list = (items: string[]) => (items.length ? `<ul style="margin:0;padding-left:20px">${items.map((i) => `<li style="margin:4px 0">${e(i)}</li>`).join('')}</ul>` : '');
  const sec = (key: string) => e(sectionTitle(r, key));
  const verdictColor = r.verdict.needsAction ? '#b91c1c' : '#166534';
  const verdictBg = r.verdict.needsAction ? '#fef2f2' : '#f0fdf4';
  const charts = opts.charts !== false;
  return `<!doctype html>
<html lang="${r.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(r.subject)}</title></head>
<body style="margin:0;background:#f3f5f9;font-family:${FONT};color:#1f2937;line-height:1.7">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px 28px">
<div style="font-size:12px;color:#64748b">サイバーセキュリティお助け隊 / Cyber security help squad</div>
<h1 style="font-size:20px;margin:4px 0 0;color:#1e3a5f">${e(r.title)}</h1>
<div style="font-size:13px;color:#475569">${e(r.greeting)} — ${e(r.period)}</div>
${h2(sec('verdict'))}
<div style="background:${verdictBg};border-left:4px solid ${verdictColor};padding:12px 14px;font-size:16px;font-weight:bold;color:${verdictColor}">${e(r.verdict.text)}</div>
${r.verdict.actions.length > 1 ? list(r.verdict.actions.map((a) => a.text)) : ''}
${h2(sec('open'))}
${r.open.length ? list(r.open) : `<p style="margin:0">${e(openNone(r))}</p>`}
${h2(sec('blocked'))}
${r.blocked.length ? list(r.blocked.map((b) => b.text)) : `<p style="margin:0">${e(blockedNone(r))}</p>`}
${charts ? `<div style="margin-top:12px"><div style="font-size:13px;color:#475569">${sec('trend')}</div>${opts.chartSvgs?.trend ?? trendChartSvg(r)}</div><div><div style="font-size:13px;color:#475569">${sec('split')}</div>${opts.chartSvgs?.split ?? splitChartSvg(r)}</div>` : ''}
${r.top.length ? h2(sec('top')) + r.top.map((t) => `<div style="margin:8px 0"><strong>${e(t.title)}</strong>${list(t.items.map((i) => `${i.label}: ${i.count.toLocaleString(r.locale === 'ja' ? 'ja-JP' : 'en-GB')}`))}</div>`).join('') : ''}
${r.devices.length ? h2(sec('devices')) + list(r.devices) : ''}
${h2(sec('health'))}
<ul style="margin:0;padding-left:20px">${r.health.map((h) => `<li style="margin:4px 0;color:${h.ok ? '#1f2937' : '#b91c1c'}">${e(h.text)}</li>`).join('')}</ul>
${r.weeklyOnly.length ? h2(sec('weeklyOnly')) + list(r.weeklyOnly) : ''}
${h2(sec('tip'))}
<div style="background:#eff6ff;padding:10px 14px;border-radius:6px"><strong>${e(r.tip.title)}</strong><br>${e(r.tip.text)}</div>
${h2(sec('contact'))}
<p style="margin:0">${e(r.contact)}</p>
<p style="font-size:11px;color:#64748b;margin-top:24px">${e(r.footer)}</p>
</div></body></html>`;
}

function sectionTitle(r: WeeklyReport, key: string): string {
  return t(r.locale, `reporting.weekly.sections.${key}`);
}
const openNone = (r: WeeklyReport) => t(r.locale, 'reporting.weekly.open.none');
const blockedNone = (r: WeeklyReport) => t(r.locale, 'reporting.weekly.blocked.none');

// ---------------------------------------------------------------- text

export function renderWeeklyText(r: WeeklyReport): string {
  const out: string[] = [r.title, r.greeting, r.period, ''];
  const section = (key: string, lines: string[]) => {
    out.push(`■ ${sectionTitle(r, key)}`);
    for (const l of lines) out.push(`・${l}`);
    out.push('');
  };
  out.push(`■ ${sectionTitle(r, 'verdict')}`, r.verdict.text);
  if (r.verdict.actions.length > 1) for (const a of r.verdict.actions) out.push(`・${a.text}`);
  out.push('');
  section('open', r.open.length ? r.open : [openNone(r)]);
  section('blocked', r.blocked.length ? r.blocked.map((b) => b.text) : [blockedNone(r)]);
  if (r.top.length) section('top', r.top.flatMap((t) => [`${t.title}: ${t.items.map((i) => `${i.label} ${i.count.toLocaleString(r.locale === 'ja' ? 'ja-JP' : 'en-GB')}`).join(r.locale === 'ja' ? '、' : ', ')}`]));
  if (r.devices.length) section('devices', r.devices);
  section('health', r.health.map((h) => h.text));
  if (r.weeklyOnly.length) section('weeklyOnly', r.weeklyOnly);
  section('tip', [`${r.tip.title}: ${r.tip.text}`]);
  section('contact', [r.contact]);
  out.push(r.footer);
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- PDF

export function renderWeeklyPdf(r: WeeklyReport, charts: WeeklyChartSvgs = pdfChartSvgs(r)): Promise<Buffer> {
  const M = 48;
  const { doc, done } = japaneseDocument({ size: 'A4', margins: { top: M, bottom: M, left: M, right: M }, info: { Title: r.subject, Author: 'otasuke' }, lang: r.locale === 'ja' ? 'ja-JP' : 'en-GB' });
  const width = doc.page.width - M * 2;
  const ensure = (h: number) => {
    if (doc.y + h > doc.page.height - M) doc.addPage();
  };
  const heading = (key: string) => {
    ensure(40);
    doc.moveDown(0.8).font('B').fontSize(13).fillColor('#1e3a5f').text(sectionTitle(r, key), { width });
    doc.moveTo(M, doc.y + 1).lineTo(M + width, doc.y + 1).lineWidth(1).strokeColor('#dbe4f0').stroke();
    doc.moveDown(0.5).font('R').fontSize(10.5).fillColor('#1f2937');
  };
  const bullets = (items: string[], color = '#1f2937') => {
    for (const i of items) {
      ensure(20);
      doc.fillColor(color).text(`・${i}`, { width, lineGap: 3, paragraphGap: 2 });
    }
    doc.fillColor('#1f2937');
  };
  const svg = (s: string, h: number) => {
    ensure(h + 10);
    SVGtoPDF(doc, s, M, doc.y, { width, height: h, fontCallback: () => 'R', assumePt: true });
    doc.y += h + 4;
  };

  doc.font('R').fontSize(9).fillColor('#64748b').text('サイバーセキュリティお助け隊 / Cyber security help squad');
  doc.font('B').fontSize(18).fillColor('#1e3a5f').text(r.title);
  doc.font('R').fontSize(10.5).fillColor('#475569').text(`${r.greeting}  ${r.period}`, { lineGap: 3 });
  heading('verdict');
  const vColor = r.verdict.needsAction ? '#b91c1c' : '#166534';
  doc.font('B').fontSize(13).fillColor(vColor).text(r.verdict.text, { width, lineGap: 3 });
  doc.font('R').fontSize(10.5).fillColor('#1f2937');
  if (r.verdict.actions.length > 1) bullets(r.verdict.actions.map((a) => a.text));
  heading('open');
  bullets(r.open.length ? r.open : [openNone(r)]);
  heading('blocked');
  bullets(r.blocked.length ? r.blocked.map((b) => b.text) : [blockedNone(r)]);
  doc.moveDown(0.3).fontSize(9.5).fillColor('#475569').text(sectionTitle(r, 'trend'));
  svg(charts.trend, 190);
  doc.fontSize(9.5).fillColor('#475569').text(sectionTitle(r, 'split'));
  svg(charts.split, 160);
  doc.fontSize(10.5).fillColor('#1f2937');
  if (r.top.length) {
    heading('top');
    for (const t of r.top) {
      ensure(30);
      doc.font('B').text(t.title).font('R');
      bullets(t.items.map((i) => `${i.label}: ${i.count.toLocaleString(r.locale === 'ja' ? 'ja-JP' : 'en-GB')}`));
    }
  }
  if (r.devices.length) {
    heading('devices');
    bullets(r.devices);
  }
  heading('health');
  for (const h of r.health) bullets([h.text], h.ok ? '#1f2937' : '#b91c1c');
  if (r.weeklyOnly.length) {
    heading('weeklyOnly');
    bullets(r.weeklyOnly);
  }
  heading('tip');
  doc.font('B').text(r.tip.title).font('R').text(r.tip.text, { width });
  heading('contact');
  doc.text(r.contact, { width });
  doc.moveDown(1).fontSize(8.5).fillColor('#64748b').text(r.footer, { width });
  doc.end();
  return done;
}

// ---------------------------------------------------------------- mail

export interface WeeklyMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

export async function weeklyMail(r: WeeklyReport, to: string[]): Promise<WeeklyMail> {
  // ECharts is the costliest step after the PDF itself: draw each chart once for both parts.
  const charts = pdfChartSvgs(r);
  return {
    to,
    subject: r.subject,
    text: renderWeeklyText(r),
    html: renderWeeklyHtml(r, { chartSvgs: charts }),
    attachments: [{ filename: `weekly-report-${r.week}.pdf`, content: await renderWeeklyPdf(r, charts), contentType: 'application/pdf' }],
  };
}

/** A complete RFC 5322 message (what would be sent), for `--out report.eml`. */
export async function renderWeeklyEml(r: WeeklyReport, opts: { from: string; to: string[]; messageId?: string }): Promise<Buffer> {
  const m = await weeklyMail(r, opts.to);
  const composer = new MailComposer({ from: opts.from, to: m.to.join(', ') || undefined, subject: m.subject, text: m.text, html: m.html, attachments: m.attachments, ...(opts.messageId ? { messageId: opts.messageId } : {}) });
  return new Promise((resolve, reject) => composer.compile().build((err, msg) => (err ? reject(err) : resolve(msg))));
}
