import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useReferenceCodes } from '../codes';
import { formatDateTime } from '../format';
import { EmptyState, Notice, PageHeader, StatusBadge, usePageTitle } from '../components/ui';
import { PagedTable, usePagedList } from '../components/tables';
import { InviteModal } from './CompanyPage';
import { useCompanyNames } from '../companies';
import type { User } from '../types';

const PAGE_SIZE = 50;

export function UsersPage() {
  const { t } = useTranslation();
  const codes = useReferenceCodes();
  const [params, setParams] = useSearchParams();
  const role = params.get('role') ?? '';
  const [inviting, setInviting] = useState(false);
  const [invited, setInvited] = useState<User | null>(null);
  usePageTitle(t('users.title'));

  const list = usePagedList<User>(['users', role], '/users', { role }, PAGE_SIZE);
  // Company names for the company column and for inviting company users.
  const { companies, nameOf: companyName } = useCompanyNames();

  const setRole = (r: string) => {
    const next = new URLSearchParams();
    if (r) next.set('role', r);
    setParams(next);
  };
  const roleGroups: [string, readonly string[]][] = [
    [t('users.staffGroup'), codes.staffRoles],
    [t('users.companyGroup'), codes.companyRoles],
  ];

  return (
    <div className="page">
      <PageHeader title={t('users.title')} lead={t('users.lead')}>
        <button type="button" className="btn btn-primary" onClick={() => setInviting(true)} data-testid="user-invite">
          ＋ {t('users.invite')}
        </button>
      </PageHeader>

      {invited && (
        <Notice kind="success" testId="invite-sent">
          {t('users.invitedNotice', { email: invited.email })}
        </Notice>
      )}

      <div className="filters card">
        <div className="filter-item">
          <label htmlFor="f-role">{t('users.filter.role')}</label>
          <select id="f-role" className="input select" value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {roleGroups.map(([label, roles]) => (
              <optgroup key={label} label={label}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`codes.role.${r}`, { defaultValue: r })}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
      </div>

      <PagedTable
        list={list}
        empty={<EmptyState title={t('users.empty')} />}
        testId="user-table"
        columns={[t('users.col.name'), t('users.col.email'), t('users.col.role'), t('users.company'), t('users.col.status'), t('users.col.totp'), t('users.col.lastLogin')]}
        row={(u) => (
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
        )}
      />

      {inviting && (
        <InviteModal
          title={t('users.inviteTitle')}
          roles={[...codes.staffRoles, ...codes.companyRoles]}
          endpoint="/users"
          invalidate={[['users']]}
          companyChoices={companies.map((c) => ({ value: c.id, label: c.name }))}
          onClose={() => setInviting(false)}
          onInvited={(u) => setInvited(u)}
        />
      )}
    </div>
  );
}
