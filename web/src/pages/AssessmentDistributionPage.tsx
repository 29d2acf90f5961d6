// Staff: how the companies' latest self-assessments are spread — counts per IPA band, the score histogram,
// the average score per group and the average of each CSF function per group (charts with their tables).
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { api } from '../api';
import { formatNumber } from '../format';
import { Card, EmptyState, ErrorAlert, Loading, PageHeader, Tabs, usePageTitle } from '../components/ui';
import { CHART_FONT, Chart } from '../components/charts';
import { BANDS, CSF_FUNCTIONS, GROUPS, type Distribution, type Group } from '../assessment';

const FILTERS = ['all', 'A', 'B', 'C'] as const;
type Filter = (typeof FILTERS)[number];
const BAND_COLORS = { perfect: '#1d7a46', mostly: '#2458b3', gaps: '#e08a1e', critical: '#c0362c' } as const;
const GROUP_COLORS: Record<Group, string> = { A: '#1d7a46', B: '#2458b3', C: '#e08a1e' };

export function AssessmentDistributionPage() {
  const { t } = useTranslation();
  usePageTitle(t('assessment.dist.title'));
  const [params, setParams] = useSearchParams();
  const raw = params.get('group');
  const filter: Filter = raw === 'A' || raw === 'B' || raw === 'C' ? raw : 'all';
  const q = useQuery({ queryKey: ['assessment-distribution', filter], queryFn: () => api.get<Distribution>('/assessment/distribution', filter === 'all' ? {} : { group: filter }) });
  const d = q.data;
  const groups = GROUPS.filter((g) => d?.byGroup[g] && (d.byGroup[g]!.n ?? 0) > 0);

  const bandOption = useMemo<EChartsOption | null>(() => {
    if (!d) return null;
    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT },
      tooltip: { trigger: 'item', confine: true },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#e5e9f0' } } },
      yAxis: { type: 'category', inverse: true, data: BANDS.map((b) => t(`assessment.band.${b}.short`)), axisTick: { show: false } },
      series: [{ type: 'bar', barMaxWidth: 26, label: { show: true, position: 'right' }, data: BANDS.map((b) => ({ value: d.bands[b] ?? 0, itemStyle: { color: BAND_COLORS[b] } })) }],
    };
  }, [d, t]);

  const histOption = useMemo<EChartsOption | null>(() => {
    if (!d?.histogram.length) return null;
    const hist = [...d.histogram].sort((a, b) => a.from - b.from);
    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT },
      tooltip: { trigger: 'axis', confine: true },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: hist.map((h) => (h.from < 0 ? `≤${h.to}` : h.from === h.to ? String(h.from) : `${h.from}–${h.to}`)), axisLabel: { fontSize: 11, rotate: hist.length > 8 ? 40 : 0 } },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#e5e9f0' } } },
      series: [{ type: 'bar', name: t('assessment.dist.companies'), barMaxWidth: 48, data: hist.map((h) => ({ value: h.n, itemStyle: { color: BAND_COLORS[h.to <= 49 ? 'critical' : h.to <= 69 ? 'gaps' : h.from >= 100 ? 'perfect' : 'mostly'] } })) }],
    };
  }, [d, t]);

  const fnOption = useMemo<EChartsOption | null>(() => {
    if (!d || groups.length === 0) return null;
    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT },
      tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => `${v}%` },
      legend: { top: 0, data: groups.map((g) => t('assessment.dist.groupN', { g })) },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: CSF_FUNCTIONS.map((f) => `${t(`assessment.fn.${f}.name`)}\n${f}`), axisLabel: { fontSize: 11, lineHeight: 14 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { lineStyle: { color: '#e5e9f0' } } },
      series: groups.map((g) => ({
        type: 'bar' as const,
        name: t('assessment.dist.groupN', { g }),
        barMaxWidth: 18,
        itemStyle: { color: GROUP_COLORS[g] },
        data: CSF_FUNCTIONS.map((f) => Math.round(d.byGroup[g]!.byFunction[f] ?? 0)),
      })),
    };
  }, [d, groups, t]);

  return (
    <div className="page" data-testid="assessment-distribution">
      <PageHeader title={t('assessment.dist.title')} lead={t('assessment.dist.lead')} />
      <Tabs values={FILTERS} value={filter} onChange={(v) => setParams(v === 'all' ? {} : { group: v })} label={t('assessment.dist.filter')} labelOf={(v) => (v === 'all' ? t('assessment.dist.all') : t('assessment.dist.groupN', { g: v }))} testIdPrefix="dist-filter-" />
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : d!.companies === 0 ? (
        <Card>
          <EmptyState title={t('assessment.dist.empty')} />
        </Card>
      ) : (
        <>
          <p className="dist-total" data-testid="dist-total">
            {t('assessment.dist.total', { n: formatNumber(d!.companies) })}
          </p>
          <div className="result-two">
            <Card title={t('assessment.dist.bandsTitle')} testId="dist-bands">
              {bandOption && <Chart option={bandOption} height={200} label={t('assessment.dist.bandsTitle')} testId="dist-bands-chart" />}
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t('assessment.dist.band')}</th>
                    <th scope="col" className="num">
                      {t('assessment.dist.companies')}
                    </th>
                    <th scope="col" className="num">
                      {t('assessment.dist.share')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {BANDS.map((b) => (
                    <tr key={b} data-testid="dist-band-row" data-band={b} data-n={d!.bands[b] ?? 0}>
                      <td>{t(`assessment.band.${b}.short`)}</td>
                      <td className="num">{formatNumber(d!.bands[b] ?? 0)}</td>
                      <td className="num">{d!.companies ? `${Math.round(((d!.bands[b] ?? 0) / d!.companies) * 100)}%` : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
            <Card title={t('assessment.dist.histTitle')} testId="dist-hist">
              {histOption ? <Chart option={histOption} height={240} label={t('assessment.dist.histTitle')} /> : <p className="muted">—</p>}
            </Card>
          </div>
          <Card title={t('assessment.dist.byGroupTitle')} testId="dist-groups">
            {fnOption && <Chart option={fnOption} height={300} label={t('assessment.dist.byGroupTitle')} testId="dist-fn-chart" />}
            <div className="table-scroll">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t('assessment.dist.group')}</th>
                    <th scope="col" className="num">
                      {t('assessment.dist.companies')}
                    </th>
                    <th scope="col" className="num">
                      {t('assessment.dist.avgScore')}
                    </th>
                    {CSF_FUNCTIONS.map((f) => (
                      <th key={f} scope="col" className="num" title={t(`assessment.fn.${f}.name`)}>
                        {f}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {GROUPS.filter((g) => d!.byGroup[g]).map((g) => {
                    const row = d!.byGroup[g]!;
                    return (
                      <tr key={g} data-testid="dist-group-row" data-group={g} data-avg={row.avgScore ?? ''}>
                        <td className="cell-strong">{t('assessment.dist.groupN', { g })}</td>
                        <td className="num">{formatNumber(row.n)}</td>
                        <td className="num">{row.avgScore === null || row.avgScore === undefined ? '—' : (Math.round(row.avgScore * 10) / 10).toFixed(1)}</td>
                        {CSF_FUNCTIONS.map((f) => (
                          <td key={f} className="num">
                            {row.byFunction[f] === undefined ? '—' : `${Math.round(row.byFunction[f]!)}%`}
                          </td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p className="small muted card-foot">{t('assessment.dist.fnNote')}</p>
          </Card>
        </>
      )}
    </div>
  );
}
