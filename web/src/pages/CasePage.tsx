import { useState, type FormEvent } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { useCurrentUser } from '../auth';
import { categoryLabel, codeOptions } from '../codes';
import { formatDateTime, formatNumber } from '../format';
import { localizeFieldErrors } from '../fieldErrors';
import { caseCategories, caseTransitions, canWorkCases, isBackOffice, isCompanyUser, isOpenStatus, type CallScript, type CaseDetail, type CaseEvent, type CaseStatus, type KbArticle } from '../helpdesk';
import { CaseStatusBadge, CaseTimeline, DispatchStatusBadge, Icon, ReportDue, SeverityBadge, SlaPanel, TierBadge, codeLabel } from '../components/helpdesk';
import { SelectField, TextArea } from '../components/fields';
import { HostCell } from '../components/monitoring';
import { Breadcrumb, Card, DialogButtons, ErrorAlert, FormError, Loading, Modal, Notice, usePageTitle } from '../components/ui';
import { DispatchOrderDialog } from './DispatchOrderDialog';

export const caseKey = (id: string) => ['case', id] as const;

export function useCaseDetail(id: string) {
  return useQuery({ queryKey: caseKey(id), queryFn: () => api.get<CaseDetail>(`/cases/${id}`), refetchInterval: 30_000 });
}

/** Staff case page. Company users are sent to their own view of the case (/support/:id). */
export function CasePage() {
  const { id = '' } = useParams();
  const me = useCurrentUser();
  if (isCompanyUser(me.role)) return <Navigate to={`/support/${id}`} replace />;
  return <StaffCasePage id={id} />;
}

function StaffCasePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const q = useCaseDetail(id);
  const [escalating, setEscalating] = useState(false);
  const [dispatching, setDispatching] = useState(false);
  usePageTitle(q.data ? `${q.data.case.number} ${q.data.case.subject}` : t('case.title'));

  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<CaseDetail>(`/cases/${id}`, body),
    onSuccess: async (d) => {
      qc.setQueryData(caseKey(id), d);
      await qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });

  if (q.isPending) return <Loading />;
  if (q.error) {
    return (
      <div className="page">
        <Breadcrumb to="/cases" label={t('nav.cases')} />
        <ErrorAlert error={q.error} />
      </div>
    );
  }
  const d = q.data;
  const c = d.case;
  const canWork = canWorkCases(me.role);
  const back = isBackOffice(me.role);
  const moves = canWork ? (caseTransitions[c.status as CaseStatus] ?? []) : [];
  const reopen = !isOpenStatus(c.status);

  return (
    <div className="page case-page" data-testid="case-page" data-case-id={c.id} data-status={c.status} data-tier={c.tier}>
      <Breadcrumb to="/cases" label={t('nav.cases')} current={c.number} />
      <header className="page-header case-header">
        <div className="case-header-main">
          <p className="case-number mono" data-testid="case-number">
            {c.number}
          </p>
          <h1 className="page-title" data-testid="case-subject">
            {c.subject}
          </h1>
          <div className="title-badges">
            <CaseStatusBadge status={c.status} />
            <SeverityBadge severity={c.severity} />
            <TierBadge tier={c.tier} />
            <span className="badge badge-category">{codeLabel(t, 'caseCodes.category', c.category)}</span>
            <span className="muted small">{codeLabel(t, 'caseCodes.channel', c.channel)}</span>
          </div>
          <p className="case-company">
            <Link to={`/companies/${c.companyId}`} data-testid="case-company">
              {c.companyName ?? t('case.company')}
            </Link>
            {(c.contactName || c.contactPhone || c.contactEmail) && (
              <span className="case-contact" data-testid="case-contact">
                {c.contactName && <span>{t('case.contactSama', { name: c.contactName })}</span>}
                {c.contactPhone && (
                  <a href={`tel:${c.contactPhone}`} className="mono">
                    <Icon name="phone" size={15} /> {c.contactPhone}
                  </a>
                )}
                {c.contactEmail && <span className="mono">{c.contactEmail}</span>}
              </span>
            )}
          </p>
        </div>
        {canWork && (
          <div className="case-actions">
            <div className="header-actions" role="group" aria-label={t('case.statusActions')}>
              {moves.map((s) => (
                <button
                  key={s}
                  type="button"
                  className={`btn ${s === 'resolved' ? 'btn-primary' : 'btn-secondary'}`}
                  onClick={() => patch.mutate({ status: s })}
                  disabled={patch.isPending}
                  data-testid={`case-status-${reopen && s === 'in_progress' ? 'reopen' : s}`}
                >
                  {reopen && s === 'in_progress' ? t('case.action.reopen') : t(`case.action.${s}`)}
                </button>
              ))}
            </div>
            <div className="header-actions">
              {c.assigneeId !== me.id && (
                <button type="button" className="btn btn-ghost" onClick={() => patch.mutate({ assigneeId: me.id })} disabled={patch.isPending} data-testid="case-assign-me">
                  {t('case.assignMe')}
                </button>
              )}
              {c.tier === 'front' && isOpenStatus(c.status) && (
                <button type="button" className="btn btn-secondary btn-escalate" onClick={() => setEscalating(true)} data-testid="case-escalate">
                  {t('case.escalate')}
                </button>
              )}
              {back && (
                <button type="button" className="btn btn-secondary" onClick={() => setDispatching(true)} data-testid="case-dispatch">
                  {t('case.orderDispatch')}
                </button>
              )}
            </div>
          </div>
        )}
      </header>
      {patch.error != null && <ErrorAlert error={patch.error} />}

      {c.callScript && <CallScriptPanel script={c.callScript} contactPhone={c.contactPhone} companyName={c.companyName} />}

      <div className="detail-grid">
        <div className="detail-main">
          <Card title={t('case.timeline')} testId="case-timeline-card">
            <CaseTimeline caseId={c.id} events={d.events} attachments={d.attachments} />
          </Card>
          {canWork && <Composer detail={d} />}
        </div>
        <div className="detail-side">
          <Card title={t('case.slaTitle')} testId="case-sla">
            <SlaPanel sla={c.sla} status={c.status} />
            <dl className="mini-dl">
              <div>
                <dt>{t('case.assignee')}</dt>
                <dd data-testid="case-assignee">{c.assigneeName ?? <span className="muted">{t('cases.unassigned')}</span>}</dd>
              </div>
              <div>
                <dt>{t('case.createdAt')}</dt>
                <dd>{formatDateTime(c.createdAt)}</dd>
              </div>
            </dl>
          </Card>
          {(back || c.judgement || c.tier === 'back') && <JudgementCard detail={d} canJudge={back} />}
          <LinkedAlertsCard detail={d} />
          <DispatchesCard detail={d} canOrder={back} onOrder={() => setDispatching(true)} />
          {d.playbooks.length > 0 && <PlaybooksCard playbooks={d.playbooks} />}
        </div>
      </div>

      {escalating && <EscalateDialog caseId={c.id} onClose={() => setEscalating(false)} />}
      {dispatching && <DispatchOrderDialog detail={d} onClose={() => setDispatching(false)} />}
    </div>
  );
}

/** What the operator reads aloud on the phone: what was seen, which device, what to ask, what to advise, offering a visit. */
export function CallScriptPanel({ script, contactPhone, companyName }: { script: CallScript; contactPhone: string | null; companyName: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="call-script" aria-labelledby="call-script-title" data-testid="call-script">
      <header className="call-script-header">
        <h2 id="call-script-title">
          <Icon name="phone" size={22} /> {t('callScript.title')}
        </h2>
        <p className="call-script-to">
          {companyName}
          {contactPhone && (
            <>
              {' '}
              <a href={`tel:${contactPhone}`} className="mono call-script-phone">
                {contactPhone}
              </a>
            </>
          )}
        </p>
      </header>
      <ol className="call-script-steps">
        <li data-testid="call-script-seen">
          <h3>{t('callScript.seen')}</h3>
          <p className="script-text">{script.seen}</p>
        </li>
        <li data-testid="call-script-device">
          <h3>{t('callScript.device')}</h3>
          <p className="script-text">{script.device}</p>
        </li>
        <li data-testid="call-script-ask">
          <h3>{t('callScript.ask')}</h3>
          <ul className="script-list">
            {script.ask.map((a, i) => (
              <li key={i}>{a}</li>
            ))}
          </ul>
        </li>
        <li data-testid="call-script-advise">
          <h3>{t('callScript.advise')}</h3>
          <ul className="script-list">
            {script.advise.map((a, i) => (
              <li key={i}>{a}</li>
            ))}
          </ul>
        </li>
        {script.offerDispatch && (
          <li data-testid="call-script-offer">
            <h3>{t('callScript.offerDispatch')}</h3>
            <p className="script-text">{script.offerDispatch}</p>
          </li>
        )}
      </ol>
      <p className="call-script-foot small">{t('callScript.foot')}</p>
    </section>
  );
}

type ComposerKind = 'reply' | 'call_note' | 'note';
const COMPOSER_KINDS: readonly ComposerKind[] = ['reply', 'call_note', 'note'];

function Composer({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const c = detail.case;
  const [kind, setKind] = useState<ComposerKind>(c.channel === 'outbound' ? 'call_note' : 'reply');
  const [body, setBody] = useState('');
  const [kbArticleId, setKbArticleId] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<ComposerKind | null>(null);
  const send = useMutation({
    mutationFn: () => api.post<CaseEvent>(`/cases/${c.id}/messages`, { kind, body: body.trim(), ...(kbArticleId && kind === 'reply' ? { kbArticleId } : {}) }),
    onSuccess: async () => {
      setBody('');
      setKbArticleId(null);
      setSent(kind);
      await Promise.all([qc.invalidateQueries({ queryKey: caseKey(c.id) }), qc.invalidateQueries({ queryKey: ['cases'] })]);
    },
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!body.trim()) {
      setError(t('composer.err.body'));
      return;
    }
    setError(null);
    send.mutate();
  };
  const insert = (a: KbArticle) => {
    setBody((b) => (b.trim() ? `${b.replace(/\s+$/, '')}\n\n${a.customerBody}` : a.customerBody));
    setKbArticleId(a.id);
    setPicking(false);
    setSent(null);
  };
  return (
    <section className={`card composer composer-${kind}`} data-testid="composer" aria-label={t('composer.label')}>
      <div className="composer-tabs" role="tablist" aria-label={t('composer.label')}>
        {COMPOSER_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={kind === k}
            className={`composer-tab composer-tab-${k} ${kind === k ? 'active' : ''}`}
            onClick={() => {
              setKind(k);
              setSent(null);
            }}
            data-testid={`composer-tab-${k}`}
          >
            {t(`composer.tab.${k}`)}
          </button>
        ))}
      </div>
      <form className="composer-body" onSubmit={onSubmit} noValidate>
        <p className="composer-help small">
          {kind === 'reply' ? (c.contactEmail ? t('composer.help.replyMail', { email: c.contactEmail }) : t('composer.help.replyWeb')) : t(`composer.help.${kind}`)}
        </p>
        <label htmlFor="composer-text" className="sr-only">
          {t(`composer.tab.${kind}`)}
        </label>
        <textarea
          id="composer-text"
          className="input textarea composer-text"
          rows={kind === 'reply' ? 8 : 5}
          value={body}
          onChange={(e) => {
            setBody(e.target.value);
            setError(null);
            setSent(null);
          }}
          placeholder={t(`composer.placeholder.${kind}`)}
          aria-invalid={error ? true : undefined}
          data-testid="composer-text"
        />
        {error && <p className="field-error">{error}</p>}
        {send.error != null && <ErrorAlert error={send.error} />}
        {sent && <Notice kind="success" testId="composer-sent">{t(`composer.sent.${sent}`)}</Notice>}
        <div className="composer-actions">
          <button type="button" className="btn btn-ghost" onClick={() => setPicking(true)} data-testid="composer-kb">
            <Icon name="book" /> {t('composer.insertKb')}
          </button>
          <button type="submit" className={`btn ${kind === 'note' ? 'btn-secondary' : 'btn-primary'}`} disabled={send.isPending} data-testid="composer-submit">
            {t(`composer.submit.${kind}`)}
          </button>
        </div>
      </form>
      {picking && <KbPicker category={c.category} onClose={() => setPicking(false)} onPick={insert} />}
    </section>
  );
}

/** Finds a knowledge-base article and inserts its customer text into the reply. */
function KbPicker({ category, onClose, onPick }: { category: string; onClose: () => void; onPick: (a: KbArticle) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const list = useQuery({ queryKey: ['kb', 'pick', q], queryFn: () => api.get<{ items: KbArticle[] }>('/kb', { q }) });
  const items = (list.data?.items ?? []).slice().sort((a, b) => Number(b.category === category) - Number(a.category === category));
  return (
    <Modal title={t('composer.kbTitle')} onClose={onClose} wide testId="kb-picker">
      <form
        className="search-box kb-picker-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(text.trim());
        }}
      >
        <input className="input" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('composer.kbSearch')} aria-label={t('composer.kbSearch')} data-testid="kb-picker-q" />
        <button type="submit" className="btn btn-secondary">
          {t('common.search')}
        </button>
      </form>
      {list.error != null && <ErrorAlert error={list.error} />}
      {list.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">{t('composer.kbEmpty')}</p>
      ) : (
        <ul className="kb-pick-list">
          {items.map((a) => (
            <li key={a.id} className="kb-pick" data-testid="kb-pick">
              <div className="kb-pick-head">
                <span className="cell-strong">{a.title}</span>
                <span className="badge badge-category">{codeLabel(t, 'kbCodes.category', a.category)}</span>
                {!a.published && <span className="badge badge-inactive">{t('kb.draft')}</span>}
              </div>
              <p className="kb-pick-preview small">{a.customerBody}</p>
              <button type="button" className="btn btn-primary btn-sm" onClick={() => onPick(a)} data-testid="kb-pick-insert">
                {t('composer.kbInsert')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

function EscalateDialog({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: () => api.post<CaseDetail>(`/cases/${caseId}/escalate`, { reason: reason.trim() }),
    onSuccess: async (d) => {
      qc.setQueryData(caseKey(caseId), d);
      await qc.invalidateQueries({ queryKey: ['cases'] });
      onClose();
    },
  });
  return (
    <Modal title={t('escalate.title')} onClose={onClose} testId="escalate-dialog" footer={<DialogButtons onCancel={onClose} form="escalate-form" label={t('escalate.submit')} disabled={save.isPending} testId="escalate-submit" />}>
      <FormError error={save.error} />
      <p className="small dialog-lead">{t('escalate.lead')}</p>
      <form
        id="escalate-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!reason.trim()) return setError(t('escalate.err.reason'));
          save.mutate();
        }}
      >
        <TextArea id="escalateReason" label={t('escalate.reason')} required rows={4} value={reason} onChange={(e) => (setReason(e.target.value), setError(undefined))} error={error} hint={t('escalate.reasonHint')} />
      </form>
    </Modal>
  );
}

const JUDGEMENT_FIELDS: Record<string, string> = { reason: 'judgement.err.reason', category: 'judgement.err.category' };

function JudgementCard({ detail, canJudge }: { detail: CaseDetail; canJudge: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const c = detail.case;
  const j = c.judgement ?? null;
  const [editing, setEditing] = useState(!j);
  const [form, setForm] = useState({ incident: j ? j.incident : null as boolean | null, category: j?.category ?? c.category, dispatchNeeded: j ? j.dispatchNeeded : null as boolean | null, reason: j?.reason ?? '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const save = useMutation({
    mutationFn: () => api.post<CaseDetail>(`/cases/${c.id}/judgement`, { incident: form.incident, category: form.category, dispatchNeeded: form.dispatchNeeded, reason: form.reason.trim() }),
    onSuccess: async (d) => {
      qc.setQueryData(caseKey(c.id), d);
      setEditing(false);
      await qc.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(localizeFieldErrors(e, t, JUDGEMENT_FIELDS));
    },
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    if (form.incident === null) e.incident = t('judgement.err.incident');
    if (form.dispatchNeeded === null) e.dispatchNeeded = t('judgement.err.dispatch');
    if (!form.reason.trim()) e.reason = t('judgement.err.reason');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate();
  };
  const yesNo = (name: 'incident' | 'dispatchNeeded', label: string) => (
    <fieldset className="radio-group radio-inline yes-no" aria-describedby={errors[name] ? `${name}-error` : undefined}>
      <legend className="field-label">{label}</legend>
      {[true, false].map((v) => (
        <label key={String(v)} className={`radio-card ${form[name] === v ? 'checked' : ''}`}>
          <input type="radio" name={`judgement-${name}`} checked={form[name] === v} onChange={() => (setForm((f) => ({ ...f, [name]: v })), setErrors((x) => ({ ...x, [name]: undefined })))} data-testid={`judgement-${name}-${v ? 'yes' : 'no'}`} />
          <span className="radio-title">{v ? t('judgement.yes') : t('judgement.no')}</span>
        </label>
      ))}
      {errors[name] && (
        <p className="field-error" id={`${name}-error`}>
          {errors[name]}
        </p>
      )}
    </fieldset>
  );
  return (
    <Card
      title={t('judgement.title')}
      testId="judgement-card"
      actions={
        canJudge && j && !editing ? (
          <button type="button" className="btn btn-ghost btn-xs" onClick={() => setEditing(true)} data-testid="judgement-edit">
            {t('judgement.redo')}
          </button>
        ) : undefined
      }
    >
      {j && !editing ? (
        <div className="judgement" data-testid="judgement" data-incident={String(j.incident)} data-dispatch={String(j.dispatchNeeded)}>
          <div className="judgement-verdict">
            <span className={`badge ${j.incident ? 'badge-danger' : 'badge-ok'}`}>{j.incident ? t('judgement.incidentYes') : t('judgement.incidentNo')}</span>
            <span className="badge badge-category">{codeLabel(t, 'caseCodes.category', j.category)}</span>
            {j.dispatchNeeded && <span className="badge badge-dispatch-ordered">{t('judgement.dispatchYes')}</span>}
          </div>
          <p className="note">{j.reason}</p>
          <p className="muted small">
            {j.by ?? ''} {formatDateTime(j.at)}
          </p>
        </div>
      ) : canJudge ? (
        <form onSubmit={onSubmit} noValidate data-testid="judgement-form">
          <FormError error={save.error} />
          {yesNo('incident', t('judgement.incident'))}
          <SelectField id="judgementCategory" label={t('judgement.category')} value={form.category} onChange={(e) => setForm((f) => ({ ...f, category: e.target.value }))} options={codeOptions(t, caseCategories, 'caseCodes.category')} error={errors.category} />
          {yesNo('dispatchNeeded', t('judgement.dispatchNeeded'))}
          <TextArea id="judgementReason" label={t('judgement.reason')} required rows={3} value={form.reason} onChange={(e) => (setForm((f) => ({ ...f, reason: e.target.value })), setErrors((x) => ({ ...x, reason: undefined })))} error={errors.reason} />
          <div className="form-actions">
            {j && (
              <button type="button" className="btn btn-ghost" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </button>
            )}
            <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="judgement-submit">
              {t('judgement.submit')}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted small">{t('judgement.waiting')}</p>
      )}
    </Card>
  );
}

function LinkedAlertsCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <Card title={t('case.alerts')} testId="case-alerts">
      {detail.alerts.length === 0 ? (
        <p className="muted small">{t('case.noAlerts')}</p>
      ) : (
        <ul className="mini-list">
          {detail.alerts.map((a) => (
            <li key={a.id}>
              <Link to={`/alerts/${a.id}`} className="mini-item" data-testid="case-alert">
                <span className="mini-title">{categoryLabel(t, a.category)}</span>
                <span className="mini-meta">
                  <HostCell alert={a} />
                </span>
                <span className="mini-meta">
                  {a.remoteIp && <span className="mono">→ {a.remoteIp} ・ </span>}
                  {t('alerts.countTimes', { n: formatNumber(a.count), count: a.count })} ・ {formatDateTime(a.lastSeen)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function DispatchesCard({ detail, canOrder, onOrder }: { detail: CaseDetail; canOrder: boolean; onOrder: () => void }) {
  const { t } = useTranslation();
  return (
    <Card
      title={t('case.dispatches')}
      testId="case-dispatches"
      actions={
        canOrder ? (
          <button type="button" className="btn btn-ghost btn-xs" onClick={onOrder}>
            ＋ {t('case.orderDispatch')}
          </button>
        ) : undefined
      }
    >
      {detail.dispatches.length === 0 ? (
        <p className="muted small">{t('case.noDispatches')}</p>
      ) : (
        <ul className="mini-list">
          {detail.dispatches.map((x) => (
            <li key={x.id}>
              <Link to={`/dispatches/${x.id}`} className="mini-item" data-testid="case-dispatch-link">
                <span className="mini-title">
                  {x.number} <DispatchStatusBadge status={x.status} />
                </span>
                <span className="mini-meta">{codeLabel(t, 'dispatchCodes.request', x.request)}</span>
                <span className="mini-meta">
                  {x.visitAt ? t('dispatch.visitAtShort', { at: formatDateTime(x.visitAt) }) : t('dispatch.notScheduled')}
                  {x.reportDueAt && x.status !== 'reported' && x.status !== 'cancelled' && (
                    <>
                      {' ・ '}
                      <ReportDue dueAt={x.reportDueAt} />
                    </>
                  )}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** Playbooks that fit the case: the staff text and checklist open in place. */
function PlaybooksCard({ playbooks }: { playbooks: CaseDetail['playbooks'] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const article = useQuery({ queryKey: ['kb', open], queryFn: () => api.get<KbArticle>(`/kb/${open}`), enabled: !!open });
  const a = article.data ? ((article.data as unknown as { article?: KbArticle }).article ?? article.data) : null;
  return (
    <Card title={t('case.playbooks')} testId="case-playbooks">
      <ul className="mini-list">
        {playbooks.map((p) => (
          <li key={p.id}>
            <button type="button" className="mini-item link-like" aria-expanded={open === p.id} onClick={() => setOpen(open === p.id ? null : p.id)} data-testid="playbook">
              <span className="mini-title">{p.title}</span>
              <span className="mini-meta">{codeLabel(t, 'kbCodes.category', p.category)}</span>
            </button>
            {open === p.id && (
              <div className="playbook-body">
                {article.isPending ? (
                  <Loading />
                ) : article.error ? (
                  <ErrorAlert error={article.error} />
                ) : a ? (
                  <>
                    {a.staffBody && <p className="note">{a.staffBody}</p>}
                    {a.checklist && a.checklist.length > 0 && (
                      <ul className="check-list">
                        {a.checklist.map((x, i) => (
                          <li key={i}>{x}</li>
                        ))}
                      </ul>
                    )}
                  </>
                ) : null}
              </div>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
