import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { codeOptions, useReferenceCodes } from '../codes';
import { PublicLayout } from '../components/PublicLayout';
import { CheckboxField, SelectField, TextArea, TextField, toHalfWidth } from '../components/fields';
import { FormError, Notice, usePageTitle } from '../components/ui';
import type { Application } from '../types';
import { localizeFieldErrors } from '../fieldErrors';
import { EMAIL_RE, PHONE_RE } from '../validation';

interface ApplyForm {
  companyName: string;
  industry: string;
  employeesBand: string;
  pcCount: string;
  sites: string;
  contactName: string;
  contactTitle: string;
  phone: string;
  email: string;
  address: string;
  referralRoute: string;
  referralNote: string;
  consent: boolean;
}

const empty: ApplyForm = {
  companyName: '',
  industry: '',
  employeesBand: '',
  pcCount: '',
  sites: '1',
  contactName: '',
  contactTitle: '',
  phone: '',
  email: '',
  address: '',
  referralRoute: '',
  referralNote: '',
  consent: false,
};

type Errors = Partial<Record<keyof ApplyForm, string>>;


/** Returns i18n keys (not texts) so messages follow a language switch. */
function validate(f: ApplyForm, t: (k: string) => string): Errors {
  const e: Errors = {};
  if (!f.companyName.trim()) e.companyName = t('apply.err.companyName');
  if (!f.industry) e.industry = t('apply.err.industry');
  if (!f.employeesBand) e.employeesBand = t('apply.err.employeesBand');
  for (const k of ['pcCount', 'sites'] as const) {
    const v = toHalfWidth(f[k]).trim();
    if (v === '') e[k] = t(`apply.err.${k}Required`);
    else if (!/^\d+$/.test(v)) e[k] = t('apply.err.nonNegativeInt');
  }
  if (!f.contactName.trim()) e.contactName = t('apply.err.contactName');
  const phone = toHalfWidth(f.phone).trim();
  if (!phone) e.phone = t('apply.err.phoneRequired');
  else if (!PHONE_RE.test(phone) || phone.replace(/\D/g, '').length < 10 || phone.replace(/\D/g, '').length > 15) e.phone = t('apply.err.phoneFormat');
  const email = toHalfWidth(f.email).trim();
  if (!email) e.email = t('apply.err.emailRequired');
  else if (!EMAIL_RE.test(email)) e.email = t('apply.err.emailFormat');
  if (!f.referralRoute) e.referralRoute = t('apply.err.referralRoute');
  if (f.referralRoute === 'other' && !f.referralNote.trim()) e.referralNote = t('apply.err.referralNoteOther');
  if (!f.consent) e.consent = t('apply.err.consent');
  return e;
}

/** Server field → the message shown next to it when the server rejects the value. */
const SERVER_FIELD_MESSAGES: Record<string, string> = {
  companyName: 'apply.err.companyNameServer',
  industry: 'apply.err.industry',
  employeesBand: 'apply.err.employeesBand',
  pcCount: 'apply.err.nonNegativeInt',
  sites: 'apply.err.nonNegativeInt',
  contactName: 'apply.err.textServer',
  contactTitle: 'apply.err.textServer',
  phone: 'apply.err.phoneFormat',
  email: 'apply.err.emailFormat',
  address: 'apply.err.textServer',
  referralRoute: 'apply.err.referralRoute',
  referralNote: 'apply.err.textServer',
  consent: 'apply.err.consent',
};

const FIELD_ORDER: (keyof ApplyForm)[] = [
  'companyName',
  'industry',
  'employeesBand',
  'pcCount',
  'sites',
  'address',
  'contactName',
  'contactTitle',
  'phone',
  'email',
  'referralRoute',
  'referralNote',
  'consent',
];

export function ApplyPage() {
  const { t } = useTranslation();
  const codes = useReferenceCodes();
  const [form, setForm] = useState<ApplyForm>(empty);
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState<Application | null>(null);
  const topRef = useRef<HTMLDivElement>(null);

  usePageTitle(t('apply.title'));

  const submit = useMutation({
    mutationFn: (f: ApplyForm) =>
      api.post<Application>('/applications', {
        companyName: f.companyName.trim(),
        industry: f.industry,
        employeesBand: f.employeesBand,
        pcCount: Number(toHalfWidth(f.pcCount).trim()),
        sites: Number(toHalfWidth(f.sites).trim()),
        contactName: f.contactName.trim(),
        contactTitle: f.contactTitle.trim() || undefined,
        phone: toHalfWidth(f.phone).trim(),
        email: toHalfWidth(f.email).trim(),
        address: f.address.trim() || undefined,
        referralRoute: f.referralRoute,
        referralNote: f.referralNote.trim() || undefined,
        consent: true,
      }),
    onSuccess: (app) => {
      setDone(app);
      window.scrollTo({ top: 0 });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length > 0) {
        const errs = localizeFieldErrors(e, (k) => k, SERVER_FIELD_MESSAGES) as Errors;
        setErrors(errs);
        focusFirstError(errs);
      } else {
        topRef.current?.scrollIntoView({ block: 'start' });
      }
    },
  });

  const tr = (key: string | undefined) => (key ? t(key) : undefined);
  const set = <K extends keyof ApplyForm>(k: K, v: ApplyForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  };

  const focusFirstError = (errs: Errors) => {
    const first = FIELD_ORDER.find((k) => errs[k]);
    if (first) {
      const el = document.getElementById(first);
      el?.focus();
      el?.scrollIntoView({ block: 'center' });
    }
  };

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const errs = validate(form, (k) => k);
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      focusFirstError(errs);
      return;
    }
    submit.mutate(form);
  };

  if (done) return <ThankYou app={done} />;

  const errorCount = Object.values(errors).filter(Boolean).length;
  const serverError = submit.error;
  const duplicate = serverError instanceof ApiError && serverError.code === 'duplicate_application';

  return (
    <PublicLayout>
      <section className="hero">
        <div className="hero-inner">
          <p className="hero-eyebrow">{t('apply.eyebrow')}</p>
          <h1 className="hero-title">{t('apply.heroTitle')}</h1>
          <p className="hero-lead">{t('apply.heroLead')}</p>
          <ul className="features">
            {(['desk', 'monitor', 'onsite', 'insurance'] as const).map((k) => (
              <li key={k} className="feature">
                <span className={`feature-icon feature-${k}`} aria-hidden="true">
                  <FeatureIcon kind={k} />
                </span>
                <div>
                  <p className="feature-title">{t(`apply.features.${k}.title`)}</p>
                  <p className="feature-text">{t(`apply.features.${k}.text`)}</p>
                </div>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <div className="apply-wrap" ref={topRef}>
        <form className="card apply-form" onSubmit={onSubmit} noValidate aria-labelledby="apply-form-title" data-testid="apply-form">
          <div className="card-body">
            <h2 id="apply-form-title" className="form-title">
              {t('apply.formTitle')}
            </h2>
            <p className="form-lead">{t('apply.formLead')}</p>

            {duplicate && (
              <Notice kind="warning" role="alert" testId="duplicate-application">
                <p className="alert-title">{t('errors.duplicate_application')}</p>
                <p>{t('apply.duplicateHelp')}</p>
              </Notice>
            )}
            {!duplicate && <FormError error={serverError} />}
            {errorCount > 0 && (
              <Notice kind="error" testId="form-error-summary">
                {t('apply.errorSummary', { count: errorCount })}
              </Notice>
            )}

            <fieldset className="form-section">
              <legend>{t('apply.sections.company')}</legend>
              <TextField id="companyName" label={t('apply.fields.companyName')} required value={form.companyName} onChange={(e) => set('companyName', e.target.value)} error={tr(errors.companyName)} autoComplete="organization" placeholder={t('apply.placeholders.companyName')} />
              <div className="grid-2">
                <SelectField id="industry" label={t('apply.fields.industry')} required value={form.industry} onChange={(e) => set('industry', e.target.value)} error={tr(errors.industry)} options={codeOptions(t, codes.industries, 'codes.industry')} placeholder={t('common.selectPlaceholder')} />
                <SelectField id="employeesBand" label={t('apply.fields.employeesBand')} required value={form.employeesBand} onChange={(e) => set('employeesBand', e.target.value)} error={tr(errors.employeesBand)} options={codeOptions(t, codes.employeeBands, 'codes.employees')} placeholder={t('common.selectPlaceholder')} />
              </div>
              <div className="grid-2">
                <TextField id="pcCount" label={t('apply.fields.pcCount')} required inputMode="numeric" value={form.pcCount} onChange={(e) => set('pcCount', e.target.value)} error={tr(errors.pcCount)} hint={t('apply.hints.pcCount')} className="field-narrow" />
                <TextField id="sites" label={t('apply.fields.sites')} required inputMode="numeric" value={form.sites} onChange={(e) => set('sites', e.target.value)} error={tr(errors.sites)} hint={t('apply.hints.sites')} className="field-narrow" />
              </div>
              <TextField id="address" label={t('apply.fields.address')} optionalMark value={form.address} onChange={(e) => set('address', e.target.value)} error={tr(errors.address)} autoComplete="street-address" placeholder={t('apply.placeholders.address')} />
            </fieldset>

            <fieldset className="form-section">
              <legend>{t('apply.sections.contact')}</legend>
              <div className="grid-2">
                <TextField id="contactName" label={t('apply.fields.contactName')} required value={form.contactName} onChange={(e) => set('contactName', e.target.value)} error={tr(errors.contactName)} autoComplete="name" placeholder={t('apply.placeholders.contactName')} />
                <TextField id="contactTitle" label={t('apply.fields.contactTitle')} optionalMark value={form.contactTitle} onChange={(e) => set('contactTitle', e.target.value)} error={tr(errors.contactTitle)} autoComplete="organization-title" placeholder={t('apply.placeholders.contactTitle')} />
              </div>
              <div className="grid-2">
                <TextField id="phone" label={t('apply.fields.phone')} required type="tel" inputMode="tel" value={form.phone} onChange={(e) => set('phone', e.target.value)} error={tr(errors.phone)} autoComplete="tel" placeholder="052-123-4567" hint={t('apply.hints.phone')} />
                <TextField id="email" label={t('apply.fields.email')} required type="email" inputMode="email" value={form.email} onChange={(e) => set('email', e.target.value)} error={tr(errors.email)} autoComplete="email" placeholder="tanaka@example.co.jp" hint={t('apply.hints.email')} />
              </div>
            </fieldset>

            <fieldset className="form-section">
              <legend>{t('apply.sections.referral')}</legend>
              <SelectField id="referralRoute" label={t('apply.fields.referralRoute')} required value={form.referralRoute} onChange={(e) => set('referralRoute', e.target.value)} error={tr(errors.referralRoute)} options={codeOptions(t, codes.referralRoutes, 'codes.referral')} placeholder={t('common.selectPlaceholder')} />
              <TextArea id="referralNote" label={t('apply.fields.referralNote')} optionalMark={form.referralRoute !== 'other'} required={form.referralRoute === 'other'} rows={2} value={form.referralNote} onChange={(e) => set('referralNote', e.target.value)} error={tr(errors.referralNote)} placeholder={t('apply.placeholders.referralNote')} />
            </fieldset>

            <fieldset className="form-section">
              <legend>{t('apply.sections.consent')}</legend>
              <div className="consent-box" id="consent-text" data-testid="consent-text">
                <p>{t('apply.consent.intro')}</p>
                <ul>
                  <li>{t('apply.consent.item1')}</li>
                  <li>{t('apply.consent.item2')}</li>
                  <li>{t('apply.consent.item3')}</li>
                  <li>{t('apply.consent.item4')}</li>
                </ul>
              </div>
              <CheckboxField id="consent" label={t('apply.fields.consent')} checked={form.consent} onChange={(e) => set('consent', e.target.checked)} error={tr(errors.consent)} />
            </fieldset>

            <div className="form-submit">
              <button type="submit" className="btn btn-primary btn-lg" disabled={submit.isPending} data-testid="apply-submit">
                {submit.isPending ? t('apply.submitting') : t('apply.submit')}
              </button>
              <p className="muted small">{t('apply.submitNote')}</p>
            </div>
          </div>
        </form>
      </div>
    </PublicLayout>
  );
}

function ThankYou({ app }: { app: Application }) {
  const { t } = useTranslation();
  return (
    <PublicLayout narrow>
      <div className="card thanks" data-testid="apply-thanks">
        <div className="card-body">
          <div className="thanks-check" aria-hidden="true">
            ✓
          </div>
          <h1 className="thanks-title">{t('apply.thanks.title')}</h1>
          <p className="thanks-lead">{t('apply.thanks.lead', { company: app.companyName })}</p>
          <div className="ref-box">
            <span className="ref-label">{t('apply.thanks.reference')}</span>
            <span className="ref-number" data-testid="reference-number">
              {app.id}
            </span>
            <span className="muted small">{t('apply.thanks.referenceNote')}</span>
          </div>
          <h2 className="section-title">{t('apply.thanks.nextTitle')}</h2>
          <ol className="steps">
            {(['step1', 'step2', 'step3', 'step4'] as const).map((k, i) => (
              <li key={k} className="step">
                <span className="step-num" aria-hidden="true">
                  {i + 1}
                </span>
                <div>
                  <p className="step-title">{t(`apply.thanks.${k}.title`)}</p>
                  <p className="step-text">{t(`apply.thanks.${k}.text`, { email: app.email })}</p>
                </div>
              </li>
            ))}
          </ol>
          <p className="muted small">{t('apply.contactNote')}</p>
        </div>
      </div>
    </PublicLayout>
  );
}

function FeatureIcon({ kind }: { kind: 'desk' | 'monitor' | 'onsite' | 'insurance' }) {
  const common = { fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const };
  switch (kind) {
    case 'desk':
      return (
        <svg viewBox="0 0 24 24" width="26" height="26">
          <path {...common} d="M4 13v-1a8 8 0 0 1 16 0v1" />
          <rect {...common} x="3" y="13" width="4" height="6" rx="1.5" />
          <rect {...common} x="17" y="13" width="4" height="6" rx="1.5" />
          <path {...common} d="M19 19c0 1.5-2 2.5-5 2.5" />
        </svg>
      );
    case 'monitor':
      return (
        <svg viewBox="0 0 24 24" width="26" height="26">
          <rect {...common} x="3" y="4" width="18" height="12" rx="2" />
          <path {...common} d="M8 20h8M12 16v4M6 11l3-3 3 3 2-2 4 4" />
        </svg>
      );
    case 'onsite':
      return (
        <svg viewBox="0 0 24 24" width="26" height="26">
          <path {...common} d="M12 21s-7-6.2-7-11.5A7 7 0 0 1 19 9.5C19 14.8 12 21 12 21z" />
          <circle {...common} cx="12" cy="9.5" r="2.5" />
        </svg>
      );
    case 'insurance':
      return (
        <svg viewBox="0 0 24 24" width="26" height="26">
          <path {...common} d="M12 3 4 6v5.5c0 4.9 3.4 8.6 8 9.5 4.6-.9 8-4.6 8-9.5V6l-8-3z" />
          <path {...common} d="M12 8v8M9 11h6" />
        </svg>
      );
  }
}
