/**
 * The program report's charts as Apache ECharts options, drawn from the report tables (pure: the
 * SPA renders them in the browser, the PDF renders them server-side to SVG). A chart is a view of
 * its table, so the two never disagree; each data item carries the drill-down of its cell.
 */
import type { EChartsOption } from 'echarts';
import { cellDrill, type ReportRow, type ReportTable, type TableId } from './programTables.ts';

export const palette = ['#2458b3', '#e08a1e', '#1d7a46', '#c0362c', '#7b5ea7', '#2aa3b8', '#a0782f', '#5c6b7a', '#d4679a', '#6b8e23', '#3f4b5b', '#9aa5b1'];

export interface ChartStyle {
  fontFamily: string;
  /** Thousands separators for labels. */
  formatNumber: (n: number) => string;
}

const rowsOf = (t: ReportTable) => t.rows.filter((r) => !r.isTotal);
const label = (r: ReportRow) => String(r.cells[0] ?? '');
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

function base(style: ChartStyle): EChartsOption {
  return {
    animation: false,
    color: palette,
    textStyle: { fontFamily: style.fontFamily, fontSize: 12, color: '#1f2937' },
    tooltip: { trigger: 'item', confine: true },
  };
}

/** Horizontal bars of one column (the longest on top); log scale when values span more than 1,000×. */
function hbar(t: ReportTable, col: number, style: ChartStyle): EChartsOption {
  const rows = rowsOf(t).filter((r) => num(r.cells[col]) > 0);
  const values = rows.map((r) => num(r.cells[col]));
  const useLog = values.length > 1 && Math.max(...values) / Math.min(...values) > 1000;
  return {
    ...base(style),
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: useLog ? 'log' : 'value', axisLabel: { formatter: (v: number) => style.formatNumber(v) }, splitLine: { lineStyle: { color: '#e5e9f0' } } },
    yAxis: { type: 'category', inverse: true, data: rows.map(label), axisLabel: { width: 190, overflow: 'truncate' }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        name: t.columns[col]!.label,
        barMaxWidth: 22,
        label: { show: true, position: 'right', formatter: (p: { value: unknown }) => style.formatNumber(num(p.value)) },
        data: rows.map((r) => ({ value: num(r.cells[col]), drill: cellDrill(r, t.columns[col]!) })),
      },
    ],
  };
}

/** One row's number columns as vertical bars (the funnel: forms → applied → surveyed → active → withdrawn). */
function rowAsBars(t: ReportTable, row: ReportRow, style: ChartStyle): EChartsOption {
  const cols = t.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.kind === 'int');
  return {
    ...base(style),
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: cols.map(({ c }) => c.label), axisLabel: { interval: 0 }, axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => style.formatNumber(v) }, splitLine: { lineStyle: { color: '#e5e9f0' } } },
    series: [
      {
        type: 'bar',
        name: label(row),
        barMaxWidth: 56,
        label: { show: true, position: 'top', formatter: (p: { value: unknown }) => style.formatNumber(num(p.value)) },
        data: cols.map(({ c, i }, n) => ({ value: num(row.cells[i]), drill: cellDrill(row, c), itemStyle: { color: palette[n % palette.length] } })),
      },
    ],
  };
}

function donut(t: ReportTable, col: number, style: ChartStyle): EChartsOption {
  const rows = rowsOf(t).filter((r) => num(r.cells[col]) > 0);
  return {
    ...base(style),
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['38%', '66%'],
        center: ['50%', '44%'],
        label: { formatter: (p: { name: string; value: unknown; percent?: number }) => `${p.name}\n${style.formatNumber(num(p.value))}（${(p.percent ?? 0).toFixed(1)}%）` },
        data: rows.map((r) => ({ name: label(r), value: num(r.cells[col]), drill: cellDrill(r, t.columns[col]!) })),
      },
    ],
  };
}

/** One series per row over the month columns (the table's columns 1..months). */
function monthly(t: ReportTable, style: ChartStyle, o: { stacked?: boolean; rows?: ReportRow[]; line?: boolean } = {}): EChartsOption {
  const monthCols = t.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.drill?.month || /^\d{4}-\d{2}$/.test(c.label));
  const rows = (o.rows ?? rowsOf(t)).filter((r) => monthCols.some(({ i }) => num(r.cells[i]) > 0));
  return {
    ...base(style),
    tooltip: { trigger: 'axis', confine: true },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 8, right: 8, top: 16, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: monthCols.map(({ c }) => c.label), axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => style.formatNumber(v) }, splitLine: { lineStyle: { color: '#e5e9f0' } } },
    series: rows.map((r) => ({
      type: o.line ? 'line' : 'bar',
      name: label(r),
      ...(o.stacked ? { stack: 'total' } : {}),
      barMaxWidth: 36,
      data: monthCols.map(({ c, i }) => ({ value: num(r.cells[i]), drill: cellDrill(r, c) })),
    })),
  } as EChartsOption;
}

/** Bars of a count column with a second measure as a line on the right axis (percent or minutes). */
function barAndLine(t: ReportTable, barCol: number, lineCol: number, style: ChartStyle, percent: boolean): EChartsOption {
  const rows = rowsOf(t);
  return {
    ...base(style),
    tooltip: { trigger: 'axis', confine: true },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 24, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: rows.map(label), axisTick: { show: false } },
    yAxis: [
      { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#e5e9f0' } } },
      { type: 'value', ...(percent ? { min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : {}), splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: t.columns[barCol]!.label, barMaxWidth: 48, label: { show: true, position: 'top' }, data: rows.map((r) => ({ value: num(r.cells[barCol]), drill: cellDrill(r, t.columns[barCol]!) })) },
      {
        type: 'line',
        name: t.columns[lineCol]!.label,
        yAxisIndex: 1,
        connectNulls: false,
        symbolSize: 8,
        data: rows.map((r) => (typeof r.cells[lineCol] === 'number' ? r.cells[lineCol] : null)),
      },
    ],
  } as EChartsOption;
}

/** Dispatches per month (bars) and the median time to arrival (line, right axis). */
function dispatchChart(t: ReportTable, style: ChartStyle): EChartsOption {
  const months = t.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.drill?.month);
  const [count, , median] = t.rows;
  return {
    ...base(style),
    tooltip: { trigger: 'axis', confine: true },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 24, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: months.map(({ c }) => c.label), axisTick: { show: false } },
    yAxis: [
      { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#e5e9f0' } } },
      { type: 'value', splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: label(count!), barMaxWidth: 36, data: months.map(({ c, i }) => ({ value: num(count!.cells[i]), drill: cellDrill(count!, c) })) },
      { type: 'line', name: label(median!), yAxisIndex: 1, symbolSize: 8, data: months.map(({ i }) => (typeof median!.cells[i] === 'number' ? median!.cells[i] : null)) },
    ],
  } as EChartsOption;
}

/** Chart options by table id (tables without a chart — the summary, the dispatch list — have none). */
export function programCharts(tables: ReportTable[], style: ChartStyle): Partial<Record<TableId, EChartsOption>> {
  const by = Object.fromEntries(tables.map((t) => [t.id, t])) as Record<TableId, ReportTable>;
  return {
    funnel: rowAsBars(by.funnel, by.funnel.rows.find((r) => r.isTotal)!, style),
    participationMonthly: monthly(by.participationMonthly, style),
    statusAtEnd: donut(by.statusAtEnd, 1, style),
    withdrawalReasons: hbar(by.withdrawalReasons, 1, style),
    assignment: {
      ...base(style),
      tooltip: { trigger: 'axis', confine: true },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 8, top: 16, bottom: 36, containLabel: true },
      xAxis: { type: 'category', data: rowsOf(by.assignment).map(label), axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#e5e9f0' } } },
      series: by.assignment.columns
        .map((c, i) => ({ c, i }))
        .filter(({ c }) => c.drill?.tag)
        .map(({ c, i }) => ({ type: 'bar' as const, name: c.label, stack: 'companies', barMaxWidth: 48, data: rowsOf(by.assignment).map((r) => ({ value: num(r.cells[i]), drill: cellDrill(r, c) })) })),
    },
    deployment: monthly(by.deployment, style, { line: true, rows: by.deployment.rows.filter((r) => ['measure:registered', 'measure:reporting', 'measure:notReporting'].includes(r.drill?.key ?? '')) }),
    detectionsByCategory: hbar(by.detectionsByCategory, 2, style),
    detectionsByDirection: donut(by.detectionsByDirection, 1, style),
    detectionsMonthly: monthly(by.detectionsMonthly, style, { stacked: true }),
    scanPorts: hbar({ ...by.scanPorts, rows: by.scanPorts.rows.filter((r) => r.drill) }, 1, style),
    urlCategories: hbar({ ...by.urlCategories, rows: by.urlCategories.rows.filter((r) => r.drill) }, 1, style),
    ipReputation: hbar({ ...by.ipReputation, rows: by.ipReputation.rows.filter((r) => r.drill) }, 1, style),
    casesByChannel: barAndLine(by.casesByChannel, 1, 5, style, true),
    casesByCategory: hbar(by.casesByCategory, 1, style),
    casesMonthly: monthly(by.casesMonthly, style, { stacked: true }),
    dispatchMonthly: dispatchChart(by.dispatchMonthly, style),
  };
}
