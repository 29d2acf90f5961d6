import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { PublicLayout } from '../components/PublicLayout';
import { TextField } from '../components/fields';
import { ErrorAlert, FormError, Loading, usePageTitle } from '../components/ui';
import type { PasswordToken } from '../types';

export const MIN_PASSWORD = 10;

export function SetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});

  const info = useQuery({
    queryKey: ['password-token', token],
    queryFn: () => api.get<PasswordToken>(`/password-tokens/${encodeURIComponent(token)}`),
    enabled: token !== '',
    retry: false,
  });

  const title = info.data?.purpose === 'reset' ? t('setPassword.titleReset') : t('setPassword.titleInvite');
  usePageTitle(title);

  const save = useMutation({
    mutationFn: (pw: string) => api.post('/password-reset/confirm', { token, password: pw }),
    onSuccess: () => navigate('/login', { replace: true, state: { notice: 'passwordSet' } }),
    onError: (err) => {
      if (err instanceof ApiError && err.fields.length) setErrors({ password: t('setPassword.err.tooShort', { min: MIN_PASSWORD }) });
    },
  });

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: typeof errors = {};
    if (password.length < MIN_PASSWORD) e.password = t('setPassword.err.tooShort', { min: MIN_PASSWORD });
    if (confirm !== password) e.confirm = t('setPassword.err.mismatch');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate(password);
  };

  let body;
  if (!token) {
    body = <ErrorAlert>{t('errors.token_invalid')}</ErrorAlert>;
  } else if (info.isPending) {
    body = <Loading />;
  } else if (info.error) {
    body = (
      <>
        <ErrorAlert error={info.error} />
        <p className="small">
          <Link to="/forgot-password">{t('setPassword.requestAgain')}</Link>
        </p>
      </>
    );
  } else {
    body = (
      <>
        <p className="auth-lead">{info.data.purpose === 'reset' ? t('setPassword.leadReset') : t('setPassword.leadInvite', { name: info.data.name })}</p>
        <div className="readonly-field">
          <span className="readonly-label">{t('login.email')}</span>
          <span className="readonly-value" data-testid="set-password-email">
            {info.data.email}
          </span>
        </div>
        <FormError error={save.error} />
        <form onSubmit={onSubmit} noValidate>
          <input type="email" autoComplete="username" value={info.data.email} readOnly hidden />
          <TextField id="newPassword" label={t('setPassword.password')} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} hint={t('setPassword.hint', { min: MIN_PASSWORD })} />
          <TextField id="confirmPassword" label={t('setPassword.confirm')} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={errors.confirm} />
          <button type="submit" className="btn btn-primary btn-block btn-lg" disabled={save.isPending}>
            {t('setPassword.submit')}
          </button>
        </form>
      </>
    );
  }

  return (
    <PublicLayout narrow>
      <div className="auth-card card">
        <div className="card-body">
          <h1 className="auth-title">{title}</h1>
          {body}
        </div>
      </div>
    </PublicLayout>
  );
}
