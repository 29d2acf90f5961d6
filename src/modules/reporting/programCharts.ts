/**
 * The program report's charts as Apache ECharts options, drawn from the report tables (pure: the
 * SPA renders them in the browser, the PDF renders them server-side to SVG). A chart is a view of
 * its table, so the two never disagree; each data item carries the drill-down of its cell.
 */
import type { EChartsOption } from 'echarts';
import { cellDrill, type ReportColumn, type ReportRow, type ReportTable, type TableId } from './programTables.ts';

const palette = ['#2458b3', '#e08a1e', '#1d7a46', '#c0362c', '#7b5ea7', '#2aa3b8', '#a0782f', '#5c6b7a', '#d4679a', '#6b8e23', '#3f4b5b', '#9aa5b1'];

export interface ChartStyle {
  fontFamily: string;
  /** Numbers on bars and in tooltips (1,234). */
  formatNumber: (n: number) => string;
  /** Numbers on value axes, short (1万 / 10K). */
  formatAxis: (n: number) => string;
  /** The label of the series that gathers the smaller ones ("その他"). */
  otherLabel: string;
  /** For paper: legends show every item (no scrolling pager). */
  print?: boolean;
}

/** How many categories a monthly chart stacks before gathering the rest. */
const MAX_SERIES = 6;
const GRID_LINE = { lineStyle: { color: '#e5e9f0' } };

const rowsOf = (t: ReportTable) => t.rows.filter((r) => !r.isTotal);
const label = (r: ReportRow) => String(r.cells[0] ?? '');
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
/** Labels without the white outline ECharts draws by default (a PDF would show it over the text). */
const barLabel = (style: ChartStyle, position: 'top' | 'right') => ({ show: true, position, fontFamily: style.fontFamily, textBorderColor: 'transparent', formatter: (p: { value: unknown }) => (num(p.value) ? style.formatNumber(num(p.value)) : '') });
const valueAxis = (style: ChartStyle) => ({ type: 'value' as const, minInterval: 1, axisLabel: { fontFamily: style.fontFamily, formatter: (v: number) => style.formatAxis(v) }, splitLine: GRID_LINE });
const legend = (style: ChartStyle) => ({ bottom: 0, type: style.print ? ('plain' as const) : ('scroll' as const), textStyle: { fontFamily: style.fontFamily } });
/** Room under the plot for the legend: one line on screen (it scrolls), as many as it wraps to on paper. */
function legendRoom(style: ChartStyle, names: string[]): number {
  if (!style.print) return 36;
  const width = names.reduce((n, s) => n + s.length * 12 + 40, 0);
  return 12 + Math.ceil(width / 900) * 24;
}
const monthColumns = (t: ReportTable) => t.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.drill?.month);

function base(style: ChartStyle): EChartsOption {
  return {
    animation: false,
    color: palette,
    textStyle: { fontFamily: style.fontFamily, fontSize: 12, color: '#1f2937' },
    tooltip: { trigger: 'item', confine: true, valueFormatter: (v) => (typeof v === 'number' ? style.formatNumber(v) : String(v ?? '—')) },
  };
}

/** Horizontal bars of one column (the largest on top); log scale when values span more than 1,000×. */
function hbar(t: ReportTable, col: number, style: ChartStyle): EChartsOption {
  const rows = rowsOf(t).filter((r) => r.drill && num(r.cells[col]) > 0);
  const values = rows.map((r) => num(r.cells[col]));
  const useLog = values.length > 1 && Math.max(...values) / Math.min(...values) > 1000;
  return {
    ...base(style),
    grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
    xAxis: useLog ? { type: 'log', axisLabel: { fontFamily: style.fontFamily, formatter: (v: number) => style.formatAxis(v) }, splitLine: GRID_LINE } : valueAxis(style),
    yAxis: { type: 'category', inverse: true, data: rows.map(label), axisLabel: { fontFamily: style.fontFamily, width: 280, overflow: 'truncate' }, axisTick: { show: false } },
    series: [{ type: 'bar', name: t.columns[col]!.label, barMaxWidth: 22, label: barLabel(style, 'right'), data: rows.map((r) => ({ value: num(r.cells[col]), drill: cellDrill(r, t.columns[col]!) })) }],
  };
}

/** One row's count columns as vertical bars (the funnel: forms → applied → surveyed → active → withdrawn). */
function rowAsBars(t: ReportTable, row: ReportRow, style: ChartStyle): EChartsOption {
  const cols = t.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.kind === 'int');
  return {
    ...base(style),
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: cols.map(({ c }) => c.label), axisLabel: { fontFamily: style.fontFamily, interval: 0 }, axisTick: { show: false } },
    yAxis: valueAxis(style),
    series: [{ type: 'bar', name: label(row), barMaxWidth: 56, label: barLabel(style, 'top'), data: cols.map(({ c, i }, n) => ({ value: num(row.cells[i]), drill: cellDrill(row, c), itemStyle: { color: palette[n % palette.length] } })) }],
  };
}

/** A donut of one column; the percentages are the table's (value ÷ sum), not ECharts' rounding. */
function donut(t: ReportTable, col: number, style: ChartStyle): EChartsOption {
  const rows = rowsOf(t).filter((r) => num(r.cells[col]) > 0);
  const sum = rows.reduce((n, r) => n + num(r.cells[col]), 0);
  return {
    ...base(style),
    legend: legend(style),
    series: [
      {
        type: 'pie',
        radius: ['38%', '64%'],
        center: ['50%', '45%'],
        label: { fontFamily: style.fontFamily, textBorderColor: 'transparent', width: 130, overflow: 'break', formatter: (p: { name: string; value: unknown }) => `${p.name}\n${style.formatNumber(num(p.value))}（${((num(p.value) / sum) * 100).toFixed(1)}%）` },
        data: rows.map((r) => ({ name: label(r), value: num(r.cells[col]), drill: cellDrill(r, t.columns[col]!) })),
      },
    ],
  };
}

/** One bar series per row over the months (stacked or side by side); beyond MAX_SERIES rows the smallest are gathered as "others". */
function monthly(t: ReportTable, style: ChartStyle, o: { stacked?: boolean; rows?: ReportRow[] } = {}): EChartsOption {
  const months = monthColumns(t);
  const total = (r: ReportRow) => months.reduce((n, { i }) => n + num(r.cells[i]), 0);
  const rows = (o.rows ?? rowsOf(t)).filter((r) => total(r) > 0);
  const shown = rows.length > MAX_SERIES ? [...rows].sort((a, b) => total(b) - total(a)).slice(0, MAX_SERIES - 1) : rows;
  const rest = rows.filter((r) => !shown.includes(r));
  const series = shown.map((r) => ({ name: label(r), data: months.map(({ c, i }) => ({ value: num(r.cells[i]), drill: cellDrill(r, c) })) }));
  if (rest.length) series.push({ name: style.otherLabel, data: months.map(({ i }) => ({ value: rest.reduce((n, r) => n + num(r.cells[i]), 0), drill: null })) });
  return {
    ...base(style),
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => (typeof v === 'number' ? style.formatNumber(v) : '—') },
    legend: legend(style),
    grid: { left: 8, right: 8, top: 16, bottom: legendRoom(style, series.map((x) => x.name)), containLabel: true },
    xAxis: { type: 'category', data: months.map(({ c }) => c.label), axisLabel: { fontFamily: style.fontFamily }, axisTick: { show: false } },
    yAxis: valueAxis(style),
    series: series.map((s) => ({ ...s, type: 'bar' as const, ...(o.stacked ? { stack: 'total' } : {}), barMaxWidth: 36 })),
  } as EChartsOption;
}

/** Count bars per row or month, with measures on the right axis as lines (percentages or minutes). */
function barsAndLines(style: ChartStyle, x: string[], bar: { name: string; data: unknown[] }, lines: { name: string; data: (number | null)[] }[], percent: boolean): EChartsOption {
  return {
    ...base(style),
    tooltip: { trigger: 'axis', confine: true },
    legend: legend(style),
    grid: { left: 8, right: 8, top: 24, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: x, axisLabel: { fontFamily: style.fontFamily }, axisTick: { show: false } },
    yAxis: [valueAxis(style), { type: 'value', ...(percent ? { min: 0, max: 1, axisLabel: { fontFamily: style.fontFamily, formatter: (v: number) => `${Math.round(v * 100)}%` } } : { axisLabel: { fontFamily: style.fontFamily, formatter: (v: number) => style.formatAxis(v) } }), splitLine: { show: false } }],
    series: [
      { type: 'bar', name: bar.name, barMaxWidth: 48, label: barLabel(style, 'top'), data: bar.data },
      ...lines.map((l) => ({ type: 'line' as const, name: l.name, yAxisIndex: 1, symbolSize: 8, data: l.data })),
    ],
  } as EChartsOption;
}

const numberOrNull = (v: unknown) => (typeof v === 'number' ? v : null);
const barData = (rows: ReportRow[], col: ReportColumn, i: number) => rows.map((r) => ({ value: num(r.cells[i]), drill: cellDrill(r, col) }));

/** Chart options by table id (tables without a chart — the summary, the dispatch list — have none). */
export function programCharts(tables: ReportTable[], style: ChartStyle): Partial<Record<TableId, EChartsOption>> {
  const by = Object.fromEntries(tables.map((t) => [t.id, t])) as Record<TableId, ReportTable>;
  const channels = rowsOf(by.casesByChannel);
  const dm = by.dispatchMonthly;
  const months = monthColumns(dm);
  return {
    funnel: rowAsBars(by.funnel, by.funnel.rows.find((r) => r.isTotal)!, style),
    participationMonthly: monthly(by.participationMonthly, style),
    statusAtEnd: donut(by.statusAtEnd, 1, style),
    withdrawalReasons: hbar(by.withdrawalReasons, 1, style),
    assignment: {
      ...base(style),
      tooltip: { trigger: 'axis', confine: true },
      legend: legend(style),
      grid: { left: 8, right: 8, top: 16, bottom: legendRoom(style, by.assignment.columns.filter((c) => c.drill?.tag).map((c) => c.label)), containLabel: true },
      xAxis: { type: 'category', data: rowsOf(by.assignment).map(label), axisLabel: { fontFamily: style.fontFamily }, axisTick: { show: false } },
      yAxis: valueAxis(style),
      series: by.assignment.columns
        .map((c, i) => ({ c, i }))
        .filter(({ c }) => c.drill?.tag)
        .map(({ c, i }) => ({ type: 'bar' as const, name: c.label, stack: 'companies', barMaxWidth: 48, data: barData(rowsOf(by.assignment), c, i) })),
    },
    deployment: monthly(by.deployment, style, { rows: by.deployment.rows.filter((r) => ['measure:registered', 'measure:reporting', 'measure:notReporting'].includes(r.drill?.key ?? '')) }),
    detectionsByCategory: hbar(by.detectionsByCategory, 2, style),
    detectionsByDirection: donut(by.detectionsByDirection, 1, style),
    detectionsMonthly: monthly(by.detectionsMonthly, style, { stacked: true }),
    scanPorts: hbar(by.scanPorts, 1, style),
    urlCategories: hbar(by.urlCategories, 1, style),
    ipReputation: hbar(by.ipReputation, 1, style),
    casesByChannel: barsAndLines(
      style,
      channels.map(label),
      { name: by.casesByChannel.columns[1]!.label, data: barData(channels, by.casesByChannel.columns[1]!, 1) },
      [5, 9].map((i) => ({ name: by.casesByChannel.columns[i]!.label, data: channels.map((r) => numberOrNull(r.cells[i])) })),
      true,
    ),
    casesByCategory: hbar(by.casesByCategory, 1, style),
    casesMonthly: monthly(by.casesMonthly, style, { stacked: true }),
    securityAction: monthly(by.securityAction, style, { stacked: true }),
    dispatchMonthly: barsAndLines(
      style,
      months.map(({ c }) => c.label),
      { name: label(dm.rows[0]!), data: months.map(({ c, i }) => ({ value: num(dm.rows[0]!.cells[i]), drill: cellDrill(dm.rows[0]!, c) })) },
      [{ name: label(dm.rows[2]!), data: months.map(({ i }) => numberOrNull(dm.rows[2]!.cells[i])) }],
      false,
    ),
  };
}
