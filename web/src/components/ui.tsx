import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../api';
import { formatNumber } from '../format';

export function errorText(t: (k: string, o?: Record<string, unknown>) => string, e: unknown): string {
  if (isApiError(e)) {
    return t(`errors.${e.code}`, { defaultValue: e.message || t('errors.internal') });
  }
  return t('errors.internal');
}

export function ErrorAlert({ error, children }: { error?: unknown; children?: ReactNode }) {
  const { t } = useTranslation();
  if (!error && !children) return null;
  return (
    <Notice kind="error" testId="error-alert">
      {children ?? errorText(t, error)}
      {isApiError(error) && error.code === 'totp_enrolment_required' && (
        <>
          {' '}
          <Link to="/settings/2fa" className="banner-link">
            {t('totp.bannerLink')}
          </Link>
        </>
      )}
    </Notice>
  );
}

/** A form's server error, unless it only names fields (those messages stand at the fields themselves). */
export function FormError({ error }: { error: unknown }) {
  if (error == null || (isApiError(error) && error.fields.length > 0)) return null;
  return <ErrorAlert error={error} />;
}

const NOTICE_ICON = { info: 'i', success: '✓', warning: '!', error: '!' } as const;

/** An alert box. Success notices are announced politely (role=status), errors at once (role=alert); `role` overrides. */
export function Notice({
  kind = 'info',
  role,
  className,
  children,
  testId,
}: {
  kind?: keyof typeof NOTICE_ICON;
  role?: 'alert' | 'status';
  className?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`alert alert-${kind}${className ? ` ${className}` : ''}`} role={role ?? (kind === 'success' ? 'status' : kind === 'error' ? 'alert' : undefined)} data-testid={testId}>
      <span className="alert-icon" aria-hidden="true">
        {NOTICE_ICON[kind]}
      </span>
      <div>{children}</div>
    </div>
  );
}

/** Sets the browser tab title to `<title> | <service name>`. */
export function usePageTitle(title: string) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} | ${t('app.serviceName')}`;
  }, [t, title]);
}

/** "List › this item": a link back to the list page, then the current page's name when known. */
export function Breadcrumb({ to, label, current }: { to: string; label: string; current?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <nav className="breadcrumb" aria-label={t('common.breadcrumb')}>
      <Link to={to}>{label}</Link>
      {current && (
        <>
          <span aria-hidden="true">›</span>
          <span aria-current="page">{current}</span>
        </>
      )}
    </nav>
  );
}

/** The heading of a staff page: title and lead on the left, `children` (actions) on the right. */
export function PageHeader({ title, lead, children }: { title: string; lead: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 className="page-title">{title}</h1>
        <p className="page-lead">{lead}</p>
      </div>
      {children}
    </header>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty" data-testid="empty-state">
      <div className="empty-icon" aria-hidden="true">
        <svg viewBox="0 0 48 48" width="48" height="48">
          <rect x="8" y="10" width="32" height="28" rx="4" fill="none" stroke="currentColor" strokeWidth="2.5" />
          <path d="M8 20h32" stroke="currentColor" strokeWidth="2.5" />
          <circle cx="24" cy="29" r="3" fill="currentColor" />
        </svg>
      </div>
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

const STATUS_LABELS = { company: 'codes.status', application: 'codes.applicationStatus', user: 'users.status', alert: 'alerts.status' } as const;

export function StatusBadge({ status, kind = 'company' }: { status: string; kind?: keyof typeof STATUS_LABELS }) {
  const { t } = useTranslation();
  const key = `${STATUS_LABELS[kind]}.${status}`;
  return (
    <span className={`badge badge-${kind}-${status}`} data-testid="status-badge" data-status={status}>
      {t(key, { defaultValue: status })}
    </span>
  );
}

/** A row of tabs choosing one of `values` (e.g. a status filter); the active one may show a count. */
export function Tabs<V extends string>({ values, value, onChange, label, labelOf, count, testIdPrefix }: { values: readonly V[]; value: V; onChange: (v: V) => void; label: string; labelOf: (v: V) => string; count?: number | undefined; testIdPrefix: string }) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {values.map((v) => (
        <button key={v} type="button" role="tab" aria-selected={value === v} className={`tab ${value === v ? 'active' : ''}`} onClick={() => onChange(v)} data-testid={`${testIdPrefix}${v}`}>
          {labelOf(v)}
          {value === v && count !== undefined && <span className="tab-count">{formatNumber(count)}</span>}
        </button>
      ))}
    </div>
  );
}

export function GroupBadge({ group }: { group: string | null | undefined }) {
  const { t } = useTranslation();
  if (!group) return <span className="muted" data-testid="group-badge" data-group="">{t('companies.groupUnset')}</span>;
  return (
    <span className={`group-badge group-${group}`} data-testid="group-badge" data-group={group} title={t(`codes.group.${group}`)}>
      {group}
    </span>
  );
}

export function Card({ title, actions, children, className, testId }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  const id = useId();
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={title ? id : undefined} data-testid={testId}>
      {(title || actions) && (
        <header className="card-header">
          {title && <h2 id={id} className="card-title">{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      <div className="card-body">{children}</div>
    </section>
  );
}

export function Modal({ title, onClose, children, footer, wide, testId }: { title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; wide?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  // The latest onClose, so that a parent re-rendering (a list refreshing behind the dialog) does not move the focus back to the first field.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.modal-close)');
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
    };
    document.addEventListener('keydown', onKey);
    document.body.classList.add('modal-open');
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.classList.remove('modal-open');
      prev?.focus?.();
    };
  }, []);
  return createPortal(
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`modal ${wide ? 'modal-wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={id} ref={ref} data-testid={testId}>
        <header className="modal-header">
          <h2 id={id}>{title}</h2>
          <button type="button" className="modal-close" onClick={onClose} aria-label={t('common.close')}>
            ×
          </button>
        </header>
        <div className="modal-body">{children}</div>
        {footer && <footer className="modal-footer">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}

/** A dialog footer: Cancel, then the confirming button — the submit button of `form` when given, else a button calling `onConfirm`. */
export function DialogButtons({
  onCancel,
  label,
  form,
  onConfirm,
  danger,
  disabled,
  testId,
}: {
  onCancel: () => void;
  label: string;
  form?: string;
  onConfirm?: () => void;
  danger?: boolean;
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" className="btn btn-ghost" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type={form ? 'submit' : 'button'} form={form} className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} onClick={onConfirm} disabled={disabled} data-testid={testId}>
        {label}
      </button>
    </>
  );
}

/** Asks before a destructive step: the text, then Cancel and a red confirming button; the step's error shows above the text. */
export function ConfirmDialog({ title, text, confirmLabel, onCancel, onConfirm, pending, error, testId }: { title: string; text: string; confirmLabel: string; onCancel: () => void; onConfirm: () => void; pending: boolean; error: unknown; testId: string }) {
  return (
    <Modal title={title} onClose={onCancel} footer={<DialogButtons onCancel={onCancel} onConfirm={onConfirm} danger label={confirmLabel} disabled={pending} testId={testId} />}>
      {error != null && <ErrorAlert error={error} />}
      <p>{text}</p>
    </Modal>
  );
}

export function Pagination({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const nums: (number | '…')[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) nums.push(p);
    else if (nums[nums.length - 1] !== '…') nums.push('…');
  }
  return (
    <nav className="pagination" aria-label={t('common.pagination')} data-testid="pagination">
      <span className="pagination-info" data-testid="pagination-info">
        {t('common.rangeOfTotal', { total, from, to })}
      </span>
      <div className="pagination-buttons">
        <button type="button" className="btn btn-ghost btn-sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          {t('common.prev')}
        </button>
        {nums.map((n, i) =>
          n === '…' ? (
            <span key={`gap${i}`} className="pagination-gap" aria-hidden="true">
              …
            </span>
          ) : (
            <button
              key={n}
              type="button"
              className={`btn btn-sm ${n === page ? 'btn-primary' : 'btn-ghost'}`}
              aria-current={n === page ? 'page' : undefined}
              aria-label={t('common.pageN', { n })}
              onClick={() => onPage(n)}
            >
              {n}
            </button>
          ),
        )}
        <button type="button" className="btn btn-ghost btn-sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          {t('common.next')}
        </button>
      </div>
    </nav>
  );
}

/** A definition list row used on detail cards. */
export function Dl({ items }: { items: [ReactNode, ReactNode, string?][] }) {
  return (
    <dl className="dl">
      {items.map(([k, v, testId], i) => (
        <div className="dl-row" key={i} data-testid={testId}>
          <dt>{k}</dt>
          <dd>{v === null || v === undefined || v === '' ? <span className="muted">—</span> : v}</dd>
        </div>
      ))}
    </dl>
  );
}
