import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { formatDateTime } from '../format';
import { formatBytes, type CaseDetail, type QuarantineItem } from '../helpdesk';
import { codeLabel } from '../components/helpdesk';
import { CompanyPicker } from '../components/fields';
import { ConfirmDialog, DialogButtons, EmptyState, FormError, Modal, Notice, PageHeader, usePageTitle } from '../components/ui';
import { PagedTable, usePagedList } from '../components/tables';

/** Mail that did not become a case (unknown sender, too large, malformed, too many): release it to a company or discard it. */
export function QuarantinePage() {
  const { t } = useTranslation();
  usePageTitle(t('quarantine.title'));
  const qc = useQueryClient();
  const list = usePagedList<QuarantineItem>(['quarantine'], '/mail/quarantine', {}, 50, { refetchInterval: 30_000 });
  const [releasing, setReleasing] = useState<QuarantineItem | null>(null);
  const [discarding, setDiscarding] = useState<QuarantineItem | null>(null);
  const [released, setReleased] = useState<CaseDetail | null>(null);
  const discard = useMutation({
    mutationFn: (m: QuarantineItem) => api.post(`/mail/quarantine/${m.id}/discard`),
    onSuccess: async () => {
      setDiscarding(null);
      await qc.invalidateQueries({ queryKey: ['quarantine'] });
    },
  });
  return (
    <div className="page">
      <PageHeader title={t('quarantine.title')} lead={t('quarantine.lead')} />
      {released && (
        <Notice kind="success" testId="quarantine-released">
          {t('quarantine.releasedText', { number: released.case.number })}{' '}
          <Link to={`/cases/${released.case.id}`} className="banner-link">
            {t('quarantine.openCase')}
          </Link>
        </Notice>
      )}
      <PagedTable
        list={list}
        empty={<EmptyState title={t('quarantine.empty')} />}
        testId="quarantine-table"
        columns={[t('quarantine.col.received'), t('quarantine.col.from'), t('quarantine.col.subject'), t('quarantine.col.reason'), { label: t('quarantine.col.size'), className: 'num' }, t('quarantine.col.status'), { label: t('common.actions'), className: 'actions-col' }]}
        row={(m) => (
          <tr key={m.id} data-testid="quarantine-row" data-status={m.status} className={m.status !== 'held' ? 'row-inactive' : undefined}>
            <td className="nowrap small">{formatDateTime(m.receivedAt)}</td>
            <td className="mono small break cell-from">{m.from}</td>
            <td className="reason-cell">{m.subject || <span className="muted">{t('quarantine.noSubject')}</span>}</td>
            <td className="nowrap">
              <span className={`badge ${m.reason === 'unknown_sender' ? 'badge-category' : 'badge-danger'}`}>{codeLabel(t, 'quarantine.reason', m.reason)}</span>
            </td>
            <td className="num nowrap">{formatBytes(m.size)}</td>
            <td className="nowrap">{codeLabel(t, 'quarantine.status', m.status)}</td>
            <td className="actions-col nowrap">
              {m.status === 'held' && (
                <>
                  <button type="button" className="btn btn-secondary btn-sm" onClick={() => setReleasing(m)} data-testid="quarantine-release">
                    {t('quarantine.release')}
                  </button>{' '}
                  <button type="button" className="btn btn-danger-outline btn-sm" onClick={() => setDiscarding(m)} data-testid="quarantine-discard">
                    {t('quarantine.discard')}
                  </button>
                </>
              )}
            </td>
          </tr>
        )}
      />
      {releasing && (
        <ReleaseDialog
          item={releasing}
          onClose={() => setReleasing(null)}
          onReleased={async (d) => {
            setReleasing(null);
            setReleased(d);
            await qc.invalidateQueries({ queryKey: ['quarantine'] });
          }}
        />
      )}
      {discarding && (
        <ConfirmDialog
          title={t('quarantine.discardTitle')}
          text={t('quarantine.discardText', { from: discarding.from })}
          confirmLabel={t('quarantine.discard')}
          onCancel={() => setDiscarding(null)}
          onConfirm={() => discard.mutate(discarding)}
          pending={discard.isPending}
          error={discard.error}
          testId="quarantine-discard-confirm"
        />
      )}
    </div>
  );
}

function ReleaseDialog({ item, onClose, onReleased }: { item: QuarantineItem; onClose: () => void; onReleased: (d: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [companyId, setCompanyId] = useState('');
  const [error, setError] = useState<string | undefined>();
  const save = useMutation({ mutationFn: () => api.post<CaseDetail>(`/mail/quarantine/${item.id}/release`, { companyId }), onSuccess: onReleased });
  return (
    <Modal title={t('quarantine.releaseTitle')} onClose={onClose} testId="quarantine-release-dialog" footer={<DialogButtons onCancel={onClose} form="release-form" label={t('quarantine.releaseSubmit')} disabled={save.isPending} testId="quarantine-release-submit" />}>
      <FormError error={save.error} />
      <p className="small dialog-lead">{t('quarantine.releaseLead')}</p>
      <dl className="mini-dl">
        <div>
          <dt>{t('quarantine.col.from')}</dt>
          <dd className="mono">{item.from}</dd>
        </div>
        <div>
          <dt>{t('quarantine.col.subject')}</dt>
          <dd>{item.subject}</dd>
        </div>
      </dl>
      <form
        id="release-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!companyId) return setError(t('quarantine.err.company'));
          save.mutate();
        }}
      >
        <CompanyPicker id="releaseCompany" label={t('quarantine.company')} required value={companyId} onChange={(id) => (setCompanyId(id), setError(undefined))} error={error} />
      </form>
    </Modal>
  );
}
