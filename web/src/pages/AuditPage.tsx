import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { formatDateTime } from '../format';
import { EmptyState, ErrorAlert, Loading, Pagination } from '../components/ui';
import type { AuditItem, Paged } from '../types';
import { describeDetail } from './CompanyPage';

const PAGE_SIZE = 100;

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'string') return detail;
  try {
    const s = JSON.stringify(detail);
    return s === '{}' ? '' : s.length > 160 ? `${s.slice(0, 157)}…` : s;
  } catch {
    return '';
  }
}

export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const companyId = params.get('companyId') ?? '';

  useEffect(() => {
    document.title = `${t('audit.title')} | ${t('app.serviceName')}`;
  }, [t]);

  const list = useQuery({
    queryKey: ['audit', page, companyId],
    queryFn: () => api.get<Paged<AuditItem>>('/audit', { page, pageSize: PAGE_SIZE, companyId }),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('audit.title')}</h1>
          <p className="page-lead">{t('audit.lead')}</p>
        </div>
      </header>
      {companyId && (
        <div className="alert alert-info">
          <span className="alert-icon" aria-hidden="true">i</span>
          <div>
            {t('audit.filteredByCompany')}{' '}
            <button type="button" className="link-button" onClick={() => setParams(new URLSearchParams())}>
              {t('companies.clearFilters')}
            </button>
          </div>
        </div>
      )}
      {list.error ? (
        <ErrorAlert error={list.error} />
      ) : list.isPending ? (
        <div className="card">
          <Loading />
        </div>
      ) : list.data.items.length === 0 ? (
        <div className="card">
          <EmptyState title={t('audit.empty')} />
        </div>
      ) : (
        <div className={`card table-card ${list.isFetching ? 'is-fetching' : ''}`}>
          <div className="table-scroll">
            <table className="table table-compact" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.col.at')}</th>
                  <th scope="col">{t('audit.col.action')}</th>
                  <th scope="col">{t('audit.col.actor')}</th>
                  <th scope="col">{t('audit.col.target')}</th>
                  <th scope="col">{t('audit.col.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((e) => (
                  <tr key={e.seq} data-testid="audit-row">
                    <td className="nowrap">{formatDateTime(e.at)}</td>
                    <td>
                      {t(`timeline.action.${e.action}`, { defaultValue: e.action })}
                      <span className="muted small block mono">{e.action}</span>
                    </td>
                    <td>
                      {e.actorEmail ?? <span className="muted">{t(`timeline.actor.${e.actorRole ?? 'system'}`, { defaultValue: e.actorRole ?? '—' })}</span>}
                      {e.actorRole && e.actorEmail && <span className="muted small block">{t(`codes.role.${e.actorRole}`, { defaultValue: e.actorRole })}</span>}
                    </td>
                    <td className="nowrap">
                      {e.companyId ? (
                        <Link to={`/companies/${e.companyId}`}>{e.targetType ? t(`audit.target.${e.targetType}`, { defaultValue: e.targetType }) : t('audit.target.company')}</Link>
                      ) : e.targetType ? (
                        t(`audit.target.${e.targetType}`, { defaultValue: e.targetType })
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="detail-cell">
                      {describeDetail(t, e.action, e.detail) && <span className="small block">{describeDetail(t, e.action, e.detail)}</span>}
                      <span className="mono small block muted">{detailText(e.detail)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={list.data.page || page}
            pageSize={list.data.pageSize || PAGE_SIZE}
            total={list.data.total}
            onPage={(p) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              setParams(next);
            }}
          />
        </div>
      )}
    </div>
  );
}
