import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../api';
import { codeOptions, deviceVendors, useReferenceCodes } from '../codes';
import { tokyoDay } from '../format';
import { ErrorAlert, GroupBadge, Loading, Modal, Notice, PageHeader, StatusBadge, usePageTitle } from '../components/ui';
import { ProgramChart } from '../components/ProgramChart';
import { CHART_FONT } from '../components/charts';
import type { DrilldownDto, ProgramDashboard } from '../../../src/modules/reporting/program.schemas.ts';
import { cellDrill, describeFilters, formatCell, programTables, tableCsv, tableHasData, type ReportTable, type TableId } from '../../../src/modules/reporting/programTables.ts';
import { programCharts } from '../../../src/modules/reporting/programCharts.ts';
import { groupFilters } from '../../../src/modules/reporting/programCodes.ts';
import './program.css';

const FILTER_KEYS = ['from', 'to', 'group', 'industry', 'employees', 'deviceType', 'referralRoute'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;
interface Drill {
  section: string;
  key?: string;
  month?: string;
  /** What was clicked, in words ("検知（種類別） › ウイルスを検知・遮断 › 2025-08"). */
  what: string;
}

/** The dashboard's sections and their tables, in report order; `wide` tables take the whole row. */
const sections: { key: string; tables: { id: TableId; wide?: boolean }[] }[] = [
  { key: 'participation', tables: [{ id: 'funnel', wide: true }, { id: 'participationMonthly', wide: true }, { id: 'statusAtEnd' }, { id: 'withdrawalReasons' }] },
  { key: 'devices', tables: [{ id: 'assignment', wide: true }, { id: 'deployment', wide: true }] },
  { key: 'detections', tables: [{ id: 'detectionsByCategory', wide: true }, { id: 'detectionsByDirection' }, { id: 'scanPorts' }, { id: 'detectionsMonthly', wide: true }, { id: 'urlCategories' }, { id: 'ipReputation' }] },
  { key: 'helpdesk', tables: [{ id: 'casesByChannel', wide: true }, { id: 'casesByCategory' }, { id: 'casesMonthly' }] },
  { key: 'dispatch', tables: [{ id: 'dispatchMonthly', wide: true }, { id: 'dispatchList', wide: true }] },
  { key: 'securityAction', tables: [{ id: 'securityAction', wide: true }] },
];
const emptyText: Partial<Record<string, string>> = { detections: 'program.empty.detections', helpdesk: 'program.empty.cases', dispatch: 'program.empty.dispatches' };

/** Period presets: the last 3, 6 or 12 months (from the first of the month), and the Japanese fiscal year (from 1 April). */
function preset(kind: '3m' | '6m' | '12m' | 'fy'): { from: string; to: string } {
  const to = tokyoDay();
  const y = Number(to.slice(0, 4));
  const m = Number(to.slice(5, 7));
  if (kind === 'fy') return { from: `${m >= 4 ? y : y - 1}-04-01`, to };
  const back = { '3m': 2, '6m': 5, '12m': 11 }[kind];
  const first = new Date(Date.UTC(y, m - 1 - back, 1));
  return { from: first.toISOString().slice(0, 10), to };
}

export function ProgramPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'ja';
  const codes = useReferenceCodes();
  const [params, setParams] = useSearchParams();
  const [drill, setDrill] = useState<Drill | null>(null);
  usePageTitle(t('program.title'));

  const filters: Filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)) as Filters;
  const q = useQuery({
    queryKey: ['program', filters],
    queryFn: () => api.get<ProgramDashboard>('/program/dashboard', filters),
    placeholderData: keepPreviousData,
  });
  const d = q.data;
  const tables = useMemo(() => (d ? programTables(d, (k, v) => t(k, v)) : []), [d, t]);
  const charts = useMemo(() => {
    if (tables.length === 0) return {};
    const tag = locale === 'en' ? 'en-US' : 'ja-JP';
    return programCharts(tables, {
      fontFamily: CHART_FONT,
      formatNumber: (n) => new Intl.NumberFormat(tag).format(n),
      formatAxis: (n) => new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 }).format(n),
      otherLabel: t('program.other'),
    });
  }, [tables, locale, t]);
  const byId = useMemo(() => new Map(tables.map((x) => [x.id, x])), [tables]);

  const update = (changes: Filters) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const openDrill = useCallback((ref: { section: string; key?: string; month?: string } | null | undefined, what: string) => {
    if (ref) setDrill({ ...ref, what });
  }, []);

  const exportQuery = { ...filters, ...(d ? { from: d.period.from, to: d.period.to } : {}), locale };
  const hasFilters = FILTER_KEYS.some((k) => k !== 'from' && k !== 'to' && filters[k]);

  return (
    <div className="page program-page" data-testid="program-page">
      <PageHeader title={t('program.title')} lead={t('program.lead')}>
        <div className="header-actions" role="group" aria-label={t('program.download.label')}>
          <a className="btn btn-secondary" href={withQuery('/api/v1/program/report.xlsx', exportQuery)} download title={t('program.download.hint')} data-testid="program-xlsx">
            ⤓ {t('program.download.xlsx')}
          </a>
          <a className="btn btn-secondary" href={withQuery('/api/v1/program/report.pdf', exportQuery)} download title={t('program.download.hint')} data-testid="program-pdf">
            ⤓ {t('program.download.pdf')}
          </a>
        </div>
      </PageHeader>

      <form className="filters card program-filters" role="search" aria-label={t('program.filters.label')} onSubmit={(e) => e.preventDefault()} data-testid="program-filters">
        <div className="filter-item program-period">
          <span className="filter-label" id="p-presets">{t('program.filters.presets')}</span>
          <div className="chip-row" role="group" aria-labelledby="p-presets">
            {(['3m', '6m', '12m', 'fy'] as const).map((k) => {
              const p = preset(k);
              const active = d && d.period.from === p.from && d.period.to === p.to;
              return (
                <button key={k} type="button" className={`chip ${active ? 'active' : ''}`} aria-pressed={Boolean(active)} onClick={() => update(p)} data-testid={`preset-${k}`}>
                  {t(`program.filters.preset.${k}`)}
                </button>
              );
            })}
          </div>
        </div>
        <div className="filter-item">
          <label htmlFor="p-from">{t('program.filters.from')}</label>
          <input id="p-from" className="input" type="date" value={filters.from ?? d?.period.from ?? ''} max={filters.to ?? d?.period.to} onChange={(e) => update({ from: e.target.value })} />
        </div>
        <div className="filter-item">
          <label htmlFor="p-to">{t('program.filters.to')}</label>
          <input id="p-to" className="input" type="date" value={filters.to ?? d?.period.to ?? ''} min={filters.from ?? d?.period.from} onChange={(e) => update({ to: e.target.value })} />
        </div>
        <Select id="p-group" label={t('program.filters.group')} value={filters.group} onChange={(v) => update({ group: v })} options={groupFilters.map((g) => ({ value: g, label: g === 'none' ? t('program.none.group') : t('program.groupLabel', { group: g }) }))} />
        <Select id="p-industry" label={t('program.filters.industry')} value={filters.industry} onChange={(v) => update({ industry: v })} options={codeOptions(t, codes.industries, 'codes.industry')} />
        <Select id="p-employees" label={t('program.filters.employees')} value={filters.employees} onChange={(v) => update({ employees: v })} options={codeOptions(t, codes.employeeBands, 'codes.employees')} />
        <Select id="p-device" label={t('program.filters.deviceType')} value={filters.deviceType} onChange={(v) => update({ deviceType: v })} options={[...codeOptions(t, deviceVendors, 'devices.vendor'), { value: 'none', label: t('program.none.device') }]} />
        <Select id="p-route" label={t('program.filters.referralRoute')} value={filters.referralRoute} onChange={(v) => update({ referralRoute: v })} options={codeOptions(t, codes.referralRoutes, 'codes.referral')} />
        {(hasFilters || filters.from || filters.to) && (
          <div className="filter-item filter-clear">
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setParams(new URLSearchParams(), { replace: true })} data-testid="program-clear">
              {t('program.filters.clear')}
            </button>
          </div>
        )}
      </form>

      {q.error && <ErrorAlert error={q.error} />}
      {!d && q.isPending && <Loading />}
      {d && (
        <div className={q.isFetching ? 'program-body is-fetching' : 'program-body'} aria-busy={q.isFetching}>
          <p className="program-context" data-testid="program-context">
            <strong>{t('program.periodText', { from: d.period.from, to: d.period.to })}</strong>
            <span>{describeFilters(d.filters, (k, v) => t(k, v))}</span>
            <span className="muted">{t('program.drill.hint')}</span>
          </p>
          {d.companies.total === 0 && (
            <Notice kind="warning" testId="program-no-companies">
              {t('program.empty.companies')}
            </Notice>
          )}
          <Kpis table={byId.get('summary')!} locale={locale} onDrill={openDrill} />
          {sections.map((s) => (
            <section key={s.key} className="program-section" aria-labelledby={`ps-${s.key}`}>
              <h2 id={`ps-${s.key}`} className="program-section-title">
                {t(`program.sections.${s.key}`)}
              </h2>
              <div className="program-grid">
                {s.tables.map(({ id, wide }) => {
                  const table = byId.get(id)!;
                  return (
                    <Panel key={id} table={table} option={charts[id]} wide={wide} locale={locale} period={d.period} empty={t(emptyText[s.key] ?? 'program.empty.section')} onDrill={openDrill} />
                  );
                })}
              </div>
            </section>
          ))}
        </div>
      )}
      {drill && <DrillDialog drill={drill} filters={{ ...filters, ...(d ? { from: d.period.from, to: d.period.to } : {}) }} onClose={() => setDrill(null)} />}
    </div>
  );
}

function Select({ id, label, value, onChange, options }: { id: string; label: string; value: string | undefined; onChange: (v: string) => void; options: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <div className="filter-item">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input select" value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('program.filters.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

type OnDrill = (ref: { section: string; key?: string; month?: string } | null | undefined, what: string) => void;

/** The summary as cards; a card with a company count opens its companies. */
function Kpis({ table, locale, onDrill }: { table: ReportTable; locale: 'ja' | 'en'; onDrill: OnDrill }) {
  return (
    <ul className="program-kpis" data-testid="program-kpis">
      {table.rows.map((r, i) => {
        const ref = cellDrill(r, table.columns[1]!);
        const value = formatCell(r.cells[1] ?? null, 'number', locale);
        const body = (
          <>
            <span className="kpi-label">{String(r.cells[0])}</span>
            <span className="kpi-value">{value}</span>
          </>
        );
        return (
          <li key={i} data-testid="program-kpi">
            {ref ? (
              <button type="button" className="kpi kpi-link" onClick={() => onDrill(ref, String(r.cells[0]))}>
                {body}
              </button>
            ) : (
              <div className="kpi">{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** One table of the report: its chart or its table (toggle), a CSV download, and drill-down on every count. */
function Panel({ table, option, wide, locale, period, empty, onDrill }: { table: ReportTable; option: Parameters<typeof ProgramChart>[0]['option'] | undefined; wide?: boolean | undefined; locale: 'ja' | 'en'; period: ProgramDashboard['period']; empty: string; onDrill: OnDrill }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>(option ? 'chart' : 'table');
  const data = tableHasData(table);
  const download = () => {
    const blob = new Blob([tableCsv(table, locale)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${table.id}_${period.from}_${period.to}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const bars = table.rows.filter((r) => !r.isTotal && r.drill).length;
  const horizontal = (option?.yAxis as { type?: string } | undefined)?.type === 'category';
  const height = horizontal ? Math.min(Math.max(60 + bars * 30, 200), 620) : 320;
  const onItemClick = (item: unknown) => {
    const ref = (item as { drill?: { section: string; key?: string; month?: string } | null } | null)?.drill;
    onDrill(ref, table.title);
  };

  return (
    <article className={`card program-panel ${wide ? 'panel-wide' : ''}`} data-testid={`panel-${table.id}`} data-view={view} aria-labelledby={`pt-${table.id}`}>
      <header className="card-header program-panel-header">
        <div>
          <h3 id={`pt-${table.id}`} className="card-title">
            {table.title}
            {table.status === 'limited' && (
              <span className="badge program-badge-limited" title={table.note}>
                {t('program.limited')}
              </span>
            )}
          </h3>
          {table.note && <p className="program-note">{table.note}</p>}
        </div>
        <div className="program-panel-actions">
          {option && (
            <div className="segmented" role="group" aria-label={t('program.view.toggleLabel')}>
              <button type="button" aria-pressed={view === 'chart'} className={view === 'chart' ? 'active' : ''} onClick={() => setView('chart')} data-testid={`view-chart-${table.id}`}>
                {t('program.view.chart')}
              </button>
              <button type="button" aria-pressed={view === 'table'} className={view === 'table' ? 'active' : ''} onClick={() => setView('table')} data-testid={`view-table-${table.id}`}>
                {t('program.view.table')}
              </button>
            </div>
          )}
          <button type="button" className="btn btn-ghost btn-sm" onClick={download} title={t('program.csvTitle')} data-testid={`csv-${table.id}`}>
            ⤓ {t('program.csv')}
          </button>
        </div>
      </header>
      <div className="card-body">
        {view === 'chart' && option ? (
          data ? (
            <ProgramChart option={option} height={height} label={table.title} onItemClick={onItemClick} testId={`chart-${table.id}`} />
          ) : (
            <p className="program-empty" data-testid={`empty-${table.id}`}>
              {empty}
            </p>
          )
        ) : (
          <TableView table={table} locale={locale} onDrill={onDrill} />
        )}
      </div>
    </article>
  );
}

function TableView({ table, locale, onDrill }: { table: ReportTable; locale: 'ja' | 'en'; onDrill: OnDrill }) {
  const { t } = useTranslation();
  if (table.rows.length === 0) return <p className="program-empty">{t('program.empty.section')}</p>;
  return (
    <div className="table-scroll">
      <table className="table table-compact program-table" data-testid={`table-${table.id}`}>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={i} scope="col" className={c.kind === 'text' || c.kind === 'datetime' ? undefined : 'num'}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, ri) => (
            <tr key={ri} className={r.isTotal ? 'is-total' : undefined}>
              {r.cells.map((v, i) => {
                const col = table.columns[i]!;
                const text = formatCell(v, col.kind, locale);
                const ref = typeof v === 'number' ? cellDrill(r, col) : null;
                let content: ReactNode = text;
                if (ref) {
                  content = (
                    <button type="button" className="link-button" onClick={() => onDrill(ref, `${table.title} › ${String(r.cells[0])} › ${col.label}`)} data-testid="drill-cell">
                      {text}
                    </button>
                  );
                } else if (r.companyId && i === 1) {
                  content = <Link to={`/companies/${r.companyId}`}>{text}</Link>;
                }
                return i === 0 ? (
                  <th key={i} scope="row">
                    {content}
                  </th>
                ) : (
                  <td key={i} className={col.kind === 'datetime' ? 'nowrap' : col.kind === 'text' ? undefined : 'num'}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The companies behind a figure, each linking to its page. */
function DrillDialog({ drill, filters, onClose }: { drill: Drill; filters: Filters; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { what, ...ref } = drill;
  const q = useQuery({ queryKey: ['program-drill', filters, ref], queryFn: () => api.get<DrilldownDto>('/program/companies', { ...filters, ...ref }) });
  return (
    <Modal title={t('program.drill.title')} onClose={onClose} wide testId="program-drill">
      <p className="program-drill-what">
        {what}
        {ref.month ? ` › ${ref.month}` : ''}
      </p>
      {q.error && <ErrorAlert error={q.error} />}
      {q.isPending && <Loading />}
      {q.data &&
        (q.data.total === 0 ? (
          <p className="program-empty">{t('program.drill.empty')}</p>
        ) : (
          <>
            <p className="program-drill-total" data-testid="program-drill-total">
              {t('program.drill.total', { n: q.data.total })}
              {q.data.truncated && ` ${t('program.drill.truncated', { n: q.data.items.length })}`}
            </p>
            <div className="table-scroll">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t('companies.col.name')}</th>
                    <th scope="col">{t('companies.col.group')}</th>
                    <th scope="col">{t('companies.col.industry')}</th>
                    <th scope="col">{t('companies.col.status')}</th>
                    {q.data.items.some((i) => i.count !== null) && (
                      <th scope="col" className="num">
                        {t('program.drill.count')}
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {q.data.items.map((c) => (
                    <tr key={c.id} data-testid="program-drill-row" data-company-id={c.id}>
                      <td className="cell-strong">
                        <Link to={`/companies/${c.id}`}>{c.name}</Link>
                      </td>
                      <td>
                        <GroupBadge group={c.group} />
                      </td>
                      <td className="nowrap">{t(`codes.industry.${c.industry}`, { defaultValue: c.industry })}</td>
                      <td className="nowrap">
                        <StatusBadge status={c.status} />
                      </td>
                      {c.count !== null && <td className="num">{formatCell(c.count, 'int', i18n.language === 'en' ? 'en' : 'ja')}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ))}
    </Modal>
  );
}
