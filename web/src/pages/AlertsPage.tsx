import { useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { alertStatuses, categoryLabel, type AlertStatus } from '../codes';
import { formatDateTime, formatNumber } from '../format';
import { CompanyPicker } from '../components/fields';
import { HostCell, RemoteCell } from '../components/monitoring';
import { EmptyState, PageHeader, StatusBadge, Tabs, usePageTitle } from '../components/ui';
import { LinkRow, PagedTable, usePagedList } from '../components/tables';
import type { Alert } from '../types';

const PAGE_SIZE = 50;
/** The queue is live: new alerts show up within a few seconds. */
export const ALERT_REFRESH_MS = 3000;

/**
 * What changed since a view (status, company, page) was first shown: alerts that arrived since
 * (`fresh`) and alerts that were there but saw new activity (`updated`). Kept per view, so switching
 * tabs does not mark a whole tab new.
 */
function useChanges() {
  const baselines = useRef(new Map<string, Map<string, string>>());
  return (view: string, items: Alert[] | undefined, placeholder: boolean): { fresh: Set<string>; updated: Set<string> } => {
    const fresh = new Set<string>();
    const updated = new Set<string>();
    if (!items || placeholder) return { fresh, updated };
    const stamp = (a: Alert) => `${a.count}|${a.lastSeen}`;
    const base = baselines.current.get(view);
    if (!base) {
      baselines.current.set(view, new Map(items.map((a) => [a.id, stamp(a)])));
      return { fresh, updated };
    }
    for (const a of items) {
      const before = base.get(a.id);
      if (before === undefined) fresh.add(a.id);
      else if (before !== stamp(a)) updated.add(a.id);
    }
    return { fresh, updated };
  };
}

export function AlertsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status: AlertStatus = (alertStatuses as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as AlertStatus) : 'new';
  const companyId = params.get('companyId') ?? '';
  usePageTitle(t('alerts.title'));
  const list = usePagedList<Alert>(['alerts', status, companyId], '/alerts', { status, companyId }, PAGE_SIZE, { refetchInterval: ALERT_REFRESH_MS });
  const changes = useChanges();
  const { fresh, updated } = changes(`${status}|${companyId}|${list.page}`, list.query.data?.items, list.query.isPlaceholderData);

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v && !(k === 'status' && v === 'new')) next.set(k, v);
      else next.delete(k);
    }
    next.delete('page');
    setParams(next);
  };

  return (
    <div className="page">
      <PageHeader title={t('alerts.title')} lead={t('alerts.lead')}>
        <span className="live-indicator" data-testid="alerts-live" title={list.query.dataUpdatedAt ? formatDateTime(list.query.dataUpdatedAt) : undefined}>
          <span className="live-dot" aria-hidden="true" />
          {t('alerts.live')}
        </span>
      </PageHeader>

      <Tabs values={alertStatuses} value={status} onChange={(s) => update({ status: s })} label={t('alerts.tabsLabel')} labelOf={(s) => t(`alerts.status.${s}`)} count={list.query.data?.total} testIdPrefix="alert-tab-" />

      <div className="filters card">
        <CompanyPicker id="f-alert-company" label={t('alerts.filterCompany')} value={companyId} onChange={(id) => update({ companyId: id })} compact />
      </div>

      {(fresh.size > 0 || updated.size > 0) && (
        <p className="fresh-note" role="status" data-testid="alerts-fresh">
          {[fresh.size > 0 ? t('alerts.freshNote', { count: fresh.size }) : '', updated.size > 0 ? t('alerts.updatedNote', { count: updated.size }) : ''].filter(Boolean).join(' ')}
        </p>
      )}

      <PagedTable
        list={list}
        empty={
          <EmptyState title={t(`alerts.empty.${status}`)}>
            {status === 'new' && <p className="small">{t('alerts.emptyHelp')}</p>}
          </EmptyState>
        }
        testId="alert-table"
        columns={[
          t('alerts.col.category'),
          t('alerts.col.company'),
          t('alerts.col.host'),
          t('alerts.col.remote'),
          { label: t('alerts.col.count'), className: 'num' },
          t('alerts.col.firstSeen'),
          t('alerts.col.lastSeen'),
          t('alerts.col.status'),
        ]}
        row={(a) => (
          <LinkRow
            key={a.id}
            onOpen={() => navigate(`/alerts/${a.id}`)}
            className={fresh.has(a.id) ? 'row-fresh' : updated.has(a.id) ? 'row-updated' : undefined}
            data-testid="alert-row"
            data-alert-id={a.id}
            data-category={a.category}
            data-fresh={fresh.has(a.id) ? 'true' : undefined}
            data-updated={updated.has(a.id) ? 'true' : undefined}
          >
            <td className="cell-strong cell-category">
              {fresh.has(a.id) && <span className="badge badge-fresh">{t('alerts.freshBadge')}</span>}
              {updated.has(a.id) && <span className="badge badge-updated">{t('alerts.updatedBadge')}</span>}
              {categoryLabel(t, a.category)}
            </td>
            <td className="cell-company">{a.companyName ?? '—'}</td>
            <td className="cell-host">
              <HostCell alert={a} />
            </td>
            <td>
              <RemoteCell alert={a} />
            </td>
            <td className="num">{formatNumber(a.count)}</td>
            <td className="nowrap">{formatDateTime(a.firstSeen)}</td>
            <td className="nowrap">{formatDateTime(a.lastSeen)}</td>
            <td className="nowrap">
              <StatusBadge kind="alert" status={a.status} />
            </td>
          </LinkRow>
        )}
      />
    </div>
  );
}
