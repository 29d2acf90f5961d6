import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { EmptyState, ErrorAlert, Loading, PageHeader, Pagination, usePageTitle } from '../components/ui';

interface SendRow {
  companyId: string;
  companyName: string | null;
  week: string;
  status: string;
  recipients: string[];
  attempts: number;
  error: string | null;
  sentAt: string | null;
  updatedAt: string;
}

const statuses = ['sent', 'bounced', 'failed', 'uncertain', 'no_recipient', 'sending'] as const;

/** Staff: how the weekly reports went out — sent, bounced, failed, or uncertain after a crash. */
export function WeeklySendsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const week = params.get('week') ?? '';
  const page = Number(params.get('page') ?? 1);
  usePageTitle(t('weeklySends.title'));
  const q = useQuery({ queryKey: ['weekly-sends', status, week, page], queryFn: () => api.get<{ items: SendRow[]; total: number; page: number; pageSize: number }>('/reports/weekly/sends', { status, week, page }) });
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };
  return (
    <div className="page" data-testid="weekly-sends-page">
      <PageHeader title={t('weeklySends.title')} lead={t('weeklySends.lead')} />
      <div className="filters card">
        <label className="field">
          <span className="label">{t('weeklySends.status')}</span>
          <select className="input" value={status} onChange={(e) => set('status', e.target.value)} data-testid="weekly-sends-status">
            <option value="">{t('common.all')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`weeklySends.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">{t('weeklySends.week')}</span>
          <input className="input" type="date" value={week} onChange={(e) => set('week', e.target.value)} />
        </label>
      </div>
      {q.isPending && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data && q.data.items.length === 0 && <EmptyState title={t('weeklySends.empty')}>{t('weeklySends.emptyHelp')}</EmptyState>}
      {q.data && q.data.items.length > 0 && (
        <div className="card table-card">
          <table className="table">
            <thead>
              <tr>
                <th>{t('weeklySends.company')}</th>
                <th>{t('weeklySends.week')}</th>
                <th>{t('weeklySends.status')}</th>
                <th>{t('weeklySends.recipients')}</th>
                <th>{t('weeklySends.when')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((r) => (
                <tr key={`${r.companyId}-${r.week}`} className={r.status === 'bounced' || r.status === 'failed' || r.status === 'uncertain' ? 'row-warn' : ''}>
                  <td>
                    <Link to={`/companies/${r.companyId}/weekly?week=${r.week}`}>{r.companyName ?? r.companyId}</Link>
                  </td>
                  <td>{r.week.replaceAll('-', '/')}</td>
                  <td>
                    <span className={`badge badge-${r.status}`}>{t(`weeklySends.statuses.${r.status}`)}</span>
                    {r.error && <div className="small muted">{r.error}</div>}
                  </td>
                  <td className="small">{r.recipients.join(', ') || '—'}</td>
                  <td className="small">{new Date(r.sentAt ?? r.updatedAt).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={q.data.page} pageSize={q.data.pageSize} total={q.data.total} onPage={(p) => set('page', String(p))} />
        </div>
      )}
    </div>
  );
}
