import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { PublicLayout } from '../components/PublicLayout';
import { TextField, toHalfWidth } from '../components/fields';
import { ErrorAlert, Notice } from '../components/ui';
import { EMAIL_RE } from '../validation';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${t('forgot.title')} | ${t('app.serviceName')}`;
  }, [t]);

  const onSubmit = async (ev: FormEvent) => {
    ev.preventDefault();
    const v = toHalfWidth(email).trim();
    if (!v) return setFieldError(t('login.err.email'));
    if (!EMAIL_RE.test(v)) return setFieldError(t('apply.err.emailFormat'));
    setFieldError(undefined);
    setBusy(true);
    setError(null);
    try {
      await api.post('/password-reset', { email: v });
      setSent(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout narrow>
      <div className="auth-card card">
        <div className="card-body">
          <h1 className="auth-title">{t('forgot.title')}</h1>
          {sent ? (
            <>
              <Notice kind="success" testId="forgot-sent">
                {t('forgot.sent')}
              </Notice>
              <p className="muted small">{t('forgot.sentNote')}</p>
            </>
          ) : (
            <>
              <p className="auth-lead">{t('forgot.lead')}</p>
              {error != null && <ErrorAlert error={error} />}
              <form onSubmit={onSubmit} noValidate>
                <TextField id="email" label={t('login.email')} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError} />
                <button type="submit" className="btn btn-primary btn-block btn-lg" disabled={busy}>
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
