// Pieces the help-desk and dispatch pages share: badges, SLA clocks, the report due date, a case's
// timeline. Mail bodies and notes are plain text (white-space: pre-wrap), never HTML.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../format';
import { daysUntil, formatBytes, isOpenStatus, type CaseAttachment, type CaseEvent, type Sla } from '../helpdesk';
import { categoryLabel } from '../codes';

type T = (k: string, o?: Record<string, unknown>) => string;

export function codeLabel(t: T, prefix: string, code: string | null | undefined): string {
  if (!code) return '—';
  return t(`${prefix}.${code}`, { defaultValue: code });
}

export function CaseStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-case-${status}`} data-testid="case-status" data-status={status}>
      {codeLabel(t, 'caseCodes.status', status)}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-sev-${severity}`} data-testid="case-severity" data-severity={severity}>
      {t('caseCodes.severityBadge', { v: codeLabel(t, 'caseCodes.severity', severity) })}
    </span>
  );
}

export function TierBadge({ tier }: { tier: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-tier-${tier}`} data-testid="case-tier" data-tier={tier}>
      {codeLabel(t, 'caseCodes.tier', tier)}
    </span>
  );
}

export function DispatchStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-dispatch-${status}`} data-testid="dispatch-status" data-status={status}>
      {codeLabel(t, 'dispatchCodes.status', status)}
    </span>
  );
}

/** Which SLA clock matters now: the first response until someone answered, then the resolution. */
function slaState(sla: Sla, status: string): { kind: 'done' | 'paused' | 'breached' | 'running'; which: 'first' | 'resolution'; due: string } {
  const which = sla.firstRespondedAt ? 'resolution' : 'first';
  const due = which === 'first' ? sla.firstResponseDueAt : sla.resolutionDueAt;
  if (!isOpenStatus(status)) return { kind: 'done', which, due };
  if (sla.firstResponseBreached || sla.resolutionBreached) return { kind: 'breached', which: sla.firstResponseBreached && !sla.firstRespondedAt ? 'first' : which, due };
  if (sla.paused) return { kind: 'paused', which, due };
  return { kind: 'running', which, due };
}

/** The SLA in a list cell: "初回 11/27 10:00", red "超過" when breached, "一時停止" while waiting for the customer. */
export function SlaBadge({ sla, status }: { sla: Sla | null | undefined; status: string }) {
  const { t } = useTranslation();
  if (!sla) return <span className="muted">—</span>;
  const s = slaState(sla, status);
  if (s.kind === 'done') return <span className="muted small" data-testid="sla" data-state="done">{t('sla.done')}</span>;
  return (
    <span className={`sla sla-${s.kind}`} data-testid="sla" data-state={s.kind}>
      {s.kind === 'breached' && <span className="badge badge-danger">{t('sla.breached')}</span>}
      {s.kind === 'paused' && <span className="badge badge-paused">{t('sla.paused')}</span>}
      <span className="sla-due">
        <span className="sla-which">{t(`sla.which.${s.which}`)}</span> {formatDateTime(s.due)}
      </span>
    </span>
  );
}

/** Both SLA clocks in full (the case page's side panel). */
export function SlaPanel({ sla, status }: { sla: Sla | null | undefined; status: string }) {
  const { t } = useTranslation();
  if (!sla) return <p className="muted small">{t('sla.none')}</p>;
  const open = isOpenStatus(status);
  const row = (label: string, due: string, breached: boolean, doneAt: string | null, testId: string) => (
    <div className={`sla-row ${breached && open ? 'is-breached' : ''}`} data-testid={testId} data-breached={breached ? 'true' : 'false'}>
      <span className="sla-row-label">{label}</span>
      <span className="sla-row-value">
        {doneAt ? (
          <>
            <span className="badge badge-ok">{t('sla.met')}</span> {formatDateTime(doneAt)}
          </>
        ) : (
          <>
            {breached && <span className="badge badge-danger">{t('sla.breached')}</span>} {t('sla.dueAt', { at: formatDateTime(due) })}
          </>
        )}
      </span>
    </div>
  );
  return (
    <div className="sla-panel" data-testid="sla-panel">
      {sla.paused && open && (
        <p className="sla-paused-note" data-testid="sla-paused">
          <span className="badge badge-paused">{t('sla.paused')}</span> {t('sla.pausedHelp')}
        </p>
      )}
      {row(t('sla.firstResponse'), sla.firstResponseDueAt, sla.firstResponseBreached, sla.firstRespondedAt, 'sla-first')}
      {row(t('sla.resolution'), sla.resolutionDueAt, sla.resolutionBreached, null, 'sla-resolution')}
    </div>
  );
}

/** The dispatch report's due date with the days left; red when overdue, amber in the last two days. */
export function ReportDue({ dueAt, sentAt, large }: { dueAt: string | null; sentAt?: string | null; large?: boolean }) {
  const { t } = useTranslation();
  if (sentAt) {
    return (
      <span className={`report-due due-sent ${large ? 'report-due-lg' : ''}`} data-testid="report-due" data-state="sent">
        {t('dispatch.due.sent', { at: formatDate(sentAt) })}
      </span>
    );
  }
  if (!dueAt) {
    return (
      <span className={`report-due due-none ${large ? 'report-due-lg' : ''}`} data-testid="report-due" data-state="none">
        {t('dispatch.due.notYet')}
      </span>
    );
  }
  const days = daysUntil(dueAt) ?? 0;
  const state = days < 0 ? 'overdue' : days <= 2 ? 'soon' : 'ok';
  return (
    <span className={`report-due due-${state} ${large ? 'report-due-lg' : ''}`} data-testid="report-due" data-state={state} data-days={days}>
      <span className="report-due-date">{t('dispatch.due.date', { date: formatDate(dueAt) })}</span>
      <span className="report-due-days">{days < 0 ? t('dispatch.due.overdue', { count: -days }) : days === 0 ? t('dispatch.due.today') : t('dispatch.due.left', { count: days })}</span>
    </span>
  );
}

function dataText(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

/** One line saying what an event was: "返信（お客様へ）", "状態：新規 → 対応中", … */
function eventTitle(t: T, e: CaseEvent, customer: boolean): string {
  const d = e.data ?? {};
  switch (e.kind) {
    case 'status': {
      const from = dataText(d.from);
      const to = dataText(d.to);
      if (from && to) return t('caseEvent.statusChange', { from: codeLabel(t, 'caseCodes.status', from), to: codeLabel(t, 'caseCodes.status', to) });
      return t('caseEvent.kind.status');
    }
    case 'assignment': {
      // data.to is a user id; the name is shown only when the server sends one.
      const name = dataText(d.assigneeName) ?? dataText(d.toName);
      if (name) return t('caseEvent.assignedTo', { name });
      return d.to ? t('caseEvent.kind.assignment') : t('caseEvent.unassigned');
    }
    case 'dispatch_linked': {
      const st = dataText(d.status) ?? 'ordered';
      return t(`caseEvent.dispatch.${st}`, { defaultValue: t('caseEvent.kind.dispatch_linked') });
    }
    case 'message_in':
      return customer ? t('caseEvent.customerYou') : t('caseEvent.kind.message_in');
    case 'message_out':
      return customer ? t('caseEvent.staffAnswer') : t('caseEvent.kind.message_out');
    default:
      return t(`caseEvent.kind.${e.kind}`, { defaultValue: e.kind });
  }
}

/** Extra detail an event's data carries (judgement, dispatch, alert), as short text lines. */
function eventDetails(t: T, e: CaseEvent): string[] {
  const d = e.data ?? {};
  const out: string[] = [];
  if (e.kind === 'judgement') {
    if (typeof d.incident === 'boolean') out.push(t('judgement.incidentIs', { v: d.incident ? t('judgement.yes') : t('judgement.no') }));
    if (dataText(d.category)) out.push(t('judgement.categoryIs', { v: codeLabel(t, 'caseCodes.category', dataText(d.category)) }));
    if (typeof d.dispatchNeeded === 'boolean') out.push(t('judgement.dispatchIs', { v: d.dispatchNeeded ? t('judgement.yes') : t('judgement.no') }));
  }
  if (e.kind === 'alert_linked' && dataText(d.category)) out.push(categoryLabel(t, dataText(d.category)));
  if (e.kind === 'dispatch_linked' && !e.body && dataText(d.number)) out.push(dataText(d.number)!);
  if ((e.kind === 'message_in' || e.kind === 'message_out') && dataText(d.from)) out.push(t('caseEvent.from', { v: dataText(d.from) }));
  if (e.kind === 'message_out' && dataText(d.to)) out.push(t('caseEvent.to', { v: dataText(d.to) }));
  return out;
}

const dataOf = (e: CaseEvent) => e.data ?? {};

const EVENT_TONE: Record<string, string> = {
  message_in: 'in',
  message_out: 'out',
  call_note: 'call',
  note: 'internal',
  escalation: 'escalation',
  judgement: 'judgement',
  status: 'meta',
  assignment: 'meta',
  created: 'meta',
  alert_linked: 'meta',
  dispatch_linked: 'meta',
  attachment: 'meta',
  notice: 'meta',
};

/** A file attached to a case: a download link, its size, and its SHA-256 for checking it later. */
export function AttachmentLink({ caseId, a }: { caseId: string; a: CaseAttachment }) {
  const { t } = useTranslation();
  return (
    <div className="attachment" data-testid="attachment">
      <a href={`/api/v1/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(a.id)}`} download={a.filename} className="attachment-name" data-testid="attachment-link">
        <Icon name="clip" size={15} /> {a.filename}
      </a>
      <span className="muted small">
        {' '}
        {formatBytes(a.size)} ・ {a.contentType}
      </span>
      <span className="sha small" title={t('caseEvent.sha256Help')}>
        SHA-256: <span className="mono" data-testid="attachment-sha256">{a.sha256}</span>
      </span>
    </div>
  );
}

/**
 * A case's timeline, oldest first. Staff see internal notes on a yellow ground with an "内部" tag;
 * customers (`customer`) see a conversation: their messages on the right, the help desk's on the left.
 */
export function CaseTimeline({ caseId, events, attachments, customer }: { caseId: string; events: CaseEvent[]; attachments: CaseAttachment[]; customer?: boolean }) {
  const { t } = useTranslation();
  // Files belong to the message they came with: by the event id when the server sends one
  // (data.attachmentId(s) or the attachment's eventId), else the message received at the same instant.
  const byId = new Map(attachments.map((a) => [a.id, a]));
  const shown = new Set<string>();
  const filesOf = (e: CaseEvent): CaseAttachment[] => {
    const d = e.data ?? {};
    const ids = [...(Array.isArray(d.attachmentIds) ? d.attachmentIds : []), d.attachmentId].filter((x): x is string => typeof x === 'string');
    for (const a of attachments) {
      const eventId = (a as CaseAttachment & { eventId?: string | null }).eventId;
      if (eventId === e.id || (eventId === undefined && (e.kind === 'message_in' || e.kind === 'message_out') && a.at === e.at)) ids.push(a.id);
    }
    const out: CaseAttachment[] = [];
    for (const id of ids) {
      const a = byId.get(id);
      if (a && !shown.has(id)) {
        shown.add(id);
        out.push(a);
      }
    }
    return out;
  };
  const perEvent = new Map(events.map((e) => [e.id, filesOf(e)]));
  const loose = attachments.filter((a) => !shown.has(a.id));
  if (events.length === 0) return <p className="muted small">{t('caseEvent.empty')}</p>;
  return (
    <ol className={`case-timeline ${customer ? 'is-customer' : ''}`} data-testid="case-timeline">
      {events.map((e) => {
        const tone = EVENT_TONE[e.kind] ?? 'meta';
        const internal = e.visibility === 'internal';
        const details = eventDetails(t, e);
        const files = perEvent.get(e.id) ?? [];
        const isMessage = tone !== 'meta';
        return (
          <li key={e.id} className={`tl-item tl-${tone} ${internal ? 'tl-is-internal' : ''} ${isMessage ? 'tl-message' : 'tl-meta'}`} data-testid="case-event" data-kind={e.kind} data-visibility={e.visibility}>
            <div className="tl-head">
              <span className="tl-title">{eventTitle(t, e, !!customer)}</span>
              {internal && !customer && <span className="badge badge-internal">{t('caseEvent.internalTag')}</span>}
              <span className="tl-meta-line">
                {/* A mail's sender is its author (the actor is whoever filed it, e.g. the staff member who released it from quarantine). */}
                {e.actorName && !(e.kind === 'message_in' && dataText(dataOf(e).from)) && <span className="tl-actor">{e.actorName}</span>}
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </span>
            </div>
            {details.length > 0 && <div className="tl-details small">{details.join(' ・ ')}</div>}
            {e.body && (isMessage || e.kind === 'status' || e.kind === 'created' || e.kind === 'dispatch_linked') && (
              <div className="tl-body" data-testid="case-event-body">
                {e.body}
              </div>
            )}
            {!customer && e.kind === 'dispatch_linked' && dataText(dataOf(e).dispatchId) && (
              <Link to={`/dispatches/${dataText(dataOf(e).dispatchId)}`} className="small" data-testid="case-event-dispatch">
                {t('caseEvent.openDispatch')}
              </Link>
            )}
            {files.map((a) => (
              <AttachmentLink key={a.id} caseId={caseId} a={a} />
            ))}
          </li>
        );
      })}
      {loose.length > 0 && (
        <li className="tl-item tl-meta" data-testid="case-attachments">
          <div className="tl-head">
            <span className="tl-title">{t('caseEvent.attachments')}</span>
          </div>
          {loose.map((a) => (
            <AttachmentLink key={a.id} caseId={caseId} a={a} />
          ))}
        </li>
      )}
    </ol>
  );
}

const ICON_PATHS = {
  book: 'M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2V5Zm0 16a2 2 0 0 1 2-2h13v2H6',
  clip: 'M21 11.5 12.5 20a5 5 0 0 1-7-7L14 4.5a3.3 3.3 0 0 1 4.7 4.7L10.2 17.7a1.7 1.7 0 0 1-2.4-2.4L15.5 7.6',
  pin: 'M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21Zm0-9a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Z',
  clock: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm0-13v4.5l3 2',
  doc: 'M6 2h8l5 5v15H6V2Zm8 0v5h5M9 13h7M9 17h7',
  mail: 'M3 5h18v14H3V5Zm0 1 9 7 9-7',
  megaphone: 'M3 10v4h3l7 4V6L6 10H3Zm13-1.5a4 4 0 0 1 0 7M6 14l1.5 5h2.5L9 15',
  phone: 'M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2Z',
} as const;

/** A small line icon (no emoji: not every machine has an emoji font). Decorative: hidden from screen readers. */
export function Icon({ name, size = 18 }: { name: keyof typeof ICON_PATHS; size?: number }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width={size} height={size} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={ICON_PATHS[name]} />
    </svg>
  );
}
