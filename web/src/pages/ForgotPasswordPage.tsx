import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { api } from '../api';
import { PublicLayout } from '../components/PublicLayout';
import { TextField, toHalfWidth } from '../components/fields';
import { ErrorAlert, Notice, usePageTitle } from '../components/ui';
import { EMAIL_RE } from '../validation';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const request = useMutation({ mutationFn: (v: string) => api.post('/password-reset', { email: v }) });

  usePageTitle(t('forgot.title'));

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const v = toHalfWidth(email).trim();
    if (!v) return setFieldError(t('login.err.email'));
    if (!EMAIL_RE.test(v)) return setFieldError(t('apply.err.emailFormat'));
    setFieldError(undefined);
    request.mutate(v);
  };

  return (
    <PublicLayout narrow>
      <div className="auth-card card">
        <div className="card-body">
          <h1 className="auth-title">{t('forgot.title')}</h1>
          {request.isSuccess ? (
            <>
              <Notice kind="success" testId="forgot-sent">
                {t('forgot.sent')}
              </Notice>
              <p className="muted small">{t('forgot.sentNote')}</p>
            </>
          ) : (
            <>
              <p className="auth-lead">{t('forgot.lead')}</p>
              {request.error != null && <ErrorAlert error={request.error} />}
              <form onSubmit={onSubmit} noValidate>
                <TextField id="email" label={t('login.email')} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError} />
                <button type="submit" className="btn btn-primary btn-block btn-lg" disabled={request.isPending}>
                  {t('forgot.submit')}
                </button>
              </form>
            </>
          )}
          <div className="auth-links">
            <Link to="/login">{t('forgot.backToLogin')}</Link>
          </div>
        </div>
      </div>
    </PublicLayout>
  );
}
