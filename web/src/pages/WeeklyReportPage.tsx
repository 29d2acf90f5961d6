import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, API_BASE } from '../api';
import { useCurrentUser } from '../auth';
import { Breadcrumb, Card, ErrorAlert, Loading, PageHeader, usePageTitle } from '../components/ui';

interface WeeklyReportDto {
  companyName: string;
  week: string;
  to: string;
  verdict: { needsAction: boolean; text: string };
  totals: Record<string, number>;
}

/** Mondays (JST) of the last `n` complete weeks, newest first. */
function recentMondays(n: number): string[] {
  const now = new Date(Date.now() + 9 * 3_600_000);
  const dow = (now.getUTCDay() + 6) % 7;
  const thisMonday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - dow);
  return Array.from({ length: n }, (_, i) => new Date(thisMonday - (i + 1) * 7 * 86_400_000).toISOString().slice(0, 10));
}

/**
 * A company's weekly report exactly as mailed (the server renders it; shown in a sandboxed frame),
 * with a week picker and the PDF.
 */
export function WeeklyReportPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const weeks = recentMondays(12);
  const week = params.get('week') ?? weeks[0]!;
  const locale = i18n.language === 'en' ? 'en' : 'ja';
  usePageTitle(t('weekly.title'));
  const report = useQuery({ queryKey: ['weekly', id, week, locale], queryFn: () => api.get<WeeklyReportDto>(`/companies/${id}/reports/weekly`, { week, locale }) });
  const q = `week=${week}&locale=${locale}`;
  return (
    <div className="page" data-testid="weekly-page">
      {me.companyId !== id && <Breadcrumb to={`/companies/${id}`} label={report.data?.companyName ?? t('nav.companies')} current={t('weekly.title')} />}
      <PageHeader title={t('weekly.title')} lead={t('weekly.lead')}>
        <a className="btn" href={`${API_BASE}/companies/${id}/reports/weekly.pdf?${q}`} target="_blank" rel="noreferrer" data-testid="weekly-pdf">
          {t('weekly.pdf')}
        </a>
      </PageHeader>
      <div className="toolbar">
        <label className="field-inline">
          <span>{t('weekly.week')}</span>
          <select className="input" value={week} onChange={(e) => setParams({ week: e.target.value })} data-testid="weekly-week">
            {weeks.map((w) => (
              <option key={w} value={w}>
                {t('weekly.weekOf', { date: w.replaceAll('-', '/') })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {report.isPending && <Loading />}
      <ErrorAlert error={report.error} />
      {report.data && (
        <Card testId="weekly-verdict">
          <p className={report.data.verdict.needsAction ? 'text-danger' : 'text-success'} style={{ fontWeight: 700, margin: 0 }}>
            {report.data.verdict.text}
          </p>
        </Card>
      )}
      <iframe
        title={t('weekly.title')}
        className="weekly-frame"
        sandbox="allow-same-origin"
        src={`${API_BASE}/companies/${id}/reports/weekly.html?${q}`}
        style={{ width: '100%', minHeight: '1800px', border: '1px solid var(--border, #dbe4f0)', borderRadius: 8, background: '#fff', marginTop: 16 }}
        data-testid="weekly-frame"
      />
      <p className="muted">
        <Link to={me.companyId === id ? '/support' : `/companies/${id}`}>{me.companyId === id ? t('weekly.ask') : t('weekly.back')}</Link>
      </p>
    </div>
  );
}
