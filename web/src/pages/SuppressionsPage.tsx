import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { canManageSuppressions, useCurrentUser } from '../auth';
import { categoryLabel } from '../codes';
import { useCompanyNames } from '../companies';
import { formatDate, formatDateTime } from '../format';
import { CompanyPicker } from '../components/fields';
import { ConfirmDialog, EmptyState, PageHeader, usePageTitle } from '../components/ui';
import { ListTable } from '../components/tables';
import type { Suppression } from '../types';

function ruleState(s: Suppression, now: number): 'active' | 'expired' | 'revoked' {
  if (s.revokedAt) return 'revoked';
  if (s.expiresAt && Date.parse(s.expiresAt) <= now) return 'expired';
  return 'active';
}

export function SuppressionsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const companyId = params.get('companyId') ?? '';
  const [showRevoked, setShowRevoked] = useState(false);
  const [revoking, setRevoking] = useState<Suppression | null>(null);
  const { nameOf } = useCompanyNames();
  usePageTitle(t('suppressions.title'));
  const q = useQuery({ queryKey: ['suppressions', companyId], queryFn: () => api.get<{ items: Suppression[] }>('/suppressions', { companyId }) });
  const revoke = useMutation({
    mutationFn: (s: Suppression) => api.del(`/suppressions/${s.id}`),
    onSuccess: async () => {
      setRevoking(null);
      await qc.invalidateQueries({ queryKey: ['suppressions'] });
    },
  });
  const canRevoke = canManageSuppressions(me.role);
  const now = Date.now();
  const hidden = (q.data?.items ?? []).filter((s) => s.revokedAt).length;

  return (
    <div className="page">
      <PageHeader title={t('suppressions.title')} lead={t('suppressions.lead')} />
      <div className="filters card">
        <CompanyPicker
          id="f-sup-company"
          label={t('suppressions.filterCompany')}
          value={companyId}
          onChange={(id) => setParams(id ? new URLSearchParams({ companyId: id }) : new URLSearchParams())}
          compact
        />
        {hidden > 0 && (
          <label className="switch small filter-switch" htmlFor="show-revoked">
            <input id="show-revoked" type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} />
            {t('suppressions.showRevoked', { count: hidden })}
          </label>
        )}
      </div>
      <ListTable
        query={q}
        empty={
          <EmptyState title={t('suppressions.empty')}>
            <p className="small">{t('suppressions.emptyHelp')}</p>
          </EmptyState>
        }
        filter={(s) => showRevoked || !s.revokedAt}
        testId="suppression-table"
        columns={[
          t('suppressions.col.company'),
          t('suppressions.col.category'),
          t('suppressions.col.target'),
          t('suppressions.col.reason'),
          t('suppressions.col.author'),
          t('suppressions.col.expires'),
          canRevoke && { label: <span className="sr-only">{t('common.actions')}</span>, className: 'actions-col' },
        ]}
        row={(s) => {
          const state = ruleState(s, now);
          return (
            <tr key={s.id} className={state === 'active' ? undefined : 'row-inactive'} data-testid="suppression-row" data-suppression-id={s.id} data-state={state}>
              <td>{s.companyId ? <Link to={`/companies/${s.companyId}`}>{nameOf.get(s.companyId) ?? t('suppressions.companyLink')}</Link> : <span className="badge badge-all">{t('suppressions.allCompanies')}</span>}</td>
              <td>{categoryLabel(t, s.category)}</td>
              <td className="small">
                <span className="block">
                  {t('suppressions.host')}：<span className="mono">{s.hostCidr ?? t('suppressions.any')}</span>
                </span>
                <span className="block">
                  {t('suppressions.remote')}：<span className="mono">{s.remoteCidr ?? t('suppressions.any')}</span>
                </span>
                {s.remoteOrg && (
                  <span className="block">
                    {t('suppressions.remoteOrg')}：{s.remoteOrg}
                  </span>
                )}
              </td>
              <td className="reason-cell">{s.reason}</td>
              <td>
                {s.authorEmail ?? '—'}
                <span className="muted small block">{formatDateTime(s.createdAt)}</span>
              </td>
              <td className="nowrap">
                {s.expiresAt ? formatDate(s.expiresAt) : t('suppress.noExpiry')}
                {state !== 'active' && <span className="badge badge-inactive block-badge">{t(`suppressions.state.${state}`)}</span>}
              </td>
              {canRevoke && (
                <td className="actions-col nowrap">
                  {state !== 'revoked' && (
                    <button type="button" className="btn btn-ghost btn-xs danger-text" onClick={() => setRevoking(s)} data-testid="suppression-revoke">
                      {t('suppressions.revoke')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          );
        }}
      />
      {revoking && (
        <ConfirmDialog
          title={t('suppressions.revokeTitle')}
          text={t('suppressions.revokeText', { category: categoryLabel(t, revoking.category), reason: revoking.reason })}
          confirmLabel={t('suppressions.revokeConfirm')}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate(revoking)}
          pending={revoke.isPending}
          error={revoke.error}
          testId="suppression-revoke-confirm"
        />
      )}
    </div>
  );
}
