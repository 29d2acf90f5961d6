import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { canManageDevices, useCurrentUser } from '../auth';
import { formatNumber, formatPercent } from '../format';
import { DeviceName, LastSeen } from '../components/monitoring';
import { EmptyState, Notice, PageHeader, usePageTitle } from '../components/ui';
import { ListTable } from '../components/tables';
import { DeviceFormModal } from './DeviceFormModal';
import type { DeviceHealth } from '../types';

/** Lines per day move slowly; a minute is fresh enough. */
const HEALTH_REFRESH_MS = 60_000;

export function DevicesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [registering, setRegistering] = useState(false);
  usePageTitle(t('devices.title'));
  const q = useQuery({ queryKey: ['devices-health'], queryFn: () => api.get<DeviceHealth>('/devices/health'), refetchInterval: HEALTH_REFRESH_MS });
  const unassigned = q.data?.unassignedDevices ?? 0;
  const silent = (q.data?.items ?? []).filter((d) => d.isSilent).length;

  return (
    <div className="page">
      <PageHeader title={t('devices.title')} lead={t('devices.lead')}>
        {canManageDevices(me.role) && (
          <button type="button" className="btn btn-primary" onClick={() => setRegistering(true)} data-testid="device-register">
            ＋ {t('devices.register')}
          </button>
        )}
      </PageHeader>

      {unassigned > 0 && (
        <Notice kind="warning" testId="unassigned-banner">
          {t('devices.unassignedBanner', { count: unassigned, n: formatNumber(unassigned) })}{' '}
          <Link to="/devices/unassigned" className="banner-link" data-testid="unassigned-link">
            {t('devices.unassignedLink')}
          </Link>
        </Notice>
      )}
      {silent > 0 && (
        <Notice kind="error" role="status" testId="silent-banner">
          {t('devices.silentBanner', { count: silent, n: formatNumber(silent) })}
        </Notice>
      )}

      <ListTable
        query={q}
        empty={
          <EmptyState title={t('devices.empty')}>
            <p className="small">{t('devices.emptyHelp')}</p>
          </EmptyState>
        }
        testId="device-table"
        columns={[t('devices.col.company'), t('devices.col.device'), t('devices.col.lastSeen'), { label: t('devices.col.linesToday'), className: 'num' }, { label: t('devices.col.deadLetters'), className: 'num' }]}
        row={(d) => (
          <tr key={d.id} className={d.isSilent ? 'row-alert' : undefined} data-testid="device-row" data-device-id={d.id} data-silent={d.isSilent ? 'true' : undefined}>
            <td>{d.companyName ? <Link to={`/companies/${d.companyId}`}>{d.companyName}</Link> : '—'}</td>
            <td>
              <DeviceName vendor={d.vendor} identity={d.identity} name={d.name} />
            </td>
            <td className="nowrap">
              <LastSeen at={d.lastSeenAt} silent={d.isSilent} />
            </td>
            <td className="num">{formatNumber(d.linesToday)}</td>
            <td className="num" title={t('devices.deadLetterCounts', { dead: formatNumber(d.deadLetters7d), lines: formatNumber(d.lines7d) })}>
              <span className={d.deadLetterRate7d >= 0.01 ? 'text-warning' : undefined}>{d.lines7d > 0 ? formatPercent(d.deadLetterRate7d) : '—'}</span>
              {d.deadLetters7d > 0 && <span className="muted small block">{t('devices.deadLetterCounts', { dead: formatNumber(d.deadLetters7d), lines: formatNumber(d.lines7d) })}</span>}
            </td>
          </tr>
        )}
      />

      {registering && <DeviceFormModal onClose={() => setRegistering(false)} />}
    </div>
  );
}
