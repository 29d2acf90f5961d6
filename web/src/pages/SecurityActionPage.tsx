// SECURITY ACTION: the company's own declaration to IPA (★ / ★★) — what it committed to, what it
// declared, its basic policy — and what is still missing for each star. It is a self-declaration:
// the screen says 宣言 and never 認定/取得, and we never declare on the company's behalf.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { API_BASE, ApiError, api } from '../api';
import { useCurrentUser } from '../auth';
import { formatDate, tokyoDay } from '../format';
import { TextField } from '../components/fields';
import { Card, ErrorAlert, FormError, Loading, Notice, usePageTitle } from '../components/ui';
import { AssessmentFrame } from '../components/assessment';
import { canEditCompanyRecord, isOwnCompany, keys, useAssessmentDetail, useLatestAssessment, useSecurityAction, type AnswerValue, type SaLevel, type SecurityAction } from '../assessment';

const ARTICLES = ['1', '2', '3', '4', '5'] as const;
const LEVELS: readonly SaLevel[] = ['none', 'one_star', 'two_star'];
const IPA_URL = 'https://www.ipa.go.jp/security/security-action/';

interface Form {
  level: SaLevel;
  declarationId: string;
  declaredAt: string;
  articles: Record<(typeof ARTICLES)[number], boolean>;
  approvedBy: string;
  approvedAt: string;
  publishedUrl: string;
}

function toForm(s: SecurityAction): Form {
  const fa = s.evidence.fiveArticles ?? {};
  const bp = s.evidence.basicPolicy;
  return {
    level: s.level,
    declarationId: s.declarationId ?? '',
    declaredAt: s.declaredAt?.slice(0, 10) ?? '',
    articles: { '1': !!fa['1'], '2': !!fa['2'], '3': !!fa['3'], '4': !!fa['4'], '5': !!fa['5'] },
    approvedBy: bp?.approvedBy ?? '',
    approvedAt: bp?.approvedAt?.slice(0, 10) ?? '',
    publishedUrl: bp?.publishedUrl ?? '',
  };
}

export function SecurityActionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  usePageTitle(t('assessment.sa.title'));
  const q = useSecurityAction(id);
  const latest = useLatestAssessment(id);
  const detail = useAssessmentDetail(id, latest.data?.id);
  const canEdit = canEditCompanyRecord(me, id);
  return (
    <AssessmentFrame companyId={id} title={t('assessment.sa.title')} lead={isOwnCompany(me, id) ? t('assessment.sa.lead') : t('assessment.sa.leadStaff')} testId="security-action-page">
      {q.isPending ? <Loading /> : q.error ? <ErrorAlert error={q.error} /> : <SecurityActionBody companyId={id} s={q.data} canEdit={canEdit} implemented={detail.data?.answers ?? null} />}
    </AssessmentFrame>
  );
}

function SecurityActionBody({ companyId, s, canEdit, implemented }: { companyId: string; s: SecurityAction; canEdit: boolean; implemented: Record<string, AnswerValue> | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState<Form>(() => toForm(s));
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm(toForm(s)), [s]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
    setSaved(false);
  };

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.put<SecurityAction>(`/companies/${companyId}/security-action`, body),
    onSuccess: (r) => {
      qc.setQueryData(keys.securityAction(companyId), r);
      void qc.invalidateQueries({ queryKey: keys.roadmap(companyId) });
      setSaved(true);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) {
        const out: Record<string, string> = {};
        for (const f of e.fields) {
          const key = f.path.replace(/^body\./, '').split('.').pop() ?? '';
          out[key] = f.message;
        }
        setErrors(out);
      }
    },
  });

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    if (form.level !== 'none' && !form.declaredAt) e.declaredAt = t('assessment.sa.err.declaredAt');
    const anyPolicy = form.approvedBy.trim() || form.approvedAt || form.publishedUrl.trim();
    if (anyPolicy && !form.approvedBy.trim()) e.approvedBy = t('assessment.sa.err.approvedBy');
    if (anyPolicy && !form.approvedAt) e.approvedAt = t('assessment.sa.err.approvedAt');
    if (form.publishedUrl.trim() && !/^https?:\/\/\S+$/.test(form.publishedUrl.trim())) e.publishedUrl = t('assessment.sa.err.url');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate({
      level: form.level,
      declarationId: form.declarationId.trim() || null,
      declaredAt: form.declaredAt || null,
      fiveArticles: form.articles,
      basicPolicy: anyPolicy ? { approvedBy: form.approvedBy.trim(), approvedAt: form.approvedAt, ...(form.publishedUrl.trim() ? { publishedUrl: form.publishedUrl.trim() } : {}) } : null,
    });
  };

  const pdfQuery = new URLSearchParams({ ...(form.approvedBy.trim() ? { approvedBy: form.approvedBy.trim() } : {}), date: form.approvedAt || tokyoDay(0) }).toString();
  const committed = ARTICLES.filter((a) => form.articles[a]).length;
  const diag = s.evidence.selfDiagnosis;

  return (
    <form onSubmit={onSubmit} noValidate className="sa-form" data-testid="sa-form">
      <Notice kind="info">
        {t('assessment.sa.selfDeclared')}{' '}
        <a href={IPA_URL} target="_blank" rel="noreferrer noopener">
          {t('assessment.sa.ipaLink')}
        </a>
      </Notice>

      <Eligibility s={s} />

      <Card title={t('assessment.sa.articlesTitle')} testId="sa-articles">
        <p className="small muted">{t('assessment.sa.articlesLead')}</p>
        <ul className="article-list">
          {ARTICLES.map((a) => {
            const impl = implemented?.[`Q0${a}`];
            return (
              <li key={a} className={`article ${form.articles[a] ? 'checked' : ''}`}>
                <label className="article-check" data-testid={`sa-article-${a}`}>
                  <input type="checkbox" checked={form.articles[a]} disabled={!canEdit} onChange={(e) => set('articles', { ...form.articles, [a]: e.target.checked })} />
                  <span>
                    <span className="article-no">{t('assessment.presurvey.article', { n: a })}</span>
                    <span className="article-title">{t(`assessment.sa.article.${a}`)}</span>
                  </span>
                </label>
                <span className={`impl impl-${impl ?? 'none'}`} title={t('assessment.sa.implementedTitle')}>
                  {impl ? t('assessment.sa.implemented', { answer: t(`assessment.answer.${impl}`) }) : t('assessment.sa.implementedUnknown')}
                </span>
              </li>
            );
          })}
        </ul>
        <p className="small muted card-foot">
          {t('assessment.sa.committedCount', { n: committed })}
          {s.evidence.fiveArticles?.committedAt ? ` ・ ${t('assessment.sa.committedAt', { at: formatDate(s.evidence.fiveArticles.committedAt) })}` : ''}
        </p>
      </Card>

      <div className="result-two">
        <Card title={t('assessment.sa.declarationTitle')} testId="sa-declaration">
          <fieldset className="radio-group">
            <legend className="field-label">{t('assessment.sa.level')}</legend>
            {LEVELS.map((l) => (
              <label key={l} className={`radio-card ${form.level === l ? 'checked' : ''}`} data-testid={`sa-level-${l}`}>
                <input type="radio" name="sa-level" value={l} checked={form.level === l} disabled={!canEdit} onChange={() => set('level', l)} />
                <span>
                  <span className="radio-title">{t(`assessment.sa.levels.${l}`)}</span>
                  <span className="radio-help">{t(`assessment.sa.levelsHelp.${l}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <TextField id="declarationId" label={t('assessment.sa.declarationId')} optionalMark value={form.declarationId} onChange={(e) => set('declarationId', e.target.value)} disabled={!canEdit} hint={t('assessment.sa.declarationIdHint')} inputMode="numeric" error={errors.declarationId} />
          <TextField id="declaredAt" type="date" label={t('assessment.sa.declaredAt')} required={form.level !== 'none'} value={form.declaredAt} onChange={(e) => set('declaredAt', e.target.value)} disabled={!canEdit} error={errors.declaredAt} />
        </Card>
        <Card title={t('assessment.sa.policyTitle')} testId="sa-policy">
          <p className="small muted">{t('assessment.sa.policyLead')}</p>
          <TextField id="approvedBy" label={t('assessment.sa.approvedBy')} value={form.approvedBy} onChange={(e) => set('approvedBy', e.target.value)} disabled={!canEdit} placeholder={t('assessment.sa.approvedByPlaceholder')} error={errors.approvedBy} />
          <TextField id="approvedAt" type="date" label={t('assessment.sa.approvedAt')} value={form.approvedAt} onChange={(e) => set('approvedAt', e.target.value)} disabled={!canEdit} error={errors.approvedAt} />
          <TextField id="publishedUrl" type="url" label={t('assessment.sa.publishedUrl')} optionalMark value={form.publishedUrl} onChange={(e) => set('publishedUrl', e.target.value)} disabled={!canEdit} placeholder="https://" hint={t('assessment.sa.publishedUrlHint')} error={errors.publishedUrl} />
          <a className="btn btn-secondary btn-block" href={`${API_BASE}/companies/${companyId}/basic-policy.pdf?${pdfQuery}`} target="_blank" rel="noreferrer" data-testid="sa-policy-pdf">
            {t('assessment.sa.policyPdf')}
          </a>
          <p className="small muted">{t('assessment.sa.policyPdfHint')}</p>
        </Card>
      </div>

      <Card title={t('assessment.sa.diagTitle')} testId="sa-diagnosis">
        {diag ? (
          <p>
            {t('assessment.sa.diagDone', { date: formatDate(diag.completedAt), score: diag.ipaScore })} <Link to={`/companies/${companyId}/assessment`}>{t('assessment.sa.diagOpen')}</Link>
          </p>
        ) : (
          <p>
            {t('assessment.sa.diagNone')} <Link to={`/companies/${companyId}/assessment`}>{t('assessment.sa.diagStart')}</Link>
          </p>
        )}
      </Card>

      {s.history.length > 0 && (
        <Card title={t('assessment.sa.historyTitle')} testId="sa-history">
          <ol className="history">
            {[...s.history].reverse().map((h, i) => (
              <li key={i} className="history-item">
                <span className="cell-strong">{t(`assessment.sa.levels.${h.level}`)}</span> <span className="muted small">{formatDate(h.at)}</span>
              </li>
            ))}
          </ol>
        </Card>
      )}

      {canEdit && (
        <div className="form-actions assess-actions sa-actions">
          <FormError error={save.error} />
          {saved && (
            <span className="save-status save-saved" role="status" data-testid="sa-saved">
              {t('assessment.save.saved')}
            </span>
          )}
          <button type="submit" className="btn btn-primary btn-lg" disabled={save.isPending} data-testid="sa-save">
            {t('assessment.sa.save')}
          </button>
        </div>
      )}
    </form>
  );
}

const MISSING_KEYS = new Set(['fiveArticles', 'selfDiagnosis', 'basicPolicy', 'basicPolicy.approved', 'basicPolicy.approvedBy', 'basicPolicy.approvedAt', 'basicPolicy.publishedUrl']);

/** The server's codes of what is missing, in words; the five articles in one line when all are missing. */
function missingTexts(t: (k: string, o?: Record<string, unknown>) => string, missing: string[]): { key: string; text: string }[] {
  const articles = missing.filter((m) => /^fiveArticles\.\d$/.test(m));
  const out: { key: string; text: string }[] = [];
  if (articles.length === 5) out.push({ key: 'fiveArticles', text: t('assessment.sa.missing.fiveArticles') });
  for (const m of missing) {
    const art = /^fiveArticles\.(\d)$/.exec(m);
    if (art) {
      if (articles.length < 5) out.push({ key: m, text: t('assessment.sa.missing.article', { n: art[1], title: t(`assessment.sa.article.${art[1]}`) }) });
    } else out.push({ key: m, text: MISSING_KEYS.has(m) ? t(`assessment.sa.missing.${m.replace('.', '_')}`) : m });
  }
  return out;
}

function Eligibility({ s }: { s: SecurityAction }) {
  const { t } = useTranslation();
  const e = s.eligibility;
  return (
    <Card title={t('assessment.sa.eligibilityTitle')} testId="sa-eligibility">
      <div className="elig-grid">
        <div className={`elig ${e.oneStar ? 'elig-ok' : ''}`} data-testid="elig-one" data-ok={e.oneStar}>
          <span className="elig-star" aria-hidden="true">
            ★
          </span>
          <div>
            <p className="elig-title">{t('assessment.sa.oneStar')}</p>
            <p className="small">{e.oneStar ? t('assessment.sa.canDeclare') : t('assessment.sa.notYet')}</p>
          </div>
        </div>
        <div className={`elig ${e.twoStar ? 'elig-ok' : ''}`} data-testid="elig-two" data-ok={e.twoStar}>
          <span className="elig-star" aria-hidden="true">
            ★★
          </span>
          <div>
            <p className="elig-title">{t('assessment.sa.twoStar')}</p>
            <p className="small">{e.twoStar ? t('assessment.sa.canDeclare') : t('assessment.sa.notYet')}</p>
          </div>
        </div>
      </div>
      {e.missing.length > 0 && (
        <>
          <h3 className="sub-heading">{t('assessment.sa.missingTitle')}</h3>
          <ul className="reason-list" data-testid="sa-missing">
            {missingTexts(t, e.missing).map((m) => (
              <li key={m.key} data-missing={m.key}>
                {m.text}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="small muted card-foot">{t('assessment.sa.declaredNow', { level: t(`assessment.sa.levels.${s.level}`) })}</p>
    </Card>
  );
}
