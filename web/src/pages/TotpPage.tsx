import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { ME_KEY, homePath, useCurrentUser } from '../auth';
import { CodeField } from '../components/fields';
import { Card, ErrorAlert, Notice, PageHeader, usePageTitle } from '../components/ui';
import type { TotpSetup } from '../types';

export function TotpPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [enabled, setEnabled] = useState(false);

  usePageTitle(t('totp.title'));

  const setup = useMutation({ mutationFn: () => api.post<TotpSetup>('/me/totp/setup') });
  const enable = useMutation({
    mutationFn: (c: string) => api.post('/me/totp/enable', { code: c }),
    onSuccess: async () => {
      setEnabled(true);
      await qc.invalidateQueries({ queryKey: ME_KEY });
    },
  });

  const onEnable = (ev: FormEvent) => {
    ev.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setCodeError(t('login.err.totp'));
      return;
    }
    setCodeError(undefined);
    enable.mutate(code);
  };

  return (
    <div className="page page-narrow">
      <PageHeader title={t('totp.title')} lead={t('totp.lead')} />

      {enabled ? (
        <Card>
          <Notice kind="success" testId="totp-enabled">
            {t('totp.enabledNow')}
          </Notice>
          <Link to={homePath(me)} className="btn btn-primary">
            {t('totp.continue')}
          </Link>
        </Card>
      ) : me.totpEnabled ? (
        <Card>
          <Notice kind="success" testId="totp-already">
            {t('totp.alreadyEnabled')}
          </Notice>
        </Card>
      ) : (
        <Card>
          {me.totpRequired && <Notice kind="warning">{t('totp.requiredNote')}</Notice>}
          <ol className="totp-steps">
            <li>
              <p className="step-title">{t('totp.step1')}</p>
              <p className="muted small">{t('totp.step1Help')}</p>
            </li>
            <li>
              <p className="step-title">{t('totp.step2')}</p>
              {setup.error != null && <ErrorAlert error={setup.error} />}
              {!setup.data ? (
                <button type="button" className="btn btn-primary" onClick={() => setup.mutate()} disabled={setup.isPending} data-testid="totp-setup">
                  {t('totp.showQr')}
                </button>
              ) : (
                <div className="totp-qr">
                  <img src={setup.data.qrDataUrl} alt={t('totp.qrAlt')} width={200} height={200} data-testid="totp-qr" />
                  <div>
                    <p className="small">{t('totp.secretHelp')}</p>
                    <code className="secret" data-testid="totp-secret">
                      {setup.data.secret}
                    </code>
                  </div>
                </div>
              )}
            </li>
            <li>
              <p className="step-title">{t('totp.step3')}</p>
              {enable.error != null && <ErrorAlert error={enable.error} />}
              <form onSubmit={onEnable} noValidate className="inline-form">
                <CodeField id="totpCode" label={t('login.totp')} value={code} disabled={!setup.data} onCode={setCode} error={codeError} />
                <button type="submit" className="btn btn-primary" disabled={!setup.data || enable.isPending} data-testid="totp-enable">
                  {t('totp.enable')}
                </button>
              </form>
            </li>
          </ol>
        </Card>
      )}
    </div>
  );
}
