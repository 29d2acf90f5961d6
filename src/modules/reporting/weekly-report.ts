/**
 * Turns a week's data into what the customer reads, in this order: (1) a one-sentence verdict,
 * (2) open alerts and cases with the next step, (3) what the firewall blocked in plain words with
 * week-over-week change, (4) top categories and the internal devices involved, named by hostname /
 * vendor, (5) device health, (6) one practical tip, (7) how to reach the help desk.
 */
import type { Config } from '../../platform/config/config.ts';
import { t, tRaw, type Locale } from '../../platform/i18n/i18n.ts';
import { formatJst } from '../../platform/clock/clock.ts';
import type { WeeklyData } from './weekly-data.ts';

export interface WeeklyReport {
  locale: Locale;
  companyId: string;
  companyName: string;
  week: string;
  to: string;
  title: string;
  subject: string;
  greeting: string;
  period: string;
  verdict: { needsAction: boolean; text: string; actions: { text: string; owner: 'customer' | 'helpdesk' }[] };
  open: string[];
  blocked: { category: string; count: number; previous: number; text: string }[];
  top: { title: string; items: { label: string; count: number }[] }[];
  devices: string[];
  health: { text: string; ok: boolean }[];
  weeklyOnly: string[];
  tip: { title: string; text: string };
  contact: string;
  footer: string;
  /** For the charts: per day (stacked by group) and the split by group. */
  chart: { days: string[]; groups: { name: string; values: number[] }[]; split: { name: string; value: number }[] };
  /** Raw figures (the numbers in the report are these, for the API and tests). */
  totals: Record<string, number>;
  previousTotals: Record<string, number>;
}

/** Category → wording key, in the order the report lists them (most relevant to the customer first). */
const blockedOrder: [string, string][] = [
  ['c2.botnet.outbound', 'botnetOut'],
  ['malware.virus', 'virus'],
  ['malware.spyware', 'spyware'],
  ['scan.internal', 'internalScan'],
  ['c2.botnet.inbound', 'botnetIn'],
  ['ips.inbound', 'ips'],
  ['block.url_category', 'url'],
  ['block.ip_reputation', 'reputation'],
  ['dos.inbound', 'dos'],
  ['attack.fragmentation', 'attack'],
  ['attack.tcp_xmas', 'attack'],
  ['block.geoip', 'geoip'],
  ['block.outbound_nonweb', 'outbound'],
  ['health.cpu_mem', 'health'],
];
/** Scans are summed into one sentence: the customer does not care about possible vs probable. */
const scanCategories = ['scan.inbound.probable', 'scan.inbound.possible'];

/** Chart groups: few, in plain words. */
const chartGroups: { key: string; ja: string; en: string; categories: string[] }[] = [
  { key: 'scan', ja: '偵察・攻撃', en: 'Probes & attacks', categories: ['scan.inbound.probable', 'scan.inbound.possible', 'dos.inbound', 'ips.inbound', 'attack.fragmentation', 'attack.tcp_xmas', 'c2.botnet.inbound'] },
  { key: 'web', ja: 'サイト・相手の遮断', en: 'Sites & parties blocked', categories: ['block.url_category', 'block.ip_reputation', 'block.geoip', 'block.outbound_nonweb'] },
  { key: 'malware', ja: 'ウイルス・不審な通信', en: 'Malware & suspicious traffic', categories: ['malware.virus', 'malware.spyware', 'c2.botnet.outbound', 'scan.internal'] },
];

function change(locale: Locale, now: number, before: number): string {
  if (before === 0) return now > 0 ? t(locale, 'reporting.weekly.change.new') : '';
  if (now === before) return t(locale, 'reporting.weekly.change.same');
  const pct = Math.round((Math.abs(now - before) / before) * 100);
  if (pct === 0) return t(locale, 'reporting.weekly.change.flat');
  return t(locale, now > before ? 'reporting.weekly.change.up' : 'reporting.weekly.change.down', { pct });
}

const fmt = (locale: Locale, n: number) => n.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB');

function deviceLabel(locale: Locale, d: { hostName?: string | null; hostname?: string | null; hostVendor?: string | null; vendor?: string | null; hostIp?: string | null; ip?: string | null }): string {
  const name = d.hostName ?? d.hostname ?? null;
  const vendor = d.hostVendor ?? d.vendor ?? null;
  const ip = d.hostIp ?? d.ip ?? '?';
  if (locale === 'ja') {
    if (name && vendor) return `${name}（${vendor} 製、${ip}）`;
    if (name) return `${name}（${ip}）`;
    if (vendor) return `${vendor} 製の端末（${ip}）`;
    return ip;
  }
  if (name && vendor) return `${name} (${vendor}, ${ip})`;
  if (name) return `${name} (${ip})`;
  if (vendor) return `a ${vendor} device (${ip})`;
  return ip;
}

export function buildWeeklyReport(data: WeeklyData, config: Pick<Config, 'helpdesk'>, localeOverride?: Locale): WeeklyReport {
  const locale = localeOverride ?? data.company.locale;
  const L = (key: string, vars: Record<string, string | number> = {}) => t(locale, `reporting.weekly.${key}`, vars);
  const w = data.window;
  const categoryLabel = (c: string) => {
    const key = `categoryLabel.${c.replace(/\./g, '_')}`;
    const v = L(key);
    return v.endsWith(key) ? L('categoryLabel.other') : v;
  };
  const keyLabel = (k: string) => {
    const v = t(locale, `reporting.weekly.keyLabel.${k.replace(/\./g, '_')}`);
    return v.startsWith('reporting.') ? k : v;
  };
  const day = (d: string) => (locale === 'ja' ? d.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1/$2/$3') : d);

  // (1) verdict: what needs action, and by whom.
  const actions: WeeklyReport['verdict']['actions'] = [];
  for (const a of data.openAlerts) {
    const device = deviceLabel(locale, a);
    const key = a.category === 'c2.botnet.outbound' ? 'botnet' : a.category === 'scan.internal' ? 'internalScan' : 'alert';
    actions.push({ text: L(`action.${key}`, { device }), owner: key === 'botnet' ? 'customer' : 'helpdesk' });
  }
  for (const c of data.openCases.filter((c) => c.status === 'waiting_customer')) actions.push({ text: L('action.caseWaiting', { number: c.number, subject: c.subject }), owner: 'customer' });
  for (const d of data.devices.filter((d) => d.silentDays > 0 && d.linesPerDay[6] === 0)) actions.push({ text: L('action.silent', { name: d.name, days: d.silentDays }), owner: 'customer' });
  const ownerText = (o: 'customer' | 'helpdesk') => L(o === 'customer' ? 'verdict.ownerCustomer' : 'verdict.ownerHelpdesk');
  const verdictText =
    actions.length === 0 ? L('verdict.none') : actions.length === 1 ? L('verdict.one', { item: actions[0]!.text + ownerText(actions[0]!.owner) }) : L('verdict.many', { n: actions.length });

  // (2) open items with the next step.
  const open: string[] = [
    ...data.openCases.map((c) => L('open.case', { number: c.number, subject: c.subject, next: L(`open.next.${c.status}`) })),
    ...data.openAlerts.map((a) =>
      L('open.alert', { device: deviceLabel(locale, a), what: categoryLabel(a.category), count: fmt(locale, a.count), last: formatJst(a.lastSeen, locale) }),
    ),
  ];

  // (3) what was blocked, plain words, with week-over-week change.
  const blocked: WeeklyReport['blocked'] = [];
  const scanNow = scanCategories.reduce((s, c) => s + (data.totals[c] ?? 0), 0);
  const scanBefore = scanCategories.reduce((s, c) => s + (data.previousTotals[c] ?? 0), 0);
  if (scanNow > 0) blocked.push({ category: 'scan.inbound', count: scanNow, previous: scanBefore, text: L('blocked.scan', { n: fmt(locale, scanNow) }) + change(locale, scanNow, scanBefore) });
  const attackNow = (data.totals['attack.fragmentation'] ?? 0) + (data.totals['attack.tcp_xmas'] ?? 0);
  const attackBefore = (data.previousTotals['attack.fragmentation'] ?? 0) + (data.previousTotals['attack.tcp_xmas'] ?? 0);
  for (const [cat, key] of blockedOrder) {
    if (cat === 'attack.tcp_xmas') continue;
    const now = cat === 'attack.fragmentation' ? attackNow : (data.totals[cat] ?? 0);
    const before = cat === 'attack.fragmentation' ? attackBefore : (data.previousTotals[cat] ?? 0);
    if (now > 0) blocked.push({ category: cat, count: now, previous: before, text: L(`blocked.${key}`, { n: fmt(locale, now) }) + change(locale, now, before) });
  }
  // The verdict sentence about scans goes first when it is the only thing (the usual week).
  blocked.sort((a, b) => (a.category === 'scan.inbound' ? 1 : 0) - (b.category === 'scan.inbound' ? 1 : 0));
  const scanIdx = blocked.findIndex((b) => b.category === 'scan.inbound');
  if (scanIdx > 0 && blocked.slice(0, scanIdx).every((b) => ['block.url_category', 'block.ip_reputation', 'dos.inbound', 'block.outbound_nonweb', 'block.geoip'].includes(b.category))) {
    blocked.unshift(...blocked.splice(scanIdx, 1));
  }

  // (4) top categories and internal devices.
  const topList = (title: string, cats: string[]) => {
    const merged = new Map<string, number>();
    for (const c of cats) for (const k of data.topKeys[c] ?? []) merged.set(k.key, (merged.get(k.key) ?? 0) + k.count);
    const items = [...merged.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([label, count]) => ({ label: keyLabel(label), count }));
    return { title, items };
  };
  const top = [
    topList(L('top.url'), ['block.url_category']),
    topList(L('top.reputation'), ['block.ip_reputation']),
    topList(L('top.malware'), ['malware.virus', 'malware.spyware']),
    { ...topList(L('top.ports'), scanCategories), items: topList('', scanCategories).items.map((i) => ({ label: /^\d+$/.test(i.label) ? (locale === 'ja' ? `${i.label} 番ポート` : `port ${i.label}`) : i.label, count: i.count })) },
  ].filter((x) => x.items.length > 0);
  const devices = data.internalHosts.map((h) =>
    L('device', { label: h.hostname ?? (h.vendor ? (locale === 'ja' ? `${h.vendor} 製の端末` : `a ${h.vendor} device`) : L('unknownDevice')), ip: h.ip, n: fmt(locale, h.count) }),
  );

  // (5) device health.
  const health: WeeklyReport['health'] = data.devices.length === 0 ? [{ text: L('health.none'), ok: true }] : [];
  for (const d of data.devices) {
    if (d.silentDays > 0) health.push({ text: L('health.silent', { name: d.name, days: d.silentDays }), ok: false });
    else health.push({ text: L('health.ok', { name: d.name }), ok: true });
    if (d.cpuMemAlerts > 0) health.push({ text: L('health.cpu', { name: d.name, n: d.cpuMemAlerts }), ok: false });
  }

  const weeklyOnly = data.weeklyOnly.map((r) =>
    L('weeklyOnly', { source: r.source, what: categoryLabel(r.category) + (r.key ? ` [${r.key}]` : ''), n: fmt(locale, r.count) }),
  );

  // (6) a practical tip.
  const tips = (tRaw(locale, 'reporting.weekly.tips') as { title: string; text: string }[]) ?? [];
  const infected = (data.totals['c2.botnet.outbound'] ?? 0) + (data.totals['malware.virus'] ?? 0) > 0 || data.openAlerts.some((a) => a.category === 'c2.botnet.outbound');
  const weekNo = Math.floor(Date.parse(`${w.week}T00:00:00Z`) / (7 * 86_400_000));
  // Infection first; else the weakest area of the company's self-assessment; else a rotating tip.
  const tip = infected
    ? (tRaw(locale, 'reporting.weekly.tipBotnet') as { title: string; text: string })
    : (data.assessmentTip[locale] ?? tips[weekNo % Math.max(1, tips.length)] ?? { title: '', text: '' });

  // Charts.
  const groups = chartGroups.map((g) => ({ name: locale === 'ja' ? g.ja : g.en, values: data.daily.map((d) => g.categories.reduce((s, c) => s + (d.counts[c] ?? 0), 0)) }));
  const split = groups.map((g) => ({ name: g.name, value: g.values.reduce((a, b) => a + b, 0) })).filter((s) => s.value > 0);

  const phone = config.helpdesk.phone;
  return {
    locale,
    companyId: data.company.id,
    companyName: data.company.name,
    week: w.week,
    to: w.to,
    title: L('title'),
    subject: L('subject', { from: day(w.week), to: day(w.to), company: data.company.name }),
    greeting: L('greeting', { company: data.company.name }),
    period: L('period', { from: day(w.week), to: day(w.to) }),
    verdict: { needsAction: actions.length > 0, text: verdictText, actions },
    open,
    blocked,
    top,
    devices,
    health,
    weeklyOnly,
    tip,
    contact: L('contact', { address: config.helpdesk.address, phone: phone ? L('contactPhone', { phone }) : '' }),
    footer: L('footer'),
    chart: { days: w.days.map((d) => d.slice(5).replace('-', '/')), groups, split },
    totals: data.totals,
    previousTotals: data.previousTotals,
  };
}
