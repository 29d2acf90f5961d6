// Small pieces the monitoring pages share: how an internal host, a remote party and an alert are
// put into words. Everything here is log-derived text and is rendered as React text only.
import { useTranslation } from 'react-i18next';
import { categoryKey, categoryLabel, vendorLabel } from '../codes';
import { formatDateTime, formatRelative } from '../format';
import type { Alert } from '../types';

type T = (k: string, o?: Record<string, unknown>) => string;

/** A MAC whose "locally administered" bit is set: phones and laptops randomise these on Wi-Fi, so there is no vendor. */
export function isRandomMac(mac: string | null | undefined): boolean {
  const first = mac?.replace(/[^0-9a-f]/gi, '').slice(0, 2);
  return !!first && first.length === 2 && (parseInt(first, 16) & 0x02) !== 0;
}

/** "192.168.1.45 · Apple, Inc. · iPhone" (what is known of the internal host). */
export function hostText(a: Pick<Alert, 'hostIp' | 'hostVendor' | 'hostName'>): string {
  return [a.hostIp, a.hostVendor, a.hostName].filter(Boolean).join(' · ');
}

/** "192.168.1.45（Apple, Inc.）" for sentences; the device name when there is no IP (silent device). */
function hostPhrase(t: T, a: Alert): string {
  const about = [a.hostVendor, a.hostIp ? a.hostName : null].filter(Boolean).join(' / ');
  const main = a.hostIp ?? a.hostName ?? t('alerts.unknownHost');
  return about ? t('alerts.hostWithAbout', { host: main, about }) : main;
}

function remotePhrase(t: T, a: Alert): string {
  if (!a.remoteIp) return t('alerts.unknownRemote');
  return a.remoteOrg ? t('alerts.hostWithAbout', { host: a.remoteIp, about: a.remoteOrg }) : a.remoteIp;
}

/** The plain-language sentence heading an alert ("社内の端末 192.168.1.45（Apple, Inc.）が…"). */
export function alertHeadline(t: T, a: Alert): string {
  return t(`alerts.headline.${categoryKey(a.category)}`, {
    host: hostPhrase(t, a),
    remote: remotePhrase(t, a),
    lastSeen: formatDateTime(a.lastSeen),
    category: categoryLabel(t, a.category),
    defaultValue: t('alerts.headline.other', { host: hostPhrase(t, a), remote: remotePhrase(t, a), category: categoryLabel(t, a.category) }),
  });
}

/** The internal host in a table cell: IP first, then vendor and host name. */
export function HostCell({ alert }: { alert: Pick<Alert, 'hostIp' | 'hostVendor' | 'hostName' | 'hostMac'> }) {
  const { t } = useTranslation();
  const rest = [alert.hostVendor ?? (isRandomMac(alert.hostMac) ? t('alerts.randomMacShort') : null), alert.hostIp ? alert.hostName : null].filter(Boolean).join(' · ');
  return (
    <>
      <span className="mono">{alert.hostIp ?? alert.hostName ?? '—'}</span>
      {rest && <span className="muted small block">{rest}</span>}
    </>
  );
}

/** The remote party in a table cell. */
export function RemoteCell({ alert }: { alert: Pick<Alert, 'remoteIp' | 'remoteOrg'> }) {
  if (!alert.remoteIp) return <span className="muted">—</span>;
  return (
    <>
      <span className="mono">{alert.remoteIp}</span>
      {alert.remoteOrg && <span className="muted small block">{alert.remoteOrg}</span>}
    </>
  );
}

/** When a device last sent: relative and absolute; red when it has gone silent, grey when it never sent. */
export function LastSeen({ at, silent }: { at: string | null; silent: boolean }) {
  const { t } = useTranslation();
  if (!at) return <span className="muted" data-testid="last-seen" data-state="never">{t('devices.neverSeen')}</span>;
  return (
    <span className={silent ? 'text-danger' : undefined} data-testid="last-seen" data-state={silent ? 'silent' : 'ok'}>
      {silent && <span className="badge badge-danger">{t('devices.silent')}</span>} {formatRelative(at)}
      <span className={`small block ${silent ? '' : 'muted'}`}>{formatDateTime(at)}</span>
    </span>
  );
}

/** "SonicWall ・ 0017C5AA0001" and the name people use for it. */
export function DeviceName({ vendor, identity, name }: { vendor: string; identity: string; name: string | null }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="cell-strong block">{name ?? <span className="mono">{identity}</span>}</span>
      <span className="muted small block">
        {vendorLabel(t, vendor)}
        {name && (
          <>
            {' ・ '}
            <span className="mono">{identity}</span>
          </>
        )}
      </span>
    </>
  );
}
