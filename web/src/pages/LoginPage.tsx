import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { ME_KEY, adoptMe, homePath, useMe } from '../auth';
import { PublicLayout } from '../components/PublicLayout';
import { CodeField, TextField } from '../components/fields';
import { ErrorAlert, Loading, Notice, errorText, usePageTitle } from '../components/ui';
import type { Me } from '../types';

interface LocationState {
  from?: string;
  notice?: 'passwordSet' | 'loggedOut';
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as LocationState;
  const qc = useQueryClient();
  const meQuery = useMe();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [showNotice, setShowNotice] = useState(true);

  usePageTitle(t('login.title'));

  if (meQuery.isPending) return <PublicLayout narrow><Loading /></PublicLayout>;
  if (meQuery.data && !busy) return <Navigate to={state.from && state.from !== '/login' ? state.from : homePath(meQuery.data)} replace />;

  const onSubmit = async (ev: FormEvent) => {
    ev.preventDefault();
    const fe: Record<string, string> = {};
    if (!email.trim()) fe.email = t('login.err.email');
    if (!password) fe.password = t('login.err.password');
    if (needTotp && !/^\d{6}$/.test(totp.trim())) fe.totp = t('login.err.totp');
    setFieldErrors(fe);
    if (Object.keys(fe).length) return;
    setBusy(true);
    setError(null);
    setShowNotice(false);
    try {
      const res = await api.post<{ user: Me }>('/session', { email: email.trim(), password, ...(needTotp ? { totp: totp.trim() } : {}) });
      // The session answer may or may not carry the CSRF token; /me always does.
      let me: Me | null = res?.user ?? null;
      if (!me?.csrfToken) {
        me = await api.get<Me>('/me');
      }
      adoptMe(me);
      qc.setQueryData(ME_KEY, me);
      navigate(state.from && state.from !== '/login' ? state.from : homePath(me), { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'totp_required') {
        setNeedTotp(true);
        setError(null);
        setTimeout(() => document.getElementById('totp')?.focus(), 0);
      } else {
        if (e instanceof ApiError && e.code === 'totp_invalid') setTotp('');
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout narrow>
      <div className="auth-card card">
        <div className="card-body">
          <h1 className="auth-title">{t('login.title')}</h1>
          <p className="auth-lead">{t('login.lead')}</p>
          {showNotice && state.notice === 'passwordSet' && <Notice kind="success" testId="login-notice">{t('login.passwordSet')}</Notice>}
          {showNotice && state.notice === 'loggedOut' && <Notice kind="info" testId="login-notice">{t('login.loggedOut')}</Notice>}
          {error != null && (
            <ErrorAlert>
              {errorText(t, error)}
              {error instanceof ApiError && error.code === 'too_many_attempts' && error.retryAfter ? `${t('login.retryAfter', { minutes: Math.max(1, Math.ceil(error.retryAfter / 60)) })}` : ''}
            </ErrorAlert>
          )}
          <form onSubmit={onSubmit} noValidate data-testid="login-form">
            <TextField id="email" label={t('login.email')} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldErrors.email} readOnly={needTotp} />
            <TextField id="password" label={t('login.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={fieldErrors.password} readOnly={needTotp} />
            {needTotp && (
              <div className="totp-step" data-testid="totp-step">
                <Notice kind="info">{t('login.totpHelp')}</Notice>
                <CodeField id="totp" label={t('login.totp')} pattern="\d{6}" value={totp} onCode={setTotp} error={fieldErrors.totp} />
              </div>
            )}
            <button type="submit" className="btn btn-primary btn-block btn-lg" disabled={busy} data-testid="login-submit">
              {busy ? t('login.submitting') : t('login.submit')}
            </button>
          </form>
          <div className="auth-links">
            <Link to="/forgot-password">{t('login.forgot')}</Link>
            {needTotp && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setNeedTotp(false);
                  setTotp('');
                  setError(null);
                }}
              >
                {t('login.backToPassword')}
              </button>
            )}
          </div>
        </div>
      </div>
      <p className="auth-footnote">
        {t('login.applyPrompt')} <Link to="/apply">{t('login.applyLink')}</Link>
      </p>
    </PublicLayout>
  );
}
