import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth';
import { codeOptions } from '../codes';
import { formatDateTime } from '../format';
import { dispatchStatuses, isResponder, type DispatchItem } from '../helpdesk';
import { DispatchStatusBadge, Icon, ReportDue, codeLabel } from '../components/helpdesk';
import { EmptyState, PageHeader, usePageTitle } from '../components/ui';
import { LinkRow, ListQuery, PagedTable, usePagedList } from '../components/tables';
import { Pagination } from '../components/ui';
import { Select } from './CasesPage';

/** The dispatch list: the back office sees every visit; a responder sees only their own, as cards for the phone. */
export function DispatchesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const mine = isResponder(me.role);
  const title = mine ? t('dispatches.mineTitle') : t('dispatches.title');
  usePageTitle(title);
  const list = usePagedList<DispatchItem>(['dispatches', status], '/dispatches', { status }, 50, { refetchInterval: 30_000 });
  const filter = (
    <div className="filters card">
      <Select
        id="f-dispatch-status"
        label={t('dispatches.filterStatus')}
        value={status}
        onChange={(v) => {
          const next = new URLSearchParams(params);
          if (v) next.set('status', v);
          else next.delete('status');
          next.delete('page');
          setParams(next);
        }}
        options={codeOptions(t, dispatchStatuses, 'dispatchCodes.status')}
      />
    </div>
  );

  if (mine) {
    return (
      <div className="page page-narrow responder-list" data-testid="dispatches-page">
        <PageHeader title={title} lead={t('dispatches.mineLead')} />
        {filter}
        <ListQuery query={list.query} empty={<EmptyState title={t('dispatches.mineEmpty')} />} boxed>
          {(data) => (
            <>
              <ul className="dispatch-cards">
                {data.items.map((d) => (
                  <li key={d.id}>
                    <Link to={`/dispatches/${d.id}`} className={`dispatch-card card ${d.priority === 'urgent' ? 'is-urgent' : ''}`} data-testid="dispatch-card" data-dispatch-id={d.id}>
                      <span className="dispatch-card-top">
                        <span className="mono small">{d.number}</span>
                        <DispatchStatusBadge status={d.status} />
                        {d.priority === 'urgent' && <span className="badge badge-danger">{t('dispatchCodes.priority.urgent')}</span>}
                      </span>
                      <span className="dispatch-card-company">{d.companyName ?? '—'}</span>
                      <span className="dispatch-card-line">
                        <Icon name="pin" /> {d.siteAddress}
                      </span>
                      <span className="dispatch-card-line">
                        <Icon name="clock" /> {d.visitAt ? formatDateTime(d.visitAt) : t('dispatch.notScheduled')}</span>
                      <span className="dispatch-card-line">{codeLabel(t, 'dispatchCodes.request', d.request)}</span>
                      {d.reportDueAt && <ReportDue dueAt={d.reportDueAt} sentAt={d.reportSentAt} />}
                    </Link>
                  </li>
                ))}
              </ul>
              <Pagination page={data.page || list.page} pageSize={data.pageSize || list.pageSize} total={data.total} onPage={list.setPage} />
            </>
          )}
        </ListQuery>
      </div>
    );
  }

  return (
    <div className="page" data-testid="dispatches-page">
      <PageHeader title={title} lead={t('dispatches.lead')} />
      {filter}
      <PagedTable
        list={list}
        empty={<EmptyState title={t('dispatches.empty')}>{<p className="small">{t('dispatches.emptyHelp')}</p>}</EmptyState>}
        testId="dispatch-table"
        columns={[t('dispatches.col.number'), t('dispatches.col.company'), t('dispatches.col.request'), t('dispatches.col.status'), t('dispatches.col.visit'), t('dispatches.col.responder'), t('dispatches.col.due')]}
        row={(d) => (
          <LinkRow key={d.id} onOpen={() => navigate(`/dispatches/${d.id}`)} data-testid="dispatch-row" data-dispatch-id={d.id} className={d.priority === 'urgent' && d.status !== 'reported' && d.status !== 'cancelled' ? 'row-alert' : undefined}>
            <td className="nowrap mono small">{d.number}</td>
            <td className="cell-company">
              <span className="cell-strong block">{d.companyName ?? '—'}</span>
              <span className="muted small block">{d.siteAddress}</span>
            </td>
            <td className="cell-request">
              {codeLabel(t, 'dispatchCodes.request', d.request)}
              {d.priority === 'urgent' && (
                <span className="block badge-line">
                  <span className="badge badge-danger">{t('dispatchCodes.priority.urgent')}</span>
                </span>
              )}
            </td>
            <td className="nowrap">
              <DispatchStatusBadge status={d.status} />
            </td>
            <td className="nowrap small">{d.visitAt ? formatDateTime(d.visitAt) : <span className="muted">{t('dispatch.notScheduled')}</span>}</td>
            <td className="nowrap">
              {d.responderName ?? <span className="muted">{t('dispatch.noResponder')}</span>}
              {d.officeName && <span className="muted small block">{d.officeName}</span>}
            </td>
            <td className="cell-due">{d.status === 'cancelled' ? '—' : <ReportDue dueAt={d.reportDueAt} sentAt={d.reportSentAt} />}</td>
          </LinkRow>
        )}
      />
    </div>
  );
}
