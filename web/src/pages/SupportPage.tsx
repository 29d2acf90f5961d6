import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { useCurrentUser } from '../auth';
import { codeOptions } from '../codes';
import { formatDate, formatDateTime } from '../format';
import { localizeFieldErrors } from '../fieldErrors';
import { caseCategories, isOpenStatus, type CaseDetail, type CaseEvent, type CaseListItem, type NoticeItem } from '../helpdesk';
import { CaseStatusBadge, CaseTimeline, Icon, codeLabel } from '../components/helpdesk';
import { SelectField, TextArea, TextField } from '../components/fields';
import { Breadcrumb, Card, EmptyState, ErrorAlert, FormError, Loading, Notice, usePageTitle } from '../components/ui';
import { LinkRow, PagedTable, usePagedList } from '../components/tables';
import { caseKey } from './CasePage';

const FIELD_MESSAGES: Record<string, string> = { subject: 'support.err.subject', body: 'support.err.body', category: 'support.err.category' };

/** お問い合わせ: company users ask the help desk, see their company's questions, and read notices. */
export function SupportPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  usePageTitle(t('support.title'));
  const list = usePagedList<CaseListItem>(['cases', 'own'], '/cases', {}, 20, { refetchInterval: 30_000 });
  return (
    <div className="page support-page" data-testid="support-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('support.title')}</h1>
          <p className="page-lead">{t('support.lead', { company: me.companyName ?? '' })}</p>
        </div>
        <Link to="/help" className="btn btn-secondary" data-testid="support-to-help">
          <Icon name="book" /> {t('support.toHelp')}
        </Link>
      </header>
      <NoticesCard />
      <div className="support-grid">
        <AskForm onCreated={(id) => navigate(`/support/${id}`)} />
        <section aria-labelledby="support-list-title">
          <h2 id="support-list-title" className="section-heading">
            {t('support.listTitle')}
          </h2>
          <PagedTable
            list={list}
            empty={<EmptyState title={t('support.empty')}>{<p className="small">{t('support.emptyHelp')}</p>}</EmptyState>}
            testId="support-cases"
            columns={[t('support.col.subject'), t('support.col.status'), t('support.col.updated')]}
            row={(c) => (
              <LinkRow key={c.id} onOpen={() => navigate(`/support/${c.id}`)} data-testid="support-case-row" data-case-id={c.id}>
                <td>
                  <span className="cell-strong block">{c.subject}</span>
                  <span className="muted small block">
                    {c.number} ・ {codeLabel(t, 'caseCodes.category', c.category)}
                  </span>
                </td>
                <td className="nowrap">
                  <CaseStatusBadge status={c.status} />
                </td>
                <td className="nowrap small">{formatDateTime(c.updatedAt)}</td>
              </LinkRow>
            )}
          />
        </section>
      </div>
    </div>
  );
}

function AskForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const [form, setForm] = useState({ category: '', subject: '', body: '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const set = (k: keyof typeof form, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const save = useMutation({
    mutationFn: () => api.post<CaseDetail>('/cases', { ...(me.companyId ? { companyId: me.companyId } : {}), category: form.category, subject: form.subject.trim(), body: form.body.trim() }),
    onSuccess: async (d) => {
      qc.setQueryData(caseKey(d.case.id), d);
      await qc.invalidateQueries({ queryKey: ['cases'] });
      onCreated(d.case.id);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(localizeFieldErrors(e, t, FIELD_MESSAGES));
    },
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    if (!form.category) e.category = t('support.err.category');
    if (!form.subject.trim()) e.subject = t('support.err.subject');
    if (!form.body.trim()) e.body = t('support.err.body');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate();
  };
  return (
    <Card title={t('support.askTitle')} testId="support-ask" className="support-ask">
      <p className="small">{t('support.askLead')}</p>
      <Notice kind="warning">{t('support.urgentNote')}</Notice>
      <FormError error={save.error} />
      <form onSubmit={onSubmit} noValidate>
        <SelectField id="askCategory" label={t('support.category')} required value={form.category} onChange={(e) => set('category', e.target.value)} options={codeOptions(t, caseCategories, 'support.categoryOption')} placeholder={t('common.selectPlaceholder')} error={errors.category} />
        <TextField id="askSubject" label={t('support.subject')} required value={form.subject} onChange={(e) => set('subject', e.target.value)} error={errors.subject} placeholder={t('support.subjectPlaceholder')} maxLength={200} />
        <TextArea id="askBody" label={t('support.body')} required rows={7} value={form.body} onChange={(e) => set('body', e.target.value)} error={errors.body} hint={t('support.bodyHint')} />
        <button type="submit" className="btn btn-primary btn-block" disabled={save.isPending} data-testid="support-submit">
          {save.isPending ? t('support.sending') : t('support.submit')}
        </button>
      </form>
    </Card>
  );
}

/** Notices the program office sent to this company (GET /notices), newest first. */
export function NoticesCard({ limit = 5 }: { limit?: number }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['notices', 'mine'], queryFn: () => api.get<{ items: NoticeItem[] }>('/notices', { pageSize: limit }) });
  const [open, setOpen] = useState<string | null>(null);
  if (q.error || q.isPending || q.data.items.length === 0) return null;
  return (
    <section className="notices-card card" aria-labelledby="notices-title" data-testid="company-notices">
      <header className="card-header">
        <h2 id="notices-title" className="card-title">
          <Icon name="megaphone" /> {t('support.notices')}
        </h2>
      </header>
      <ul className="notice-list">
        {q.data.items.slice(0, limit).map((n) => (
          <li key={n.id} className="notice-item" data-testid="company-notice">
            <button type="button" className="notice-head" aria-expanded={open === n.id} onClick={() => setOpen(open === n.id ? null : n.id)}>
              <span className="notice-date">{formatDate(n.sentAt)}</span>
              <span className="notice-title">{n.title}</span>
              <span className="notice-toggle" aria-hidden="true">
                {open === n.id ? '−' : '+'}
              </span>
            </button>
            {open === n.id && <div className="notice-body">{n.body}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A company user's view of one of their questions: the conversation with the help desk and a reply box. */
export function SupportCasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: caseKey(id), queryFn: () => api.get<CaseDetail>(`/cases/${id}`), refetchInterval: 20_000 });
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  usePageTitle(q.data?.case.subject ?? t('support.caseTitle'));
  const reply = useMutation({
    mutationFn: () => api.post<CaseEvent>(`/cases/${id}/messages`, { kind: 'reply', body: body.trim() }),
    onSuccess: async () => {
      setBody('');
      setSent(true);
      await Promise.all([qc.invalidateQueries({ queryKey: caseKey(id) }), qc.invalidateQueries({ queryKey: ['cases'] })]);
    },
  });
  if (q.isPending) return <Loading />;
  if (q.error) {
    return (
      <div className="page page-narrow">
        <Breadcrumb to="/support" label={t('nav.support')} />
        <ErrorAlert error={q.error} />
      </div>
    );
  }
  const c = q.data.case;
  const events = q.data.events.filter((e) => e.visibility === 'public');
  const open = isOpenStatus(c.status);
  return (
    <div className="page page-narrow support-case" data-testid="support-case" data-case-id={c.id} data-status={c.status}>
      <Breadcrumb to="/support" label={t('nav.support')} current={c.number} />
      <header className="page-header">
        <div>
          <p className="case-number mono">{c.number}</p>
          <h1 className="page-title" data-testid="case-subject">
            {c.subject}
          </h1>
          <div className="title-badges">
            <CaseStatusBadge status={c.status} />
            <span className="muted small">{t('support.askedAt', { at: formatDateTime(c.createdAt) })}</span>
          </div>
        </div>
      </header>
      <p className="support-status-help" data-testid="support-status-help">
        {t(`support.statusHelp.${c.status}`, { defaultValue: '' })}
      </p>
      <Card title={t('support.conversation')} testId="support-conversation">
        <CaseTimeline caseId={c.id} events={events} attachments={q.data.attachments} customer />
      </Card>
      <Card title={open ? t('support.replyTitle') : t('support.replyClosedTitle')} testId="support-reply">
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!body.trim()) return setError(t('support.err.reply'));
            setError(null);
            reply.mutate();
          }}
        >
          {!open && <p className="small muted">{t('support.replyClosedHelp')}</p>}
          <TextArea id="supportReply" label={t('support.replyLabel')} rows={5} value={body} onChange={(e) => (setBody(e.target.value), setError(null), setSent(false))} error={error ?? undefined} />
          {reply.error != null && <ErrorAlert error={reply.error} />}
          {sent && <Notice kind="success" testId="support-reply-sent">{t('support.replySent')}</Notice>}
          <button type="submit" className="btn btn-primary" disabled={reply.isPending} data-testid="support-reply-submit">
            {t('support.replySubmit')}
          </button>
        </form>
      </Card>
    </div>
  );
}
