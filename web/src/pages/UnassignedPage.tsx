import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { canManageDevices, useCurrentUser } from '../auth';
import { vendorLabel } from '../codes';
import { formatDateTime, formatNumber } from '../format';
import { Breadcrumb, EmptyState, PageHeader, usePageTitle } from '../components/ui';
import { ListTable } from '../components/tables';
import { DeviceFormModal } from './DeviceFormModal';
import type { UnassignedDevice } from '../types';

/** Devices that send lines nobody registered: their lines wait here until the device is assigned to a company. */
export function UnassignedPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [assigning, setAssigning] = useState<UnassignedDevice | null>(null);
  usePageTitle(t('unassigned.title'));
  const q = useQuery({ queryKey: ['unassigned'], queryFn: () => api.get<{ items: UnassignedDevice[] }>('/unassigned'), refetchInterval: 15_000 });
  const canAssign = canManageDevices(me.role);

  return (
    <div className="page">
      <Breadcrumb to="/devices" label={t('nav.devices')} current={t('unassigned.title')} />
      <PageHeader title={t('unassigned.title')} lead={t('unassigned.lead')} />
      <ListTable
        query={q}
        empty={<EmptyState title={t('unassigned.empty')} />}
        testId="unassigned-table"
        columns={[
          t('unassigned.col.deviceKey'),
          t('unassigned.col.vendor'),
          t('unassigned.col.sender'),
          { label: t('unassigned.col.lines'), className: 'num' },
          t('unassigned.col.seen'),
          t('unassigned.col.sample'),
          canAssign && { label: <span className="sr-only">{t('common.actions')}</span>, className: 'actions-col' },
        ]}
        row={(u) => (
          <tr key={u.deviceKey} data-testid="unassigned-row" data-device-key={u.deviceKey}>
            <td className="mono cell-strong nowrap">{u.deviceKey}</td>
            <td className="nowrap">{u.vendor ? vendorLabel(t, u.vendor) : <span className="muted">{t('devices.vendorUnknown')}</span>}</td>
            <td className="mono nowrap">{u.sender}</td>
            <td className="num">{formatNumber(u.lines)}</td>
            <td className="nowrap small">
              <span className="block">
                {t('unassigned.first')}：{formatDateTime(u.firstSeen)}
              </span>
              <span className="block">
                {t('unassigned.last')}：{formatDateTime(u.lastSeen)}
              </span>
            </td>
            <td className="sample-cell">
              <code className="raw-inline">{u.sample}</code>
            </td>
            {canAssign && (
              <td className="actions-col nowrap">
                <button type="button" className="btn btn-secondary btn-sm" onClick={() => setAssigning(u)} data-testid="unassigned-assign">
                  {t('unassigned.assign')}
                </button>
              </td>
            )}
          </tr>
        )}
      />
      {assigning && <DeviceFormModal deviceKey={assigning.deviceKey} vendorGuess={assigning.vendor} onClose={() => setAssigning(null)} />}
    </div>
  );
}
