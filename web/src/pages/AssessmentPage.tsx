// 自己診断: the 25 core items (IPA-aligned) and 8 extension items, answered at the user's pace (the
// draft saves itself), then the result — IPA 100-point score and band, "don't know" items first, the six
// CSF functions as a radar (an indicative view, never a "Tier"), ranked advice, ★★ evidence and the history.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { API_BASE, ApiError, api } from '../api';
import { useCurrentUser } from '../auth';
import { formatDateTime } from '../format';
import { Card, EmptyState, ErrorAlert, FormError, Loading, Notice, usePageTitle } from '../components/ui';
import { DataTable, LinkRow } from '../components/tables';
import { AssessmentFrame, ChoiceGroup, GroupName } from '../components/assessment';
import { CHART_COLORS, CHART_FONT, Chart } from '../components/charts';
import {
  ANSWERS,
  CORE_COUNT,
  CSF_FUNCTIONS,
  PARTS,
  answerPoints,
  answersOnBehalf,
  canAnswerAssessment,
  indicativeLabel,
  isOwnCompany,
  itemNumber,
  keys,
  signed,
  useAssessmentDetail,
  useAssessmentList,
  useLatestAssessment,
  useLocale,
  useQuestions,
  type AnswerValue,
  type AssessmentDetail,
  type AssessmentResult,
  type CsfFunction,
  type Draft,
  type Item,
} from '../assessment';

const SAVE_DELAY_MS = 800;

function useDraft(companyId: string, enabled: boolean) {
  // Not kept once the page is left: coming back (maybe after answering on another device) reads the saved draft afresh.
  return useQuery({ queryKey: keys.draft(companyId), queryFn: () => api.get<Draft>(`/companies/${companyId}/assessments/draft`), enabled, gcTime: 0, refetchOnWindowFocus: false });
}

export function AssessmentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  usePageTitle(t('assessment.self.title'));
  const canAnswer = canAnswerAssessment(me, id);
  const questions = useQuestions();
  const latest = useLatestAssessment(id);
  const draft = useDraft(id, canAnswer);
  const answering = params.get('answer') === '1';
  const shownId = params.get('v') ?? latest.data?.id ?? null;

  let body;
  if (questions.isPending || latest.isPending || (canAnswer && draft.isPending)) body = <Loading />;
  else if (questions.error || latest.error) body = <ErrorAlert error={questions.error ?? latest.error} />;
  else if (canAnswer && (answering || !latest.data)) {
    body = <FormLoader companyId={id} items={questions.data.items} draft={draft.data ?? null} draftError={draft.error} latest={latest.data} />;
  } else if (!latest.data) {
    body = <EmptyState title={t('assessment.self.noneYet')} />;
  } else {
    const hasDraft = Object.keys(draft.data?.answers ?? {}).length > 0;
    body = (
      <ResultSection
        companyId={id}
        items={questions.data.items}
        shownId={shownId!}
        latestId={latest.data.id}
        onShow={(v) => setParams(v === latest.data!.id ? {} : { v })}
        actions={
          canAnswer && (
            <Link to="?answer=1" className="btn btn-secondary" data-testid="assessment-again">
              {hasDraft ? t('assessment.self.continueDraft') : t('assessment.self.again')}
            </Link>
          )
        }
      />
    );
  }

  return (
    <AssessmentFrame companyId={id} title={t('assessment.self.title')} lead={isOwnCompany(me, id) ? t('assessment.self.lead') : t('assessment.self.leadStaff')} testId="assessment-page">
      {body}
    </AssessmentFrame>
  );
}

/** Chooses where the answers start: the saved draft, else the last assessment's answers (to change only what changed), else empty. */
function FormLoader({ companyId, items, draft, draftError, latest }: { companyId: string; items: Item[]; draft: Draft | null; draftError: unknown; latest: AssessmentResult | null }) {
  // Decided once: autosaving updates the cached draft, which must not change where the form "came from".
  const [hadDraft] = useState(() => Object.keys(draft?.answers ?? {}).length > 0);
  const [savedAt] = useState(() => draft?.updatedAt ?? null);
  const previous = useAssessmentDetail(companyId, !hadDraft && latest ? latest.id : null);
  if (!hadDraft && latest && previous.isPending) return <Loading />;
  const start = hadDraft ? draft!.answers : (previous.data?.answers ?? {});
  return <AssessmentForm companyId={companyId} items={items} initial={start} from={hadDraft ? 'draft' : previous.data ? 'previous' : 'empty'} savedAt={savedAt} draftError={draftError} />;
}

type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

function AssessmentForm({ companyId, items, initial, from, savedAt, draftError }: { companyId: string; items: Item[]; initial: Record<string, AnswerValue>; from: 'draft' | 'previous' | 'empty'; savedAt: string | null; draftError: unknown }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const locale = useLocale();
  const known = useMemo(() => new Set(items.map((i) => i.id)), [items]);
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>(() => Object.fromEntries(Object.entries(initial).filter(([k]) => known.has(k))));
  const [save, setSave] = useState<{ state: SaveState; at: string | null }>({ state: from === 'draft' ? 'saved' : 'idle', at: savedAt });
  const [showMissing, setShowMissing] = useState(false);

  // Autosave: the latest answers go to PUT …/draft after a pause; saves never overlap, and a change during
  // a save is sent right after it. Leaving the page (in the app or closing the tab) sends what is pending.
  const latestAnswers = useRef(answers);
  const dirty = useRef(false);
  const inFlight = useRef(false);
  const timer = useRef<number | null>(null);
  const submitted = useRef(false);

  const flush = useCallback(async () => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    if (!dirty.current || inFlight.current || submitted.current) return;
    dirty.current = false;
    inFlight.current = true;
    setSave((s) => ({ ...s, state: 'saving' }));
    try {
      const d = await api.put<Draft>(`/companies/${companyId}/assessments/draft`, { answers: latestAnswers.current });
      qc.setQueryData(keys.draft(companyId), d);
      setSave({ state: dirty.current ? 'pending' : 'saved', at: d.updatedAt ?? new Date().toISOString() });
    } catch {
      dirty.current = true;
      setSave((s) => ({ ...s, state: 'error' }));
    } finally {
      inFlight.current = false;
    }
    if (dirty.current && timer.current === null && !submitted.current) timer.current = window.setTimeout(() => void flush(), SAVE_DELAY_MS);
  }, [companyId, qc]);

  const answer = (qid: string, v: AnswerValue) => {
    const next = { ...latestAnswers.current, [qid]: v };
    latestAnswers.current = next;
    setAnswers(next);
    dirty.current = true;
    setSave((s) => ({ ...s, state: s.state === 'error' ? 'error' : 'pending' }));
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flush(), SAVE_DELAY_MS);
  };

  useEffect(() => {
    const onHide = () => {
      if (!dirty.current || submitted.current) return;
      // The page is going away: a keepalive request outlives it.
      void fetch(`${API_BASE}/companies/${companyId}/assessments/draft`, {
        method: 'PUT',
        keepalive: true,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ answers: latestAnswers.current }),
      }).catch(() => undefined);
      dirty.current = false;
    };
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      // Leaving for another page of the app.
      if (dirty.current && !submitted.current) void flush();
    };
  }, [companyId, flush, me.csrfToken]);

  const core = items.filter((i) => i.part !== 'extension');
  const ext = items.filter((i) => i.part === 'extension');
  const coreDone = core.filter((i) => answers[i.id]).length;
  const extDone = ext.filter((i) => answers[i.id]).length;
  const missing = core.filter((i) => !answers[i.id]);
  const coreTotal = core.length || CORE_COUNT;

  const submit = useMutation({
    mutationFn: () => {
      submitted.current = true;
      if (timer.current !== null) window.clearTimeout(timer.current);
      return api.post<AssessmentResult>(`/companies/${companyId}/assessments?locale=${locale}`, { answers: latestAnswers.current, ...(answersOnBehalf(me, companyId) ? { onBehalf: true } : {}) });
    },
    onSuccess: async (r) => {
      qc.setQueryData(keys.latest(companyId), r);
      await Promise.all([
        qc.invalidateQueries({ queryKey: keys.list(companyId) }),
        qc.invalidateQueries({ queryKey: keys.draft(companyId) }),
        qc.invalidateQueries({ queryKey: keys.securityAction(companyId) }),
        qc.invalidateQueries({ queryKey: keys.roadmap(companyId) }),
        qc.invalidateQueries({ queryKey: ['company', companyId] }),
      ]);
      navigate(`/companies/${companyId}/assessment`, { replace: true });
      window.scrollTo({ top: 0 });
    },
    onError: () => {
      submitted.current = false;
    },
  });

  const onSubmit = () => {
    if (missing.length) {
      setShowMissing(true);
      document.getElementById('assessment-missing')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      return;
    }
    submit.mutate();
  };

  const labelOf = (v: AnswerValue) => t(`assessment.answer.${v}`);
  const pct = Math.round((coreDone / coreTotal) * 100);
  const serverFields = submit.error instanceof ApiError ? submit.error.fields : [];

  return (
    <div className="assess-form" data-testid="assessment-form">
      {from === 'previous' && <Notice kind="info">{t('assessment.self.fromPrevious')}</Notice>}
      {from === 'draft' && <Notice kind="info" testId="draft-restored">{t('assessment.self.fromDraft', { at: formatDateTime(savedAt) })}</Notice>}
      {draftError != null && <ErrorAlert error={draftError} />}
      <div className="assess-progress" data-testid="assess-progress" data-answered={coreDone} data-total={coreTotal}>
        <div className="assess-progress-text">
          <span>
            <strong>{t('assessment.self.progress', { done: coreDone, total: coreTotal })}</strong>
            <span className="muted small"> {t('assessment.self.progressExt', { done: extDone, total: ext.length })}</span>
          </span>
          <SaveStatus state={save.state} at={save.at} onRetry={() => void flush()} />
        </div>
        <div className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={coreTotal} aria-valuenow={coreDone} aria-label={t('assessment.self.progressLabel')}>
          <span className="progress-fill" style={{ width: `${pct}%` }} />
        </div>
      </div>
      <p className="small muted assess-howto">{t('assessment.self.howto')}</p>

      {PARTS.map((part) => {
        const list = items.filter((i) => i.part === part);
        if (!list.length) return null;
        return (
          <Card key={part} title={t(`assessment.part.${part}`)} className="part-card" testId={`part-${part}`}>
            <p className="small muted part-lead">{t(`assessment.partLead.${part}`)}</p>
            {list.map((i) => (
              <ChoiceGroup
                key={i.id}
                name={i.id}
                number={itemNumber(t, i.id)}
                legend={i.text}
                help={i.help ? <HelpText text={i.help} /> : undefined}
                values={i.naAllowed ? ANSWERS : ANSWERS.filter((a) => a !== 'na')}
                labelOf={labelOf}
                value={answers[i.id]}
                onChange={(v) => answer(i.id, v)}
                error={(showMissing && part !== 'extension' && !answers[i.id]) || serverFields.some((f) => f.path.includes(i.id)) ? t('assessment.self.needAnswer') : undefined}
                testId={`item-${i.id}`}
                className="item-q"
              />
            ))}
          </Card>
        );
      })}

      {showMissing && missing.length > 0 && (
        <Notice kind="warning" testId="assessment-missing">
          <p className="alert-title" id="assessment-missing">
            {t('assessment.self.missingTitle', { n: missing.length })}
          </p>
          <p className="small">{t('assessment.self.missingText')}</p>
          <p className="missing-links">
            {missing.map((i) => (
              <a key={i.id} href={`#q-${i.id}`} onClick={(e) => (e.preventDefault(), document.getElementById(`q-${i.id}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' }))}>
                {itemNumber(t, i.id)}
              </a>
            ))}
          </p>
        </Notice>
      )}
      <FormError error={submit.error} />
      <div className="assess-submit">
        <p className="small muted">{missing.length ? t('assessment.self.submitHelpMissing', { n: missing.length }) : t('assessment.self.submitHelp')}</p>
        <button type="button" className="btn btn-primary btn-lg" onClick={onSubmit} disabled={submit.isPending} data-testid="assessment-submit">
          {submit.isPending ? t('assessment.self.submitting') : t('assessment.self.submit')}
        </button>
      </div>
    </div>
  );
}

function HelpText({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <details className="item-help">
      <summary>{t('assessment.self.more')}</summary>
      <span>{text}</span>
    </details>
  );
}

function SaveStatus({ state, at, onRetry }: { state: SaveState; at: string | null; onRetry: () => void }) {
  const { t } = useTranslation();
  const time = at ? new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' }).format(new Date(at)) : '';
  return (
    <span className={`save-status save-${state}`} data-testid="save-status" data-state={state} role="status" aria-live="polite">
      {state === 'idle' && t('assessment.save.idle')}
      {state === 'pending' && t('assessment.save.pending')}
      {state === 'saving' && t('assessment.save.saving')}
      {state === 'saved' && (time ? t('assessment.save.savedAt', { time }) : t('assessment.save.saved'))}
      {state === 'error' && (
        <>
          {t('assessment.save.error')}{' '}
          <button type="button" className="link-button" onClick={onRetry}>
            {t('assessment.save.retry')}
          </button>
        </>
      )}
    </span>
  );
}

// ---------------------------------------------------------------- result

function ResultSection({ companyId, items, shownId, latestId, onShow, actions }: { companyId: string; items: Item[]; shownId: string; latestId: string; onShow: (id: string) => void; actions: ReactNode }) {
  const { t } = useTranslation();
  const detail = useAssessmentDetail(companyId, shownId);
  const list = useAssessmentList(companyId);
  const itemsById = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);
  return (
    <>
      {shownId !== latestId && (
        <Notice kind="info" testId="showing-old">
          {t('assessment.result.showingOld')}{' '}
          <button type="button" className="link-button" onClick={() => onShow(latestId)}>
            {t('assessment.result.showLatest')}
          </button>
        </Notice>
      )}
      {detail.isPending ? <Loading /> : detail.error ? <ErrorAlert error={detail.error} /> : <AssessmentResultView companyId={companyId} r={detail.data} itemsById={itemsById} actions={actions} />}
      <HistoryCard companyId={companyId} list={list} shownId={shownId} onShow={onShow} detail={detail.data} itemsById={itemsById} />
    </>
  );
}

export function AssessmentResultView({ companyId, r, itemsById, actions }: { companyId: string; r: AssessmentDetail; itemsById: Map<string, Item>; actions?: ReactNode }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const own = isOwnCompany(me, companyId);
  const textOf = (qid: string) => itemsById.get(qid)?.text ?? qid;
  const advice = [...r.advice].sort((a, b) => Number(b.unknown) - Number(a.unknown) || b.priority - a.priority).slice(0, 5);
  return (
    <div className="assess-result" data-testid="assessment-result" data-score={r.ipaScore} data-band={r.ipaBand} data-version={r.version}>
      <Card className={`score-card band-${r.ipaBand}`} testId="score-card">
        <div className="score-head">
          <div className="score-num" data-testid="ipa-score">
            <span className="score-value">{r.ipaScore}</span>
            <span className="score-unit">{t('assessment.result.points')}</span>
            <span className="score-max">{t('assessment.result.outOf')}</span>
          </div>
          <div className="score-text">
            <p className="score-band" data-testid="ipa-band">
              {t(`assessment.band.${r.ipaBand}.title`)}
            </p>
            <p>{t(`assessment.band.${r.ipaBand}.text`)}</p>
            <p className="small score-next">{t(`assessment.band.${r.ipaBand}.next`)}</p>
          </div>
        </div>
        <div className="score-meta small muted">
          <span>{t('assessment.result.version', { v: r.version, at: formatDateTime(r.createdAt) })}</span>
          {r.delta && <span data-testid="score-delta">{t('assessment.result.deltaScore', { d: signed(r.delta.ipaScore) })}</span>}
          <span>{t('assessment.result.confidence', { pct: Math.round(r.confidence) })}</span>
          {r.onBehalf && <span className="badge badge-internal">{t('assessment.result.onBehalf')}</span>}
        </div>
        {actions && <div className="score-actions">{actions}</div>}
      </Card>

      {r.unknownItems.length > 0 && (
        <Notice kind="warning" testId="unknown-items">
          <p className="alert-title">{t('assessment.result.unknownTitle', { n: r.unknownItems.length })}</p>
          <p className="small">{t('assessment.result.unknownText')}</p>
          <ul className="unknown-list">
            {r.unknownItems.map((q) => (
              <li key={q} data-testid="unknown-item" data-item={q}>
                <span className="choice-no">{itemNumber(t, q)}</span> {textOf(q)}
              </li>
            ))}
          </ul>
        </Notice>
      )}

      <div className="result-two">
        <Card title={t('assessment.result.radarTitle')} testId="function-card">
          <FunctionRadar r={r} />
          <FunctionTable r={r} />
          <p className="small muted card-foot">{t('assessment.result.radarNote')}</p>
        </Card>
        <Card title={t('assessment.result.adviceTitle')} testId="advice-card">
          {advice.length === 0 ? (
            <p className="muted">{t('assessment.result.noAdvice')}</p>
          ) : (
            <ol className="advice-list">
              {advice.map((a) => (
                <li key={a.itemId} data-testid="advice-item" data-item={a.itemId} data-unknown={a.unknown} className={a.unknown ? 'advice-unknown' : ''}>
                  <p className="advice-item-title">
                    <span className="choice-no">{itemNumber(t, a.itemId)}</span>
                    {a.unknown && <span className="badge badge-sev-medium">{t('assessment.result.checkFirst')}</span>} {textOf(a.itemId)}
                  </p>
                  {/* The question bank's hint is the same advice in the screen's language (the stored text is in the submitter's). */}
                  <p className="advice-text">{itemsById.get(a.itemId)?.help ?? a.text}</p>
                  {a.service && (
                    <p className="small advice-service">
                      {t('assessment.result.service')}：<strong>{a.service}</strong>
                    </p>
                  )}
                </li>
              ))}
            </ol>
          )}
          {own && (
            <p className="small card-foot">
              <Link to="/support">{t('assessment.result.ask')}</Link>
              {' ・ '}
              <Link to={`/companies/${companyId}/roadmap`}>{t('assessment.result.toRoadmap')}</Link>
            </p>
          )}
        </Card>
      </div>

      <div className="result-two">
        <Card title={t('assessment.result.twoStarTitle')} testId="two-star-evidence">
          {r.twoStarEvidence ? <p className="text-success-strong">✓ {t('assessment.result.twoStarYes')}</p> : <p>{t('assessment.result.twoStarNo')}</p>}
          <p className="small muted">{t('assessment.result.twoStarNote')}</p>
          <p className="card-foot">
            <Link to={`/companies/${companyId}/security-action`} className="btn btn-secondary btn-sm" data-testid="to-security-action">
              {t('assessment.result.toSecurityAction')}
            </Link>
          </p>
        </Card>
        <Card title={t('assessment.result.groupTitle')} testId="assessed-group">
          <p>
            <GroupName group={r.assessedGroup} />
          </p>
          {r.groupReasons.length > 0 && (
            <ul className="reason-list small">
              {r.groupReasons.map((g, i) => (
                <li key={i}>{g}</li>
              ))}
            </ul>
          )}
          <p className="small muted">{t('assessment.result.groupNote')}</p>
        </Card>
      </div>
    </div>
  );
}

function functionName(t: (k: string) => string, f: CsfFunction) {
  return t(`assessment.fn.${f}.name`);
}

function FunctionRadar({ r }: { r: AssessmentDetail }) {
  const { t } = useTranslation();
  const now = CSF_FUNCTIONS.map((f) => Math.round(r.byFunction[f]?.pct ?? 0));
  const prev = r.delta ? CSF_FUNCTIONS.map((f, i) => Math.max(0, Math.min(100, Math.round(now[i]! - (r.delta!.byFunction[f] ?? 0))))) : null;
  const option = useMemo<EChartsOption>(() => {
    const blue = CHART_COLORS[0]!;
    const grey = '#8a96a8';
    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT },
      tooltip: { trigger: 'item', confine: true },
      legend: prev ? { bottom: 0, data: [t('assessment.result.thisTime'), t('assessment.result.lastTime')], textStyle: { fontSize: 12 } } : undefined,
      radar: {
        indicator: CSF_FUNCTIONS.map((f) => ({ name: `${functionName(t, f)}\n${f}`, max: 100 })),
        radius: '68%',
        center: ['50%', prev ? '47%' : '52%'],
        splitNumber: 4,
        axisName: { color: '#3f4b5b', fontSize: 12, lineHeight: 15 },
        splitArea: { areaStyle: { color: ['#f7f9fc', '#ffffff'] } },
        splitLine: { lineStyle: { color: '#dce2eb' } },
        axisLine: { lineStyle: { color: '#dce2eb' } },
      },
      series: [
        {
          type: 'radar',
          symbolSize: 5,
          data: [
            ...(prev ? [{ value: prev, name: t('assessment.result.lastTime'), itemStyle: { color: grey }, lineStyle: { type: 'dashed' as const, width: 1.5, color: grey }, areaStyle: { opacity: 0 } }] : []),
            { value: now, name: t('assessment.result.thisTime'), itemStyle: { color: blue }, areaStyle: { color: blue, opacity: 0.22 }, lineStyle: { width: 2, color: blue } },
          ],
        },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [t, now.join(), prev?.join()]);
  return <Chart option={option} height={340} label={t('assessment.result.radarAlt', { values: CSF_FUNCTIONS.map((f, i) => `${functionName(t, f)} ${now[i]}%`).join(t('assessment.sep')) })} testId="radar-chart" />;
}

function FunctionTable({ r }: { r: AssessmentDetail }) {
  const { t } = useTranslation();
  return (
    <table className="table table-compact fn-table" data-testid="function-table">
      <thead>
        <tr>
          <th scope="col">{t('assessment.result.fnCol')}</th>
          <th scope="col" className="num">
            {t('assessment.result.pctCol')}
          </th>
          {r.delta && (
            <th scope="col" className="num">
              {t('assessment.result.deltaCol')}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {CSF_FUNCTIONS.map((f) => {
          const s = r.byFunction[f];
          const pct = Math.round(s?.pct ?? 0);
          const label = s?.label && ['initial', 'partial', 'established', 'advanced'].includes(s.label) ? s.label : indicativeLabel(pct);
          const d = r.delta?.byFunction[f];
          return (
            <tr key={f} data-testid="function-row" data-fn={f} data-pct={pct}>
              <td>
                <span className="cell-strong">{functionName(t, f)}</span> <span className="muted small">{f}</span>
                <span className="block small muted">{t(`assessment.fn.${f}.plain`)}</span>
              </td>
              <td className="num nowrap">
                <span className="fn-pct">{pct}%</span>
                <span className={`ind-label ind-${label}`} title={t('assessment.result.labelCol')}>
                  {t(`assessment.indicative.${label}`)}
                </span>
              </td>
              {r.delta && <td className={`num nowrap ${d && d > 0 ? 'text-success' : d && d < 0 ? 'text-danger' : ''}`}>{d === undefined ? '—' : signed(d)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

// ---------------------------------------------------------------- history

function HistoryCard({
  companyId,
  list,
  shownId,
  onShow,
  detail,
  itemsById,
}: {
  companyId: string;
  list: ReturnType<typeof useAssessmentList>;
  shownId: string;
  onShow: (id: string) => void;
  detail: AssessmentDetail | undefined;
  itemsById: Map<string, Item>;
}) {
  const { t } = useTranslation();
  const items = list.data?.items ?? [];
  return (
    <Card title={t('assessment.history.title')} testId="assessment-history">
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorAlert error={list.error} />
      ) : (
        <>
          <p className="small muted">{t('assessment.history.lead')}</p>
          <DataTable
            items={items}
            compact
            columns={[t('assessment.history.version'), t('assessment.history.date'), t('assessment.history.score'), t('assessment.history.band'), ...CSF_FUNCTIONS.map((f) => ({ label: f, className: 'num' }))]}
            row={(a) => {
              const idx = items.indexOf(a);
              const older = items[idx + 1];
              return (
                <LinkRow key={a.id} onOpen={() => onShow(a.id)} selected={a.id === shownId} data-testid="history-row" data-version={a.version} data-assessment-id={a.id}>
                  <td className="nowrap cell-strong">{t('assessment.history.v', { v: a.version })}</td>
                  <td className="nowrap small">{formatDateTime(a.createdAt)}</td>
                  <td className="nowrap">
                    <strong>{a.ipaScore}</strong>
                    {older && <span className={`small delta ${a.ipaScore > older.ipaScore ? 'text-success' : a.ipaScore < older.ipaScore ? 'text-danger' : 'muted'}`}> ({signed(a.ipaScore - older.ipaScore)})</span>}
                  </td>
                  <td className="nowrap small">{t(`assessment.band.${a.ipaBand}.short`)}</td>
                  {CSF_FUNCTIONS.map((f) => (
                    <td key={f} className="num small">
                      {Math.round(a.byFunction[f]?.pct ?? 0)}
                    </td>
                  ))}
                </LinkRow>
              );
            }}
          />
        </>
      )}
      {detail && detail.id === shownId && <DeltaDetail d={detail} itemsById={itemsById} companyId={companyId} />}
    </Card>
  );
}

function DeltaDetail({ d, itemsById }: { d: AssessmentDetail; itemsById: Map<string, Item>; companyId: string }) {
  const { t } = useTranslation();
  if (!d.delta) return <p className="small muted history-first">{t('assessment.history.first', { v: d.version })}</p>;
  const changes = d.delta.items;
  return (
    <div className="delta-detail" data-testid="delta-detail">
      <h3 className="sub-heading">{t('assessment.history.changesTitle', { v: d.version })}</h3>
      <p className="small">
        {t('assessment.history.scoreChange', { d: signed(d.delta.ipaScore) })}
        {' ・ '}
        {CSF_FUNCTIONS.map((f) => `${functionName(t, f)} ${signed(d.delta!.byFunction[f] ?? 0)}`).join(t('assessment.sep'))}
      </p>
      {changes.length === 0 ? (
        <p className="small muted">{t('assessment.history.noItemChanges')}</p>
      ) : (
        <ul className="change-list">
          {changes.map((c) => {
            const p = (answerPoints(c.to) ?? 0) - (answerPoints(c.from) ?? 0);
            return (
              <li key={c.id} data-testid="delta-item" data-item={c.id}>
                <span className="choice-no">{itemNumber(t, c.id)}</span>
                <span className="change-text">{itemsById.get(c.id)?.text ?? c.id}</span>
                <span className="change-ans nowrap">
                  {c.from ? t(`assessment.answer.${c.from}`) : t('assessment.history.unanswered')} → <strong>{c.to ? t(`assessment.answer.${c.to}`) : t('assessment.history.unanswered')}</strong>
                  {c.id.startsWith('Q') && p !== 0 && <span className={p > 0 ? 'text-success' : 'text-danger'}> ({t('assessment.history.points', { d: signed(p) })})</span>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

