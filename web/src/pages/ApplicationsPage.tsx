import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { applicationStatuses } from '../codes';
import { formatDateTime, formatNumber } from '../format';
import { TextArea } from '../components/fields';
import { DialogButtons, Dl, EmptyState, ErrorAlert, Loading, Modal, Notice, PageHeader, StatusBadge, Tabs, usePageTitle } from '../components/ui';
import { LinkRow, PagedTable, usePagedList } from '../components/tables';
import type { Application, ApplicationStatus, Company } from '../types';

const PAGE_SIZE = 50;
const TABS = applicationStatuses;

export function ApplicationsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const status = (TABS as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as ApplicationStatus) : 'pending';
  usePageTitle(t('applications.title'));
  const list = usePagedList<Application>(['applications', status], '/applications', { status }, PAGE_SIZE);

  const setTab = (s: ApplicationStatus) => {
    const next = new URLSearchParams();
    if (s !== 'pending') next.set('status', s);
    navigate({ pathname: '/applications', search: next.toString() });
  };
  const openApp = (appId: string) => navigate({ pathname: `/applications/${appId}`, search: params.toString() });
  const closeDrawer = () => navigate({ pathname: '/applications', search: params.toString() });

  return (
    <div className="page">
      <PageHeader title={t('applications.title')} lead={t('applications.lead')}>
        <Link to="/applications/qr" className="btn btn-secondary" data-testid="form-qr-button">
          {t('applications.qrButton')}
        </Link>
      </PageHeader>

      <Tabs values={TABS} value={status} onChange={setTab} label={t('applications.tabsLabel')} labelOf={(s) => t(`codes.applicationStatus.${s}`)} count={list.query.data?.total} testIdPrefix="app-tab-" />

      <PagedTable
        list={list}
        empty={<EmptyState title={t(`applications.empty.${status}`)}>{status === 'pending' && <p className="small">{t('applications.emptyHelp')}</p>}</EmptyState>}
        testId="app-table"
        columns={[
          t('applications.col.createdAt'),
          t('applications.col.company'),
          t('applications.col.industry'),
          t('applications.col.employees'),
          t('applications.col.contact'),
          t('applications.col.referral'),
          t('applications.col.status'),
        ]}
        row={(a) => (
          <LinkRow key={a.id} selected={a.id === id} onOpen={() => openApp(a.id)} data-testid="app-row" data-application-id={a.id}>
            <td className="nowrap">{formatDateTime(a.createdAt)}</td>
            <td className="cell-strong">{a.companyName}</td>
            <td className="nowrap">{t(`codes.industry.${a.industry}`, { defaultValue: a.industry })}</td>
            <td className="nowrap">{t(`codes.employees.${a.employeesBand}`, { defaultValue: a.employeesBand })}</td>
            <td>
              {a.contactName}
              <span className="muted small block">{a.email}</span>
            </td>
            <td className="nowrap">{t(`codes.referral.${a.referralRoute}`, { defaultValue: a.referralRoute })}</td>
            <td className="nowrap">
              <StatusBadge kind="application" status={a.status} />
            </td>
          </LinkRow>
        )}
      />

      {id && <ApplicationDrawer id={id} onClose={closeDrawer} />}
    </div>
  );
}

function ApplicationDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<'accept' | 'reject' | null>(null);
  const [acceptedCompany, setAcceptedCompany] = useState<Company | null>(null);
  const app = useQuery({ queryKey: ['application', id], queryFn: () => api.get<Application>(`/applications/${id}`) });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !dialog) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [dialog, onClose]);

  const refresh = async (a: Application) => {
    qc.setQueryData(['application', id], a);
    await qc.invalidateQueries({ queryKey: ['applications'] });
    await qc.invalidateQueries({ queryKey: ['companies'] });
  };

  const a = app.data;
  return createPortal(
    <>
      <div className="drawer-backdrop" onClick={onClose} />
      <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby="drawer-title" data-testid="app-detail">
        <header className="drawer-header">
          <h2 id="drawer-title">{a ? a.companyName : t('applications.detail')}</h2>
          <button type="button" className="modal-close" onClick={onClose} aria-label={t('common.close')}>
            ×
          </button>
        </header>
        <div className="drawer-body">
          {app.isPending ? (
            <Loading />
          ) : app.error ? (
            <ErrorAlert error={app.error} />
          ) : (
            a && (
              <>
                {acceptedCompany && (
                  <Notice kind="success" testId="accept-result">
                    <p className="alert-title">{t('applications.acceptedNotice')}</p>
                    <p>{t('applications.acceptedHelp', { email: a.email })}</p>
                    <Link to={`/companies/${acceptedCompany.id}`} className="btn btn-primary btn-sm" data-testid="accepted-company-link">
                      {t('applications.openCompany', { name: acceptedCompany.name })}
                    </Link>
                  </Notice>
                )}
                <div className="drawer-status">
                  <StatusBadge kind="application" status={a.status} />
                  <span className="muted small">
                    {t('applications.reference')}：<span data-testid="app-reference">{a.id}</span>
                  </span>
                </div>
                <h3 className="section-title">{t('apply.sections.company')}</h3>
                <Dl
                  items={[
                    [t('apply.fields.companyName'), a.companyName],
                    [t('apply.fields.industry'), t(`codes.industry.${a.industry}`, { defaultValue: a.industry })],
                    [t('apply.fields.employeesBand'), t(`codes.employees.${a.employeesBand}`, { defaultValue: a.employeesBand })],
                    [t('apply.fields.pcCount'), formatNumber(a.pcCount)],
                    [t('apply.fields.sites'), formatNumber(a.sites)],
                    [t('apply.fields.address'), a.address],
                  ]}
                />
                <h3 className="section-title">{t('apply.sections.contact')}</h3>
                <Dl
                  items={[
                    [t('apply.fields.contactName'), a.contactName],
                    [t('apply.fields.contactTitle'), a.contactTitle],
                    [t('apply.fields.phone'), <a key="p" href={`tel:${a.phone}`}>{a.phone}</a>],
                    [t('apply.fields.email'), <a key="e" href={`mailto:${a.email}`}>{a.email}</a>],
                  ]}
                />
                <h3 className="section-title">{t('apply.sections.referral')}</h3>
                <Dl
                  items={[
                    [t('apply.fields.referralRoute'), t(`codes.referral.${a.referralRoute}`, { defaultValue: a.referralRoute })],
                    [t('apply.fields.referralNote'), a.referralNote],
                    [t('applications.col.createdAt'), formatDateTime(a.createdAt)],
                  ]}
                />
                {a.status !== 'pending' && (
                  <>
                    <h3 className="section-title">{t('applications.decision')}</h3>
                    <Dl
                      items={[
                        [t('applications.decidedAt'), formatDateTime(a.decidedAt)],
                        [a.status === 'rejected' ? t('applications.rejectReason') : t('applications.decisionNote'), a.decisionNote],
                        [t('applications.company'), a.companyId ? <Link key="c" to={`/companies/${a.companyId}`} data-testid="app-company-link">{t('applications.openCompanyShort')}</Link> : null],
                      ]}
                    />
                  </>
                )}
              </>
            )
          )}
        </div>
        {a && a.status === 'pending' && (
          <footer className="drawer-footer">
            <button type="button" className="btn btn-danger-outline" onClick={() => setDialog('reject')} data-testid="reject-button">
              {t('applications.reject')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => setDialog('accept')} data-testid="accept-button">
              {t('applications.accept')}
            </button>
          </footer>
        )}
      </aside>
      {dialog && a && (
        <DecisionDialog
          app={a}
          kind={dialog}
          onClose={() => setDialog(null)}
          onDone={async (res) => {
            setDialog(null);
            if (res.company) setAcceptedCompany(res.company);
            await refresh(res.application);
          }}
        />
      )}
    </>,
    document.body,
  );
}

function DecisionDialog({ app, kind, onClose, onDone }: { app: Application; kind: 'accept' | 'reject'; onClose: () => void; onDone: (r: { application: Application; company?: Company }) => void | Promise<void> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const m = useMutation({
    mutationFn: () =>
      kind === 'accept'
        ? api.post<{ application: Application; company: Company }>(`/applications/${app.id}/accept`, text.trim() ? { note: text.trim() } : {})
        : api.post<{ application: Application }>(`/applications/${app.id}/reject`, { reason: text.trim() }),
    onSuccess: (r) => onDone(r),
  });
  const submit = () => {
    if (kind === 'reject' && !text.trim()) {
      setError(t('applications.err.reason'));
      return;
    }
    m.mutate();
  };
  return (
    <Modal
      title={kind === 'accept' ? t('applications.acceptTitle') : t('applications.rejectTitle')}
      onClose={onClose}
      testId={`${kind}-dialog`}
      footer={
        <DialogButtons
          onCancel={onClose}
          onConfirm={submit}
          danger={kind === 'reject'}
          label={kind === 'accept' ? t('applications.acceptConfirm') : t('applications.rejectConfirm')}
          disabled={m.isPending}
          testId={`${kind}-confirm`}
        />
      }
    >
      {m.error != null && <ErrorAlert error={m.error} />}
      <p>{kind === 'accept' ? t('applications.acceptText', { name: app.companyName }) : t('applications.rejectText', { name: app.companyName })}</p>
      {kind === 'accept' ? (
        <ul className="check-list small">
          <li>{t('applications.acceptEffect1')}</li>
          <li>{t('applications.acceptEffect2', { email: app.email })}</li>
        </ul>
      ) : (
        <p className="small muted">{t('applications.rejectEffect', { email: app.email })}</p>
      )}
      <TextArea
        id={kind === 'accept' ? 'acceptNote' : 'rejectReason'}
        label={kind === 'accept' ? t('applications.acceptNote') : t('applications.rejectReason')}
        required={kind === 'reject'}
        optionalMark
        rows={3}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(undefined);
        }}
        error={error}
      />
    </Modal>
  );
}
