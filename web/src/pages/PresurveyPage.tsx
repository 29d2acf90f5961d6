// 事前アンケート: about ten questions at enrolment (organisation, measures, status) and the IT facts the
// deployment team needs → maturity group A/B/C with its reasons, a device recommendation and readiness flags.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { isProgramAdmin, useCurrentUser } from '../auth';
import { formatDateTime } from '../format';
import { toHalfWidth } from '../components/fields';
import { Card, ErrorAlert, FormError, Loading, Notice, usePageTitle } from '../components/ui';
import { AssessmentFrame, ChoiceGroup, GroupOverrideDialog } from '../components/assessment';
import { YPN, canEditCompanyRecord, isOwnCompany, keys, useLatestAssessment, useLocale, usePresurvey, useQuestions, type Facts, type IspLine, type PresurveyAnswers, type PresurveyQuestion, type PresurveyResult, type S8Flags, type Tri, type Ypn } from '../assessment';

type YesNo = 'yes' | 'no';
const YES_NO: readonly YesNo[] = ['yes', 'no'];
const TRI: readonly Tri[] = ['yes', 'no', 'unknown'];
const ISP_LINES: readonly IspLine[] = ['fiber', 'closed_network', 'mobile', 'other'];
const S8_KEYS: readonly (keyof S8Flags)[] = ['oneStar', 'twoStar', 'isms', 'pmark', 'insurance'];
const COMMON_CLOUD = ['Microsoft 365', 'Google Workspace', 'Box', 'Dropbox', 'kintone', 'LINE WORKS', 'Chatwork', 'freee', 'マネーフォワード'];
const ROUTER_MAKERS = ['YAMAHA', 'NEC', 'BUFFALO', 'I-O DATA', 'ELECOM', 'TP-Link', 'Cisco', 'FortiGate', 'NTT'];

interface Form {
  ypn: Record<string, Ypn | ''>;
  s4: number[];
  s8: S8Flags;
  pcCount: string;
  servers: string;
  wifi: YesNo | '';
  cloud: string[];
  cloudOther: string;
  routerMaker: string;
  routerPasswordChanged: Tri | '';
  existingUtm: YesNo | '';
  edr: YesNo | '';
  ispLine: IspLine | '';
  vpnBetweenSites: YesNo | '';
  allPcsOnNonVpnWifi: YesNo | '';
  routerIkev2: Tri | '';
}

const yn = (b: boolean | undefined): YesNo | '' => (b === undefined ? '' : b ? 'yes' : 'no');

function initialForm(prev: PresurveyResult | null | undefined): Form {
  const a = prev?.answers ?? {};
  const f = prev?.facts ?? {};
  const cloud = f.cloudServices ?? [];
  return {
    ypn: { S1: a.S1 ?? '', S2: a.S2 ?? '', S3: a.S3 ?? '', S5: a.S5 ?? '', S6: a.S6 ?? '', S7: a.S7 ?? '' },
    s4: a.S4 ?? [],
    s8: { oneStar: false, twoStar: false, isms: false, pmark: false, insurance: false, ...(a.S8 ?? {}) },
    pcCount: f.pcCount === undefined ? '' : String(f.pcCount),
    servers: f.servers === undefined ? '' : String(f.servers),
    wifi: yn(f.wifi),
    cloud: cloud.filter((c) => COMMON_CLOUD.includes(c)),
    cloudOther: cloud.filter((c) => !COMMON_CLOUD.includes(c)).join('、'),
    routerMaker: f.routerMaker ?? '',
    routerPasswordChanged: f.routerPasswordChanged ?? '',
    existingUtm: yn(f.existingUtm),
    edr: yn(f.edr),
    ispLine: f.ispLine ?? '',
    vpnBetweenSites: yn(f.vpnBetweenSites),
    allPcsOnNonVpnWifi: yn(f.allPcsOnNonVpnWifi),
    routerIkev2: f.routerIkev2 ?? '',
  };
}

export function PresurveyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  usePageTitle(t('assessment.presurvey.title'));
  const questions = useQuestions();
  const latest = usePresurvey(id);
  const [editing, setEditing] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const canEdit = canEditCompanyRecord(me, id);

  let body;
  if (questions.isPending || latest.isPending) body = <Loading />;
  else if (latest.error || questions.error) body = <ErrorAlert error={latest.error ?? questions.error} />;
  else if (latest.data && !editing) {
    body = (
      <>
        <PresurveyResultCard result={latest.data} companyId={id} onOverride={isProgramAdmin(me.role) ? () => setOverriding(true) : undefined} onAgain={canEdit ? () => setEditing(true) : undefined} />
      </>
    );
  } else if (!canEdit) {
    body = <Notice kind="info">{t('assessment.presurvey.notYet')}</Notice>;
  } else {
    body = <PresurveyForm companyId={id} questions={questions.data.presurvey} previous={latest.data} onDone={() => setEditing(false)} onCancel={latest.data ? () => setEditing(false) : undefined} />;
  }

  return (
    <AssessmentFrame companyId={id} title={t('assessment.presurvey.title')} lead={isOwnCompany(me, id) ? t('assessment.presurvey.lead') : t('assessment.presurvey.leadStaff')} testId="presurvey-page">
      {body}
      {overriding && <GroupOverrideDialog companyId={id} current={latest.data ? (latest.data.override?.group ?? latest.data.group) : null} onClose={() => setOverriding(false)} />}
    </AssessmentFrame>
  );
}

function PresurveyForm({ companyId, questions, previous, onDone, onCancel }: { companyId: string; questions: PresurveyQuestion[]; previous: PresurveyResult | null; onDone: () => void; onCancel?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const locale = useLocale();
  const [form, setForm] = useState<Form>(() => initialForm(previous));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => {
      const { [k]: _drop, ...rest } = e;
      return rest;
    });
  };
  const setYpn = (qid: string, v: Ypn) => {
    setForm((f) => ({ ...f, ypn: { ...f.ypn, [qid]: v } }));
    setErrors((e) => {
      const { [qid]: _drop, ...rest } = e;
      return rest;
    });
  };

  const save = useMutation({
    mutationFn: (body: { answers: PresurveyAnswers; facts: Facts }) => api.post<PresurveyResult>(`/companies/${companyId}/presurvey?locale=${locale}`, body),
    onSuccess: async (r) => {
      qc.setQueryData(keys.presurvey(companyId), r);
      await Promise.all([qc.invalidateQueries({ queryKey: ['company', companyId] }), qc.invalidateQueries({ queryKey: keys.roadmap(companyId) })]);
      onDone();
      window.scrollTo({ top: 0 });
    },
  });

  const validate = (): Record<string, string> => {
    const e: Record<string, string> = {};
    const pick = t('assessment.presurvey.err.choose');
    for (const q of questions) if (q.kind === 'ypn' && !form.ypn[q.id]) e[q.id] = pick;
    const pcs = toHalfWidth(form.pcCount).trim();
    if (!/^\d{1,5}$/.test(pcs)) e.pcCount = t('assessment.presurvey.err.count');
    const srv = toHalfWidth(form.servers).trim();
    if (!/^\d{1,4}$/.test(srv)) e.servers = t('assessment.presurvey.err.count');
    for (const k of ['wifi', 'routerPasswordChanged', 'existingUtm', 'edr', 'ispLine', 'vpnBetweenSites', 'allPcsOnNonVpnWifi', 'routerIkev2'] as const) if (!form[k]) e[k] = pick;
    return e;
  };

  // Once the user tried to send, missing answers clear as they are filled in.
  useEffect(() => {
    if (tried) setErrors(validate());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form, tried]);

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    setTried(true);
    const e = validate();
    setErrors(e);
    const first = Object.keys(e)[0];
    if (first) {
      document.getElementById(`q-${first}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      return;
    }
    const cloud = [
      ...form.cloud,
      ...form.cloudOther
        .split(/[、,，\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ];
    const answers = {
      S1: form.ypn.S1,
      S2: form.ypn.S2,
      S3: form.ypn.S3,
      S4: [...form.s4].sort(),
      S5: form.ypn.S5,
      S6: form.ypn.S6,
      S7: form.ypn.S7,
      S8: form.s8,
    } as PresurveyAnswers;
    const facts: Facts = {
      pcCount: Number(toHalfWidth(form.pcCount).trim()),
      servers: Number(toHalfWidth(form.servers).trim()),
      wifi: form.wifi === 'yes',
      cloudServices: [...new Set(cloud)],
      routerMaker: form.routerMaker.trim(),
      routerPasswordChanged: form.routerPasswordChanged as Tri,
      existingUtm: form.existingUtm === 'yes',
      edr: form.edr === 'yes',
      ispLine: form.ispLine as IspLine,
      vpnBetweenSites: form.vpnBetweenSites === 'yes',
      allPcsOnNonVpnWifi: form.allPcsOnNonVpnWifi === 'yes',
      routerIkev2: form.routerIkev2 as Tri,
    };
    save.mutate({ answers, facts });
  };

  const ypnLabel = (v: Ypn) => t(`assessment.ypn.${v}`);
  const ynLabel = (v: YesNo) => t(`assessment.yesNo.${v}`);
  const triLabel = (v: Tri) => t(`assessment.tri.${v}`);
  const byAxis = (axis: string) => questions.filter((q) => q.axis === axis);
  const missing = Object.keys(errors).length;

  const renderQuestion = (q: PresurveyQuestion) => {
    if (q.kind === 'ypn') {
      return <ChoiceGroup key={q.id} name={q.id} number={q.id} legend={q.text} values={YPN} labelOf={ypnLabel} value={form.ypn[q.id]} onChange={(v) => setYpn(q.id, v)} error={errors[q.id]} testId={`ps-${q.id}`} />;
    }
    if (q.kind === 'checklist') {
      return (
        <fieldset key={q.id} className="choice-q answered" data-testid={`ps-${q.id}`} id={`q-${q.id}`}>
          <legend className="choice-legend">
            <span className="choice-no">{q.id}</span>
            <span>{q.text}</span>
          </legend>
          <div className="check-cards">
            {(q.options ?? []).map((o) => {
              const n = Number(o.id);
              const on = form.s4.includes(n);
              return (
                <label key={String(o.id)} className={`check-card ${on ? 'checked' : ''}`} data-value={n}>
                  <input type="checkbox" checked={on} onChange={(e) => set('s4', e.target.checked ? [...form.s4, n] : form.s4.filter((x) => x !== n))} />
                  <span>
                    <span className="check-no">{t('assessment.presurvey.article', { n })}</span>
                    {o.text}
                  </span>
                </label>
              );
            })}
          </div>
          <p className="choice-help">{t('assessment.presurvey.checklistHelp', { n: form.s4.length })}</p>
        </fieldset>
      );
    }
    if (q.kind === 'flags') {
      const opts = q.options?.length ? q.options.map((o) => ({ id: String(o.id) as keyof S8Flags, text: o.text })) : S8_KEYS.map((k) => ({ id: k, text: t(`assessment.presurvey.s8.${k}`) }));
      return (
        <fieldset key={q.id} className="choice-q answered" data-testid={`ps-${q.id}`} id={`q-${q.id}`}>
          <legend className="choice-legend">
            <span className="choice-no">{q.id}</span>
            <span>{q.text}</span>
          </legend>
          <div className="check-cards">
            {opts.map((o) => (
              <label key={o.id} className={`check-card ${form.s8[o.id] ? 'checked' : ''}`} data-value={o.id}>
                <input type="checkbox" checked={!!form.s8[o.id]} onChange={(e) => set('s8', { ...form.s8, [o.id]: e.target.checked })} />
                <span>{o.text}</span>
              </label>
            ))}
          </div>
          <p className="choice-help">{t('assessment.presurvey.flagsHelp')}</p>
        </fieldset>
      );
    }
    return null;
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="presurvey-form" className="assess-form">
      <Card title={t('assessment.presurvey.sectionOrg')}>{byAxis('ORG').map(renderQuestion)}</Card>
      <Card title={t('assessment.presurvey.sectionMeasures')}>{byAxis('MEASURES').map(renderQuestion)}</Card>
      <Card title={t('assessment.presurvey.sectionEvidence')}>{questions.filter((q) => q.kind === 'flags').map(renderQuestion)}</Card>
      <Card title={t('assessment.presurvey.sectionFacts')} testId="ps-facts">
        <p className="small muted facts-lead">{questions.find((q) => q.kind === 'facts')?.text ?? t('assessment.presurvey.factsLead')}</p>
        <div className="facts-grid">
          <NumberQ id="pcCount" label={t('assessment.facts.pcCount')} unit={t('assessment.facts.unitPcs')} value={form.pcCount} onChange={(v) => set('pcCount', v)} error={errors.pcCount} />
          <NumberQ id="servers" label={t('assessment.facts.servers')} unit={t('assessment.facts.unitPcs')} hint={t('assessment.facts.serversHint')} value={form.servers} onChange={(v) => set('servers', v)} error={errors.servers} />
        </div>
        <ChoiceGroup name="wifi" legend={t('assessment.facts.wifi')} values={YES_NO} labelOf={ynLabel} value={form.wifi} onChange={(v) => set('wifi', v)} error={errors.wifi} testId="ps-wifi" />
        <fieldset className="choice-q answered" data-testid="ps-cloud" id="q-cloud">
          <legend className="choice-legend">
            <span>{t('assessment.facts.cloud')}</span>
          </legend>
          <div className="check-cards check-cards-compact">
            {COMMON_CLOUD.map((c) => (
              <label key={c} className={`check-card ${form.cloud.includes(c) ? 'checked' : ''}`} data-value={c}>
                <input type="checkbox" checked={form.cloud.includes(c)} onChange={(e) => set('cloud', e.target.checked ? [...form.cloud, c] : form.cloud.filter((x) => x !== c))} />
                <span>{c}</span>
              </label>
            ))}
          </div>
          <label className="field-label small" htmlFor="cloudOther">
            {t('assessment.facts.cloudOther')}
          </label>
          <input id="cloudOther" className="input" value={form.cloudOther} onChange={(e) => set('cloudOther', e.target.value)} placeholder={t('assessment.facts.cloudOtherPlaceholder')} />
        </fieldset>
        <div className="field">
          <div className="field-label-row">
            <label htmlFor="routerMaker" className="field-label">
              {t('assessment.facts.routerMaker')}
            </label>
            <span className="opt" aria-hidden="true">
              {t('common.optional')}
            </span>
          </div>
          <input id="routerMaker" className="input field-narrow-input" list="router-makers" value={form.routerMaker} onChange={(e) => set('routerMaker', e.target.value)} aria-describedby="routerMaker-hint" />
          <datalist id="router-makers">
            {ROUTER_MAKERS.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
          <p className="field-hint" id="routerMaker-hint">
            {t('assessment.facts.routerMakerHint')}
          </p>
        </div>
        <ChoiceGroup name="routerPasswordChanged" legend={t('assessment.facts.routerPasswordChanged')} values={TRI} labelOf={triLabel} value={form.routerPasswordChanged} onChange={(v) => set('routerPasswordChanged', v)} error={errors.routerPasswordChanged} testId="ps-routerPasswordChanged" />
        <ChoiceGroup name="existingUtm" legend={t('assessment.facts.existingUtm')} help={t('assessment.facts.existingUtmHelp')} values={YES_NO} labelOf={ynLabel} value={form.existingUtm} onChange={(v) => set('existingUtm', v)} error={errors.existingUtm} testId="ps-existingUtm" />
        <ChoiceGroup name="edr" legend={t('assessment.facts.edr')} help={t('assessment.facts.edrHelp')} values={YES_NO} labelOf={ynLabel} value={form.edr} onChange={(v) => set('edr', v)} error={errors.edr} testId="ps-edr" />
        <ChoiceGroup name="ispLine" legend={t('assessment.facts.ispLine')} values={ISP_LINES} labelOf={(v) => t(`assessment.facts.isp.${v}`)} value={form.ispLine} onChange={(v) => set('ispLine', v)} error={errors.ispLine} testId="ps-ispLine" />
        <ChoiceGroup name="vpnBetweenSites" legend={t('assessment.facts.vpnBetweenSites')} values={YES_NO} labelOf={ynLabel} value={form.vpnBetweenSites} onChange={(v) => set('vpnBetweenSites', v)} error={errors.vpnBetweenSites} testId="ps-vpnBetweenSites" />
        <ChoiceGroup name="allPcsOnNonVpnWifi" legend={t('assessment.facts.allPcsOnNonVpnWifi')} help={t('assessment.facts.allPcsOnNonVpnWifiHelp')} values={YES_NO} labelOf={ynLabel} value={form.allPcsOnNonVpnWifi} onChange={(v) => set('allPcsOnNonVpnWifi', v)} error={errors.allPcsOnNonVpnWifi} testId="ps-allPcsOnNonVpnWifi" />
        <ChoiceGroup name="routerIkev2" legend={t('assessment.facts.routerIkev2')} help={t('assessment.facts.routerIkev2Help')} values={TRI} labelOf={triLabel} value={form.routerIkev2} onChange={(v) => set('routerIkev2', v)} error={errors.routerIkev2} testId="ps-routerIkev2" />
      </Card>
      <FormError error={save.error} />
      {tried && missing > 0 && (
        <Notice kind="warning" testId="presurvey-missing">
          {t('assessment.presurvey.missing', { n: missing })}
        </Notice>
      )}
      <div className="form-actions assess-actions">
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="btn btn-primary btn-lg" disabled={save.isPending} data-testid="presurvey-submit">
          {save.isPending ? t('assessment.presurvey.sending') : t('assessment.presurvey.submit')}
        </button>
      </div>
    </form>
  );
}

function NumberQ({ id, label, unit, hint, value, onChange, error }: { id: string; label: string; unit: string; hint?: string; value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <div className={`field ${error ? 'has-error' : ''}`} id={`q-${id}`}>
      <div className="field-label-row">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        <span className="req" aria-hidden="true">
          {t('common.required')}
        </span>
      </div>
      <div className="input-unit">
        <input id={id} className="input" inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined} data-testid={`ps-${id}`} />
        <span>{unit}</span>
      </div>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The pre-survey's result: the group and why, the device recommendation and the readiness flags. */
export function PresurveyResultCard({ result, companyId, onOverride, onAgain }: { result: PresurveyResult; companyId: string; onOverride?: (() => void) | undefined; onAgain?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const group = result.override?.group ?? result.group;
  const assessed = useLatestAssessment(companyId);
  return (
    <div className="presurvey-result" data-testid="presurvey-result" data-group={group} data-device={result.deviceRecommendation.kind}>
      <Card
        title={t('assessment.presurvey.resultTitle')}
        actions={
          (onAgain || onOverride) && (
            <>
              {onAgain && (
                <button type="button" className="btn btn-ghost btn-sm" onClick={onAgain} data-testid="presurvey-again">
                  {t('assessment.presurvey.again')}
                </button>
              )}
              {onOverride && (
                <button type="button" className="btn btn-secondary btn-sm" onClick={onOverride} data-testid="group-override-open">
                  {t('assessment.override.open')}
                </button>
              )}
            </>
          )
        }
      >
        <div className="result-group">
          <span className={`group-big group-${group}`} aria-hidden="true">
            {group}
          </span>
          <div>
            <p className="result-group-name" data-testid="presurvey-group">
              {t(`codes.group.${group}`)}
            </p>
            <p className="small">{t(`assessment.groupNext.${group}`)}</p>
            <p className="muted small">{t('assessment.presurvey.answeredAt', { at: formatDateTime(result.createdAt) })}</p>
          </div>
        </div>
        {result.override && (
          <Notice kind="info" testId="presurvey-override">
            {t('assessment.presurvey.overridden', { from: result.group, to: result.override.group, reason: result.override.reason, at: formatDateTime(result.override.at) })}
          </Notice>
        )}
        {result.groupReasons.length > 0 && (
          <>
            <h3 className="sub-heading">{result.override ? t('assessment.presurvey.reasonsComputed') : t('assessment.presurvey.reasons')}</h3>
            <ul className="reason-list" data-testid="presurvey-reasons">
              {result.groupReasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </>
        )}
      </Card>
      <div className="result-two">
        <Card title={t('assessment.presurvey.deviceTitle')} testId="presurvey-device">
          <p className="device-kind" data-testid="device-kind">
            {t(`assessment.device.${result.deviceRecommendation.kind}`)}
          </p>
          <p className="small muted">{t(`assessment.deviceHelp.${result.deviceRecommendation.kind}`)}</p>
          {result.deviceRecommendation.reasons.length > 0 && (
            <ul className="reason-list">
              {result.deviceRecommendation.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('assessment.presurvey.flagsTitle')} testId="presurvey-flags">
          {result.readinessFlags.length === 0 ? (
            <p className="muted">{t('assessment.presurvey.noFlags')}</p>
          ) : (
            <ul className="flag-list">
              {result.readinessFlags.map((f) => (
                <li key={f} data-testid="readiness-flag" data-flag={f}>
                  <span className="flag-title">{t(`assessment.flag.${f}.title`, { defaultValue: f })}</span>
                  <span className="small">{t(`assessment.flag.${f}.text`, { defaultValue: '' })}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="small muted card-foot">{t('assessment.presurvey.flagsNote')}</p>
        </Card>
      </div>
      {assessed.data === null && (
        <Card className="next-card">
          <p className="next-text">{t('assessment.presurvey.next')}</p>
          <Link to={`/companies/${companyId}/assessment`} className="btn btn-primary" data-testid="presurvey-to-assessment">
            {t('assessment.presurvey.toAssessment')}
          </Link>
        </Card>
      )}
    </div>
  );
}

