import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { useReferenceCodes } from '../codes';
import { formatDateTime, formatNumber } from '../format';
import { localizeFieldErrors } from '../fieldErrors';
import type { NoticeItem } from '../helpdesk';
import { TextArea, TextField } from '../components/fields';
import { Card, DialogButtons, EmptyState, FormError, Modal, Notice, PageHeader, usePageTitle } from '../components/ui';
import { PagedTable, usePagedList } from '../components/tables';

const FIELD_MESSAGES: Record<string, string> = { title: 'notices.err.title', body: 'notices.err.body', filter: 'notices.err.filter' };
const COMPANY_STATUSES = ['active', 'surveyed', 'applied', 'withdrawn'] as const;

/** Bulk notices: one message to many companies (e.g. when Emotet is in the news), by status, group and industry. */
export function NoticesPage() {
  const { t } = useTranslation();
  usePageTitle(t('notices.title'));
  const qc = useQueryClient();
  const codes = useReferenceCodes();
  const list = usePagedList<NoticeItem>(['notices', 'staff'], '/notices', {}, 20);
  const [form, setForm] = useState({ title: '', body: '', status: ['active'] as string[], group: [] as string[], industry: [] as string[] });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<{ recipients: number; mailed: number } | null>(null);
  const toggle = (k: 'status' | 'group' | 'industry', v: string) => setForm((f) => ({ ...f, [k]: f[k].includes(v) ? f[k].filter((x) => x !== v) : [...f[k], v] }));
  const send = useMutation({
    mutationFn: () =>
      api.post<{ id: string; recipients: number; mailed: number }>('/notices', {
        title: form.title.trim(),
        body: form.body.trim(),
        filter: { ...(form.status.length ? { status: form.status } : {}), ...(form.group.length ? { group: form.group } : {}), ...(form.industry.length ? { industry: form.industry } : {}) },
      }),
    onSuccess: async (r) => {
      setConfirming(false);
      setResult({ recipients: r.recipients, mailed: r.mailed });
      setForm((f) => ({ ...f, title: '', body: '' }));
      await qc.invalidateQueries({ queryKey: ['notices'] });
    },
    onError: (e) => {
      setConfirming(false);
      if (e instanceof ApiError && e.fields.length) setErrors(localizeFieldErrors(e, t, FIELD_MESSAGES));
    },
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    if (!form.title.trim()) e.title = t('notices.err.title');
    if (!form.body.trim()) e.body = t('notices.err.body');
    setErrors(e);
    if (Object.keys(e).length) return;
    setResult(null);
    setConfirming(true);
  };
  const checks = (k: 'status' | 'group' | 'industry', values: readonly string[], label: (v: string) => string) => (
    <fieldset className="check-group" data-testid={`notice-filter-${k}`}>
      <legend className="field-label">{t(`notices.filter.${k}`)}</legend>
      <div className="check-chips">
        {values.map((v) => (
          <label key={v} className={`check-chip ${form[k].includes(v) ? 'checked' : ''}`}>
            <input type="checkbox" checked={form[k].includes(v)} onChange={() => toggle(k, v)} value={v} />
            {label(v)}
          </label>
        ))}
      </div>
    </fieldset>
  );
  const filterSummary = [
    form.status.length ? form.status.map((s) => t(`codes.status.${s}`, { defaultValue: s })).join('・') : t('notices.anyStatus'),
    form.group.length ? form.group.map((g) => t('companies.groupShort', { group: g })).join('・') : t('notices.anyGroup'),
    form.industry.length ? form.industry.map((i) => t(`codes.industry.${i}`, { defaultValue: i })).join('・') : t('notices.anyIndustry'),
  ].join(' ／ ');
  return (
    <div className="page">
      <PageHeader title={t('notices.title')} lead={t('notices.lead')} />
      {result && (
        <Notice kind="success" testId="notice-result">
          {t('notices.result', { recipients: formatNumber(result.recipients), mailed: formatNumber(result.mailed) })}
        </Notice>
      )}
      <div className="notices-layout">
        <div className="notices-compose">
          <Card title={t('notices.compose')} testId="notice-compose">
            <FormError error={send.error} />
            <form onSubmit={onSubmit} noValidate>
              <TextField id="noticeTitle" label={t('notices.field.title')} required value={form.title} onChange={(e) => (setForm((f) => ({ ...f, title: e.target.value })), setErrors((x) => ({ ...x, title: undefined })))} error={errors.title} maxLength={200} placeholder={t('notices.field.titlePlaceholder')} />
              <TextArea id="noticeBody" label={t('notices.field.body')} required rows={10} value={form.body} onChange={(e) => (setForm((f) => ({ ...f, body: e.target.value })), setErrors((x) => ({ ...x, body: undefined })))} error={errors.body} hint={t('notices.field.bodyHint')} />
              <h3 className="section-title">{t('notices.to')}</h3>
              {checks('status', COMPANY_STATUSES, (s) => t(`codes.status.${s}`, { defaultValue: s }))}
              {checks('group', codes.maturityGroups, (g) => t('companies.groupShort', { group: g }))}
              {checks('industry', codes.industries, (i) => t(`codes.industry.${i}`, { defaultValue: i }))}
              {errors.filter && <p className="field-error">{errors.filter}</p>}
              <p className="small muted notice-summary" data-testid="notice-filter-summary">
                {t('notices.summary', { filter: filterSummary })}
              </p>
              <button type="submit" className="btn btn-primary" disabled={send.isPending} data-testid="notice-send">
                {t('notices.send')}
              </button>
            </form>
          </Card>
        </div>
        <div className="notices-sent">
          <h2 className="section-heading">{t('notices.sent')}</h2>
          <PagedTable
            list={list}
            empty={<EmptyState title={t('notices.empty')} />}
            testId="notice-table"
            columns={[t('notices.col.title'), { label: t('notices.col.recipients'), className: 'num' }, t('notices.col.sentAt')]}
            row={(n) => (
              <tr key={n.id} data-testid="notice-row">
                <td>
                  <details className="notice-details">
                    <summary className="cell-strong">{n.title}</summary>
                    <div className="note small">{n.body}</div>
                  </details>
                </td>
                <td className="num">{formatNumber(n.recipients)}</td>
                <td className="nowrap small">{formatDateTime(n.sentAt)}</td>
              </tr>
            )}
          />
        </div>
      </div>
      {confirming && (
        <Modal title={t('notices.confirmTitle')} onClose={() => setConfirming(false)} testId="notice-confirm" footer={<DialogButtons onCancel={() => setConfirming(false)} onConfirm={() => send.mutate()} label={t('notices.confirmSend')} disabled={send.isPending} testId="notice-confirm-send" />}>
          <p>{t('notices.confirmText')}</p>
          <p className="cell-strong">{form.title}</p>
          <p className="small muted">{filterSummary}</p>
        </Modal>
      )}
    </div>
  );
}
