import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { useReferenceCodes } from '../codes';
import { formatDateTime } from '../format';
import { EmptyState, ErrorAlert, Loading, Pagination, StatusBadge } from '../components/ui';
import { InviteModal } from './CompanyPage';
import type { CompanySummary, Paged, User } from '../types';

const PAGE_SIZE = 50;

export function UsersPage() {
  const { t } = useTranslation();
  const codes = useReferenceCodes();
  const [params, setParams] = useSearchParams();
  const role = params.get('role') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [inviting, setInviting] = useState(false);
  const [invited, setInvited] = useState<User | null>(null);

  useEffect(() => {
    document.title = `${t('users.title')} | ${t('app.serviceName')}`;
  }, [t]);

  const list = useQuery({
    queryKey: ['users', role, page],
    queryFn: () => api.get<Paged<User>>('/users', { role, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  // Company names for the company column and for inviting company users.
  const companies = useQuery({
    queryKey: ['companies', 'all-names'],
    queryFn: () => api.get<Paged<CompanySummary>>('/companies', { pageSize: 200, sort: 'name' }),
    staleTime: 60_000,
  });
  const companyName = new Map((companies.data?.items ?? []).map((c) => [c.id, c.name]));

  const setRole = (r: string) => {
    const next = new URLSearchParams();
    if (r) next.set('role', r);
    setParams(next);
  };

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('users.title')}</h1>
          <p className="page-lead">{t('users.lead')}</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setInviting(true)} data-testid="user-invite">
          ＋ {t('users.invite')}
        </button>
      </header>

      {invited && (
        <div className="alert alert-success" role="status" data-testid="invite-sent">
          <span className="alert-icon" aria-hidden="true">✓</span>
          <div>{t('users.invitedNotice', { email: invited.email })}</div>
        </div>
      )}

      <div className="filters card">
        <div className="filter-item">
          <label htmlFor="f-role">{t('users.filter.role')}</label>
          <select id="f-role" className="input select" value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">{t('common.all')}</option>
            <optgroup label={t('users.staffGroup')}>
              {codes.staffRoles.map((r) => (
                <option key={r} value={r}>
                  {t(`codes.role.${r}`, { defaultValue: r })}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('users.companyGroup')}>
              {codes.companyRoles.map((r) => (
                <option key={r} value={r}>
                  {t(`codes.role.${r}`, { defaultValue: r })}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
      </div>

      {list.error ? (
        <ErrorAlert error={list.error} />
      ) : list.isPending ? (
        <div className="card">
          <Loading />
        </div>
      ) : list.data.items.length === 0 ? (
        <div className="card">
          <EmptyState title={t('users.empty')} />
        </div>
      ) : (
        <div className={`card table-card ${list.isFetching ? 'is-fetching' : ''}`}>
          <div className="table-scroll">
            <table className="table" data-testid="user-table">
              <thead>
                <tr>
                  <th scope="col">{t('users.col.name')}</th>
                  <th scope="col">{t('users.col.email')}</th>
                  <th scope="col">{t('users.col.role')}</th>
                  <th scope="col">{t('users.company')}</th>
                  <th scope="col">{t('users.col.status')}</th>
                  <th scope="col">{t('users.col.totp')}</th>
                  <th scope="col">{t('users.col.lastLogin')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((u) => (
                  <tr key={u.id} data-testid="user-row">
                    <td className="cell-strong nowrap">{u.name}</td>
                    <td>{u.email}</td>
                    <td className="nowrap">{t(`codes.role.${u.role}`, { defaultValue: u.role })}</td>
                    <td>{u.companyId ? <Link to={`/companies/${u.companyId}`}>{companyName.get(u.companyId) ?? t('users.companyLink')}</Link> : <span className="muted">—</span>}</td>
                    <td>
                      <StatusBadge kind="user" status={u.status} />
                    </td>
                    <td>{u.totpEnabled ? <span className="badge badge-ok">{t('users.totpOn')}</span> : <span className="muted small">{t('users.totpOff')}</span>}</td>
                    <td className="nowrap">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : <span className="muted">{t('users.neverLoggedIn')}</span>}</td>
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

      {inviting && (
        <InviteModal
          title={t('users.inviteTitle')}
          roles={[...codes.staffRoles, ...codes.companyRoles]}
          endpoint="/users"
          invalidate={[['users']]}
          companyChoices={(companies.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          onClose={() => setInviting(false)}
          onInvited={(u) => setInvited(u)}
        />
      )}
    </div>
  );
}
