/**
 * Every table of the program report, built from the dashboard's JSON (pure: the SPA uses it for
 * its table views and CSV, the server for the XLSX sheets and the PDF). One definition, so the
 * numbers in every format are the API's numbers.
 */
import type { ProgramDashboard } from './program.schemas.ts';
import { deploymentMeasures, stages, TOP_KEYS, type DrillSection } from './programCodes.ts';

export type Translate = (key: string, vars?: Record<string, unknown>) => string;
export type CellValue = string | number | null;
/** How a cell is shown: `percent` is a fraction (0.25 → 25.0 %), `datetime` an ISO instant shown in JST. */
export type ColumnKind = 'text' | 'int' | 'number' | 'percent' | 'datetime';

/** What a cell drills into: the row's section and key, narrowed by the column's tag and month. */
export interface DrillRef {
  section: DrillSection;
  key?: string;
}
export interface ReportColumn {
  label: string;
  kind: ColumnKind;
  /** Cells of this column drill down with the row's reference plus this tag and/or month; no `drill`, no link. */
  drill?: { tag?: string; month?: string };
}
export interface ReportRow {
  cells: CellValue[];
  drill?: DrillRef;
  /** The row is about one company (the dispatch list): link to its page. */
  companyId?: string;
  isTotal?: boolean;
}
export const tableIds = [
  'summary',
  'funnel',
  'participationMonthly',
  'statusAtEnd',
  'withdrawalReasons',
  'assignment',
  'deployment',
  'detectionsByCategory',
  'detectionsByDirection',
  'detectionsMonthly',
  'scanPorts',
  'urlCategories',
  'ipReputation',
  'casesByChannel',
  'casesByCategory',
  'casesMonthly',
  'dispatchMonthly',
  'dispatchList',
  'securityAction',
] as const;
export type TableId = (typeof tableIds)[number];

export interface ReportTable {
  id: TableId;
  title: string;
  note?: string;
  /** `limited`: the figures are what the data allows (the source module does not exist yet). */
  status?: 'limited';
  columns: ReportColumn[];
  rows: ReportRow[];
}

/** The drill-down of one cell, or null when the cell is not a company count. */
export function cellDrill(row: ReportRow, column: ReportColumn): { section: DrillSection; key?: string; month?: string } | null {
  if (!row.drill || !column.drill) return null;
  const key = [row.drill.key, column.drill.tag].filter(Boolean).join(',');
  return { section: row.drill.section, ...(key ? { key } : {}), ...(column.drill.month ? { month: column.drill.month } : {}) };
}

/** Does the table hold any count above zero (shares aside)? Empty tables get words, not an empty chart. */
export function tableHasData(t: ReportTable): boolean {
  return t.rows.some((r) => !r.isTotal && r.cells.some((v, i) => i > 0 && typeof v === 'number' && v > 0 && t.columns[i]!.kind !== 'percent'));
}

const share = (n: number, total: number) => (total > 0 ? n / total : null);

export function programTables(d: ProgramDashboard, t: Translate): ReportTable[] {
  const L = (k: string, v?: Record<string, unknown>) => t(`program.${k}`, v);
  const code = (prefix: string, v: string, fallback?: string) => t(`${prefix}.${v}`, { defaultValue: fallback ?? v });
  const route = (r: string) => (r === 'none' ? L('none.route') : code('codes.referral', r));
  const group = (g: string) => (g === 'none' ? L('none.group') : g === 'all' ? L('total') : L('groupLabel', { group: g }));
  const category = (c: string) => code('detections.category', c.replace(/\./g, '_'), c);
  const vendor = (v: string) => code('devices.vendor', v);
  const int = (label: string, drill?: ReportColumn['drill']): ReportColumn => ({ label, kind: 'int', ...(drill ? { drill } : {}) });
  const text = (label: string): ReportColumn => ({ label, kind: 'text' });
  const pct = (label: string): ReportColumn => ({ label, kind: 'percent' });
  const months = d.period.months;
  const monthCols = (tagFor?: string) => [...months.map((m) => int(m, { month: m, ...(tagFor ? { tag: tagFor } : {}) })), int(L('periodTotal'), tagFor ? { tag: tagFor } : {})];
  const p = d.participation;
  const det = d.detections;
  const hd = d.helpdesk;
  const dsp = d.dispatches;

  const summary: ReportTable = {
    id: 'summary',
    title: L('tables.summary.title'),
    columns: [text(L('tables.summary.item')), { label: L('tables.summary.value'), kind: 'number', drill: {} }],
    rows: [
      { cells: [L('tables.summary.companies'), d.companies.total], drill: { section: 'companies' } },
      { cells: [L('tables.summary.applications'), p.applications.total] },
      { cells: [L('tables.summary.surveyed'), p.totals.surveyed], drill: { section: 'participation', key: 'stage:surveyed' } },
      { cells: [L('tables.summary.active'), p.totals.active], drill: { section: 'participation', key: 'stage:active' } },
      { cells: [L('tables.summary.withdrawn'), p.totals.withdrawn], drill: { section: 'participation', key: 'stage:withdrawn' } },
      { cells: [L('tables.summary.activeAtEnd'), p.atEnd.active], drill: { section: 'status', key: 'status:active' } },
      { cells: [L('tables.summary.devices'), d.deployment.atEnd.registered], drill: { section: 'deployment', key: 'measure:registered' } },
      { cells: [L('tables.summary.detections'), det.total], drill: { section: 'detections' } },
      { cells: [L('tables.summary.cases'), hd.total], drill: { section: 'cases' } },
      { cells: [L('tables.summary.dispatches'), dsp.total], drill: { section: 'dispatches' } },
      { cells: [L('tables.summary.medianArrival'), dsp.arrival.medianMinutes] },
      { cells: [L('tables.summary.securityAction'), d.securityAction.atEnd.oneStar + d.securityAction.atEnd.twoStar], drill: { section: 'securityAction' } },
    ],
  };

  const stageCols = stages.map((s) => int(L(`stage.${s}`), { tag: `stage:${s}` }));
  const funnel: ReportTable = {
    id: 'funnel',
    title: L('tables.funnel.title'),
    note: L('tables.funnel.note'),
    columns: [text(L('tables.funnel.route')), int(L('tables.funnel.applications')), ...stageCols],
    rows: [
      ...p.byRoute.map((r) => ({ cells: [route(r.route), r.applications, r.applied, r.surveyed, r.active, r.withdrawn], drill: { section: 'participation' as const, key: `route:${r.route}` } })),
      { cells: [L('total'), p.applications.total, p.totals.applied, p.totals.surveyed, p.totals.active, p.totals.withdrawn], drill: { section: 'participation' }, isTotal: true },
    ],
  };

  const participationMonthly: ReportTable = {
    id: 'participationMonthly',
    title: L('tables.participationMonthly.title'),
    columns: [text(L('tables.participationMonthly.stage')), ...monthCols()],
    rows: stages.map((s) => ({ cells: [L(`stage.${s}`), ...p.monthly.map((m) => m[s]), p.totals[s]], drill: { section: 'participation', key: `stage:${s}` } })),
  };

  const endTotal = stages.reduce((n, s) => n + p.atEnd[s], 0);
  const statusAtEnd: ReportTable = {
    id: 'statusAtEnd',
    title: L('tables.statusAtEnd.title'),
    columns: [text(L('tables.statusAtEnd.status')), int(L('companies'), {}), pct(L('share'))],
    rows: [
      ...stages.map((s) => ({ cells: [L(`statusAtEnd.${s}`), p.atEnd[s], share(p.atEnd[s], endTotal)], drill: { section: 'status' as const, key: `status:${s}` } })),
      { cells: [L('total'), endTotal, share(endTotal, endTotal)], drill: { section: 'status' }, isTotal: true },
    ],
  };

  const withdrawnTotal = p.withdrawalReasons.reduce((n, r) => n + r.count, 0);
  const withdrawalReasons: ReportTable = {
    id: 'withdrawalReasons',
    title: L('tables.withdrawalReasons.title'),
    columns: [text(L('tables.withdrawalReasons.reason')), int(L('companies'), {})],
    rows: [
      ...p.withdrawalReasons.map((r) => ({ cells: [code('codes.withdrawal', r.reason), r.count], drill: { section: 'participation' as const, key: `stage:withdrawn,reason:${r.reason}` } })),
      { cells: [L('total'), withdrawnTotal], drill: { section: 'participation', key: 'stage:withdrawn' }, isTotal: true },
    ],
  };

  const a = d.assignment;
  const assignment: ReportTable = {
    id: 'assignment',
    title: L('tables.assignment.title'),
    note: L('tables.assignment.note'),
    columns: [text(L('tables.assignment.group')), int(L('companies'), {}), int(L('devices')), ...a.vendors.map((v) => int(vendor(v), { tag: `vendor:${v}` })), int(L('none.device'), { tag: 'vendor:none' })],
    rows: a.rows.map((r) => ({
      cells: [group(r.group), r.companies, r.devices, ...a.vendors.map((v) => r.byVendor[v] ?? 0), r.noDevice],
      drill: r.group === 'all' ? { section: 'assignment' as const } : { section: 'assignment' as const, key: `group:${r.group}` },
      ...(r.group === 'all' ? { isTotal: true } : {}),
    })),
  };

  const deployment: ReportTable = {
    id: 'deployment',
    title: L('tables.deployment.title'),
    note: L('tables.deployment.note'),
    status: 'limited',
    columns: [text(L('tables.deployment.measure')), ...months.map((m) => int(m, { month: m })), int(L('atEnd'), {})],
    rows: [
      ...deploymentMeasures.map((k) => ({ cells: [L(`measure.${k}`), ...d.deployment.monthly.map((m) => m[k]), d.deployment.atEnd[k]], drill: { section: 'deployment' as const, key: `measure:${k}` } })),
      { cells: [L('measure.neverSeen'), ...months.map(() => null), d.deployment.atEnd.neverSeen], drill: { section: 'deployment', key: 'measure:neverSeen' } },
    ],
  };

  const detectionsByCategory: ReportTable = {
    id: 'detectionsByCategory',
    title: L('tables.detectionsByCategory.title'),
    columns: [text(L('tables.detectionsByCategory.category')), text(L('tables.detectionsByCategory.direction')), int(L('count'), {}), pct(L('share')), int(L('companies'))],
    rows: [
      ...det.byCategory.map((c) => ({ cells: [category(c.category), L(`direction.${c.direction}`), c.count, share(c.count, det.total), c.companies], drill: { section: 'detections' as const, key: `category:${c.category}` } })),
      { cells: [L('total'), '', det.total, share(det.total, det.total), null], drill: { section: 'detections' }, isTotal: true },
    ],
  };

  const detectionsByDirection: ReportTable = {
    id: 'detectionsByDirection',
    title: L('tables.detectionsByDirection.title'),
    columns: [text(L('tables.detectionsByDirection.direction')), int(L('count'), {}), pct(L('share'))],
    rows: [
      ...det.byDirection.map((r) => ({ cells: [L(`direction.${r.direction}`), r.count, share(r.count, det.total)], drill: { section: 'detections' as const, key: `direction:${r.direction}` } })),
      { cells: [L('total'), det.total, share(det.total, det.total)], drill: { section: 'detections' }, isTotal: true },
    ],
  };

  const detectionsMonthly: ReportTable = {
    id: 'detectionsMonthly',
    title: L('tables.detectionsMonthly.title'),
    columns: [text(L('tables.detectionsMonthly.category')), ...monthCols()],
    rows: [
      ...det.byCategory.map((c) => ({ cells: [category(c.category), ...det.monthly.map((m) => m.byCategory[c.category] ?? 0), c.count], drill: { section: 'detections' as const, key: `category:${c.category}` } })),
      { cells: [L('total'), ...det.monthly.map((m) => m.total), det.total], drill: { section: 'detections' }, isTotal: true },
    ],
  };

  const keyTable = (id: 'scanPorts' | 'urlCategories' | 'ipReputation'): ReportTable => {
    const k = d[id];
    return {
      id,
      title: L(`tables.${id}.title`),
      note: L(`tables.${id}.note`, { n: TOP_KEYS }),
      columns: [text(L(`tables.${id}.key`)), int(L('count'), {}), pct(L('share')), int(L('companies'))],
      rows: [
        ...k.rows.map((r) => ({ cells: [r.key === '' ? L('none.key') : r.key, r.count, share(r.count, k.total), r.companies], drill: { section: id, key: r.key } })),
        ...(k.other > 0 ? [{ cells: [L('other'), k.other, share(k.other, k.total), null] }] : []),
        { cells: [L('total'), k.total, share(k.total, k.total), null], isTotal: true },
      ],
    };
  };

  const slaCells = (s: ProgramDashboard['helpdesk']['firstResponse']) => [s.met, s.breached, s.pending, s.attainment];
  const slaCols = (clock: 'firstResponse' | 'resolution') => [
    int(`${L(`sla.${clock}`)} ${L('sla.met')}`, { tag: `${clock}:met` }),
    int(`${L(`sla.${clock}`)} ${L('sla.breached')}`, { tag: `${clock}:breached` }),
    int(`${L(`sla.${clock}`)} ${L('sla.pending')}`, { tag: `${clock}:pending` }),
    pct(`${L(`sla.${clock}`)} ${L('sla.attainment')}`),
  ];
  const channel = (c: string) => code('caseCodes.channel', c);
  const casesByChannel: ReportTable = {
    id: 'casesByChannel',
    title: L('tables.casesByChannel.title'),
    note: L('tables.casesByChannel.note'),
    columns: [text(L('tables.casesByChannel.channel')), int(L('count'), {}), ...slaCols('firstResponse'), ...slaCols('resolution')],
    rows: [
      ...hd.byChannel.map((c) => ({ cells: [channel(c.channel), c.count, ...slaCells(c.firstResponse), ...slaCells(c.resolution)], drill: { section: 'cases' as const, key: `channel:${c.channel}` } })),
      { cells: [L('total'), hd.total, ...slaCells(hd.firstResponse), ...slaCells(hd.resolution)], drill: { section: 'cases' }, isTotal: true },
    ],
  };

  const casesByCategory: ReportTable = {
    id: 'casesByCategory',
    title: L('tables.casesByCategory.title'),
    columns: [text(L('tables.casesByCategory.category')), int(L('count'), {}), pct(L('share'))],
    rows: [
      ...hd.byCategory.map((c) => ({ cells: [code('caseCodes.category', c.category), c.count, share(c.count, hd.total)], drill: { section: 'cases' as const, key: `category:${c.category}` } })),
      { cells: [L('total'), hd.total, share(hd.total, hd.total)], drill: { section: 'cases' }, isTotal: true },
    ],
  };

  const casesMonthly: ReportTable = {
    id: 'casesMonthly',
    title: L('tables.casesMonthly.title'),
    columns: [text(L('tables.casesMonthly.channel')), ...monthCols()],
    rows: [
      ...hd.byChannel.map((c) => ({ cells: [channel(c.channel), ...hd.monthly.map((m) => m.byChannel[c.channel] ?? 0), c.count], drill: { section: 'cases' as const, key: `channel:${c.channel}` } })),
      { cells: [L('total'), ...hd.monthly.map((m) => m.total), hd.total], drill: { section: 'cases' }, isTotal: true },
    ],
  };

  const dm = (k: string) => L(`tables.dispatchMonthly.${k}`);
  const dispatchMonthly: ReportTable = {
    id: 'dispatchMonthly',
    title: L('tables.dispatchMonthly.title'),
    note: L('tables.dispatchMonthly.note'),
    columns: [text(L('tables.dispatchMonthly.measure')), ...monthCols()],
    rows: [
      { cells: [dm('count'), ...dsp.monthly.map((m) => m.count), dsp.total], drill: { section: 'dispatches' } },
      { cells: [dm('arrived'), ...dsp.monthly.map((m) => m.arrived), dsp.arrival.arrived], drill: { section: 'dispatches', key: 'arrived:yes' } },
      // Times are not counts of companies: those rows have no drill-down.
      { cells: [dm('medianArrival'), ...dsp.monthly.map((m) => m.medianArrivalMinutes), dsp.arrival.medianMinutes] },
      { cells: [dm('meanArrival'), ...months.map(() => null), dsp.arrival.meanMinutes] },
      { cells: [dm('maxArrival'), ...months.map(() => null), dsp.arrival.maxMinutes] },
      { cells: [dm('onTime'), ...dsp.monthly.map((m) => m.onTime), dsp.report.onTime], drill: { section: 'dispatches', key: 'report:onTime' } },
      { cells: [dm('late'), ...dsp.monthly.map((m) => m.late), dsp.report.late], drill: { section: 'dispatches', key: 'report:late' } },
      { cells: [dm('overdue'), ...dsp.monthly.map((m) => m.overdue), dsp.report.overdue], drill: { section: 'dispatches', key: 'report:overdue' } },
    ],
  };

  const dl = (k: string) => L(`tables.dispatchList.${k}`);
  const dispatchList: ReportTable = {
    id: 'dispatchList',
    title: L('tables.dispatchList.title'),
    columns: [text(dl('number')), text(dl('company')), text(dl('request')), text(dl('status')), { label: dl('createdAt'), kind: 'datetime' }, { label: dl('arrivedAt'), kind: 'datetime' }, int(dl('minutes')), { label: dl('dueAt'), kind: 'datetime' }, { label: dl('sentAt'), kind: 'datetime' }, { label: dl('delay'), kind: 'number' }, text(dl('report'))],
    rows: dsp.items.map((x) => ({
      cells: [x.number, x.companyName, code('dispatchCodes.request', x.request), code('dispatchCodes.status', x.status), x.createdAt, x.arrivedAt, x.minutesToArrival, x.reportDueAt, x.reportSentAt, x.reportDelayHours, L(`report.${x.report}`)],
      companyId: x.companyId,
    })),
  };

  const sa = d.securityAction;
  const securityAction: ReportTable = {
    id: 'securityAction',
    title: L('tables.securityAction.title'),
    note: L('tables.securityAction.note'),
    columns: [text(L('tables.securityAction.level')), int(L('tables.securityAction.atStart')), ...months.map((m) => int(m, { month: m }))],
    rows: [
      { cells: [L('tables.securityAction.oneStar'), sa.atStart.oneStar, ...sa.monthly.map((m) => m.oneStar)], drill: { section: 'securityAction', key: 'level:one_star' } },
      { cells: [L('tables.securityAction.twoStar'), sa.atStart.twoStar, ...sa.monthly.map((m) => m.twoStar)], drill: { section: 'securityAction', key: 'level:two_star' } },
      { cells: [L('tables.securityAction.total'), sa.atStart.oneStar + sa.atStart.twoStar, ...sa.monthly.map((m) => m.oneStar + m.twoStar)], drill: { section: 'securityAction' }, isTotal: true },
    ],
  };

  return [
    summary,
    funnel,
    participationMonthly,
    statusAtEnd,
    withdrawalReasons,
    assignment,
    deployment,
    detectionsByCategory,
    detectionsByDirection,
    detectionsMonthly,
    keyTable('scanPorts'),
    keyTable('urlCategories'),
    keyTable('ipReputation'),
    casesByChannel,
    casesByCategory,
    casesMonthly,
    dispatchMonthly,
    dispatchList,
    securityAction,
  ];
}


const jstDateTime = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** A cell as text: numbers with separators (plain digits for CSV), fractions as percent, instants in JST. */
export function formatCell(v: CellValue, kind: ColumnKind, locale: 'ja' | 'en', forCsv = false): string {
  if (v === null) return forCsv ? '' : '—';
  if (typeof v === 'string') return kind === 'datetime' && v ? jstDateTime.format(new Date(v)) : v;
  if (kind === 'percent') return `${(v * 100).toFixed(1)}%`;
  if (forCsv) return String(v);
  return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'ja-JP', { maximumFractionDigits: 1 }).format(v);
}

/** The table as CSV (RFC 4180, CRLF) with a UTF-8 byte-order mark, so Excel opens Japanese text correctly. */
export function tableCsv(t: ReportTable, locale: 'ja' | 'en'): string {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [t.columns.map((c) => field(c.label)).join(',')];
  for (const r of t.rows) lines.push(r.cells.map((v, i) => field(formatCell(v, t.columns[i]!.kind, locale, true))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The filters in words ("グループA・製造業・…"), for report headers. */
export function describeFilters(f: ProgramDashboard['filters'], t: Translate): string {
  const L = (k: string, v?: Record<string, unknown>) => t(`program.${k}`, v);
  const parts = [
    f.group && (f.group === 'none' ? L('none.group') : L('groupLabel', { group: f.group })),
    f.industry && t(`codes.industry.${f.industry}`, { defaultValue: f.industry }),
    f.employees && t(`codes.employees.${f.employees}`, { defaultValue: f.employees }),
    f.deviceType && (f.deviceType === 'none' ? L('none.device') : t(`devices.vendor.${f.deviceType}`, { defaultValue: f.deviceType })),
    f.referralRoute && t(`codes.referral.${f.referralRoute}`, { defaultValue: f.referralRoute }),
  ].filter(Boolean);
  return parts.length ? parts.join('・') : L('filtersNone');
}
