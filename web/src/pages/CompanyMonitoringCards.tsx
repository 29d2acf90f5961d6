// The company page's monitoring cards: its devices, its open alerts and what was detected in the
// last 30 days. Each card leaves itself out for a role the server does not let read it.
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { canManageDevices, canWorkAlerts, useCurrentUser } from '../auth';
import { categoryLabel } from '../codes';
import { formatDateTime, formatNumber, tokyoDay } from '../format';
import { DeviceName, LastSeen, hostText } from '../components/monitoring';
import { Card, EmptyState, ErrorAlert, Loading } from '../components/ui';
import { DataTable, ListQuery } from '../components/tables';
import { DeviceFormModal } from './DeviceFormModal';
import type { Alert, DetectionSummary, Device, Paged } from '../types';

const forbidden = (e: unknown) => e instanceof ApiError && (e.status === 403 || e.status === 404);

function useCompanyDevices(companyId: string) {
  return useQuery({ queryKey: ['company-devices', companyId], queryFn: () => api.get<{ items: Device[] }>(`/companies/${companyId}/devices`) });
}

export function DevicesCard({ companyId, companyName }: { companyId: string; companyName: string }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [registering, setRegistering] = useState(false);
  const q = useCompanyDevices(companyId);
  if (forbidden(q.error)) return null;
  return (
    <Card
      title={t('companyMonitoring.devices')}
      testId="company-devices"
      actions={
        canManageDevices(me.role) && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setRegistering(true)} data-testid="company-device-register">
            ＋ {t('devices.register')}
          </button>
        )
      }
    >
      <ListQuery query={q} empty={<p className="muted">{t('companyMonitoring.noDevices')}</p>}>
        {(data) => (
          <DataTable
            items={data.items}
            compact
            columns={[t('devices.col.device'), t('companyMonitoring.lan'), t('devices.col.lastSeen')]}
            row={(d) => (
              <tr key={d.id} data-testid="company-device-row" data-device-id={d.id}>
                <td>
                  <DeviceName vendor={d.vendor} identity={d.identity} name={d.name} />
                </td>
                <td className="mono small">{d.lanCidrs.length ? d.lanCidrs.join(', ') : '—'}</td>
                <td className="nowrap">
                  <LastSeen at={d.lastSeenAt} silent={false} />
                </td>
              </tr>
            )}
          />
        )}
      </ListQuery>
      {registering && <DeviceFormModal company={{ id: companyId, name: companyName }} onClose={() => setRegistering(false)} />}
    </Card>
  );
}

export function AlertsCard({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const q = useQuery({ queryKey: ['company-alerts', companyId], queryFn: () => api.get<Paged<Alert>>('/alerts', { companyId, status: 'new', pageSize: 10 }) });
  if (forbidden(q.error)) return null;
  const worker = canWorkAlerts(me.role);
  const total = q.data?.total ?? 0;
  return (
    <Card
      title={t('companyMonitoring.alerts')}
      testId="company-alerts"
      actions={
        worker && (
          <Link to={`/alerts?companyId=${encodeURIComponent(companyId)}`} className="small">
            {t('companyMonitoring.allAlerts')}
          </Link>
        )
      }
    >
      <ListQuery query={q} empty={<p className="muted">{t('companyMonitoring.noAlerts')}</p>}>
        {(data) => (
          <>
            <ul className="mini-list">
              {data.items.map((a) => {
                const body = (
                  <>
                    <span className="mini-title">{categoryLabel(t, a.category)}</span>
                    <span className="mini-meta">
                      <span className="mono">{hostText(a) || '—'}</span>
                    </span>
                    <span className="mini-meta">
                      {t('alerts.countTimes', { n: formatNumber(a.count), count: a.count })}
                      {' ・ '}
                      {formatDateTime(a.lastSeen)}
                    </span>
                  </>
                );
                return (
                  <li key={a.id} data-testid="company-alert-row" data-alert-id={a.id} data-category={a.category}>
                    {worker ? (
                      <Link to={`/alerts/${a.id}`} className="mini-item">
                        {body}
                      </Link>
                    ) : (
                      <div className="mini-item">{body}</div>
                    )}
                  </li>
                );
              })}
            </ul>
            {total > data.items.length && <p className="small muted card-foot">{t('companyMonitoring.moreAlerts', { n: formatNumber(total - data.items.length) })}</p>}
          </>
        )}
      </ListQuery>
    </Card>
  );
}

const DAYS = 30;

export function DetectionsCard({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const from = tokyoDay(-(DAYS - 1));
  const to = tokyoDay(0);
  const q = useQuery({ queryKey: ['company-detections', companyId, from, to], queryFn: () => api.get<DetectionSummary>(`/companies/${companyId}/detections/summary`, { from, to }) });
  const devices = useCompanyDevices(companyId);
  if (forbidden(q.error)) return null;
  const rows = Object.entries(q.data?.categories ?? {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const max = rows[0]?.[1] ?? 0;
  const receiving = (devices.data?.items ?? []).some((d) => d.lastSeenAt);
  return (
    <Card
      title={t('companyMonitoring.detections', { days: DAYS })}
      testId="company-detections"
      actions={
        <Link to={`/companies/${companyId}/weekly`} className="btn btn-sm" data-testid="company-weekly-link">
          {t('nav.weeklyReport')}
        </Link>
      }
    >
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : rows.length === 0 ? (
        <EmptyState title={receiving ? t('companyMonitoring.noDetections') : t('companyMonitoring.noLogs')}>
          <p className="small">{receiving ? t('companyMonitoring.noDetectionsHelp') : t('companyMonitoring.noLogsHelp')}</p>
        </EmptyState>
      ) : (
        <>
          <ul className="bar-list">
            {rows.map(([category, n]) => (
              <li key={category} data-testid="detection-row" data-category={category} data-count={n}>
                <div className="bar-label">
                  <span>{categoryLabel(t, category)}</span>
                  <span className="bar-count">{t('companyMonitoring.count', { n: formatNumber(n), count: n })}</span>
                </div>
                <div className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${Math.max(2, Math.round((n / max) * 100))}%` }} />
                </div>
              </li>
            ))}
          </ul>
          <p className="small muted card-foot">{t('companyMonitoring.detectionsNote', { from: from.replace(/-/g, '/'), to: to.replace(/-/g, '/') })}</p>
        </>
      )}
    </Card>
  );
}
