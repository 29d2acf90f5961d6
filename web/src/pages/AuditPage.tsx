import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import { EmptyState, Notice, PageHeader, usePageTitle } from '../components/ui';
import { PagedTable, usePagedList } from '../components/tables';
import type { AuditItem } from '../types';
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
  const companyId = params.get('companyId') ?? '';
  usePageTitle(t('audit.title'));
  const list = usePagedList<AuditItem>(['audit', companyId], '/audit', { companyId }, PAGE_SIZE);

  return (
    <div className="page">
      <PageHeader title={t('audit.title')} lead={t('audit.lead')} />
      {companyId && (
        <Notice>
          {t('audit.filteredByCompany')}{' '}
          <button type="button" className="link-button" onClick={() => setParams(new URLSearchParams())}>
            {t('companies.clearFilters')}
          </button>
        </Notice>
      )}
      <PagedTable
        list={list}
        empty={<EmptyState title={t('audit.empty')} />}
        compact
        testId="audit-table"
        columns={[t('audit.col.at'), t('audit.col.action'), t('audit.col.actor'), t('audit.col.target'), t('audit.col.detail')]}
        row={(e) => (
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
        )}
      />
    </div>
  );
}
