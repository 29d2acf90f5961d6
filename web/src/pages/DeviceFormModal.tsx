import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { deviceVendors, vendorLabel } from '../codes';
import { formatNumber } from '../format';
import { localizeFieldErrors } from '../fieldErrors';
import { DEVICE_IDENTITY_RE, isCidr } from '../validation';
import { CompanyPicker, SelectField, TextField } from '../components/fields';
import { DialogButtons, FormError, Modal, Notice } from '../components/ui';
import type { AssignedDevice, RegisteredDevice } from '../types';


const FIELD_MESSAGES: Record<string, string> = {
  companyId: 'deviceForm.err.company',
  vendor: 'deviceForm.err.vendor',
  identity: 'deviceForm.err.identity',
  timezone: 'deviceForm.err.timezone',
  lanCidrs: 'deviceForm.err.lan',
  name: 'deviceForm.err.name',
};

/**
 * Registers a device for a company (POST /companies/{id}/devices), or — with `deviceKey` — assigns a
 * device that is already sending to a company (POST /unassigned/assign), its identity fixed to the
 * key the lines carry. Shows the one-time ingest token, or how many queued lines were processed.
 */
export function DeviceFormModal({
  onClose,
  deviceKey,
  vendorGuess,
  company,
}: {
  onClose: () => void;
  deviceKey?: string;
  vendorGuess?: string | null;
  /** A company chosen beforehand (the company page); it cannot be changed here. */
  company?: { id: string; name: string };
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const assigning = deviceKey !== undefined;
  const [form, setForm] = useState({
    companyId: company?.id ?? '',
    companyName: company?.name ?? '',
    vendor: vendorGuess && deviceVendors.includes(vendorGuess) ? vendorGuess : '',
    identity: deviceKey ?? '',
    name: '',
    timezone: 'Asia/Tokyo',
    lanCidrs: '',
  });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>): Promise<RegisteredDevice | AssignedDevice> =>
      assigning ? api.post<AssignedDevice>('/unassigned/assign', { ...body, companyId: form.companyId }) : api.post<RegisteredDevice>(`/companies/${form.companyId}/devices`, body),
    onSuccess: async (r) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['devices-health'] }),
        qc.invalidateQueries({ queryKey: ['unassigned'] }),
        qc.invalidateQueries({ queryKey: ['company-devices', r.device.companyId] }),
      ]);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) {
        const mapped = localizeFieldErrors(e, t, FIELD_MESSAGES);
        if (e.code === 'conflict' && mapped.identity) mapped.identity = t('deviceForm.err.identityTaken');
        setErrors(mapped);
      }
    },
  });
  const set = (k: keyof typeof form, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const lanCidrs = form.lanCidrs
      .split(/[,、\s]+/)
      .map((c) => c.trim())
      .filter(Boolean);
    const e: Record<string, string> = {};
    if (!form.companyId) e.companyId = t('deviceForm.err.company');
    if (!form.vendor) e.vendor = t('deviceForm.err.vendor');
    if (!form.identity.trim()) e.identity = t('deviceForm.err.identityRequired');
    else if (!DEVICE_IDENTITY_RE.test(form.identity.trim())) e.identity = t('deviceForm.err.identity');
    if (!form.timezone.trim()) e.timezone = t('deviceForm.err.timezone');
    if (lanCidrs.some((c) => !isCidr(c))) e.lanCidrs = t('deviceForm.err.lan');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate({ vendor: form.vendor, identity: form.identity.trim(), ...(form.name.trim() ? { name: form.name.trim() } : {}), timezone: form.timezone.trim(), lanCidrs });
  };

  const title = assigning ? t('deviceForm.assignTitle') : t('deviceForm.registerTitle');
  if (save.data) {
    return (
      <Modal title={title} onClose={onClose} testId="device-form" footer={<button type="button" className="btn btn-primary" onClick={onClose} data-testid="device-done">{t('common.close')}</button>}>
        {'ingestToken' in save.data ? <TokenOnce token={save.data.ingestToken} identity={save.data.device.identity} company={form.companyName} /> : (
          <Notice kind="success" testId="assign-result">
            {t('deviceForm.assigned', { identity: save.data.device.identity, company: form.companyName, n: formatNumber(save.data.reprocessed), count: save.data.reprocessed })}
          </Notice>
        )}
      </Modal>
    );
  }

  return (
    <Modal title={title} onClose={onClose} wide testId="device-form" footer={<DialogButtons onCancel={onClose} form="device-form-el" label={assigning ? t('deviceForm.assignSubmit') : t('deviceForm.registerSubmit')} disabled={save.isPending} testId="device-submit" />}>
      <FormError error={save.error} />
      <p className="small muted">{assigning ? t('deviceForm.assignLead') : t('deviceForm.registerLead')}</p>
      <form id="device-form-el" onSubmit={onSubmit} noValidate>
        {company ? (
          <div className="readonly-field">
            <span className="readonly-label">{t('deviceForm.company')}</span>
            <span className="readonly-value">{company.name}</span>
          </div>
        ) : (
          <CompanyPicker
            id="deviceCompany"
            label={t('deviceForm.company')}
            required
            value={form.companyId}
            valueName={form.companyName}
            onChange={(id, name) => {
              setForm((f) => ({ ...f, companyId: id, companyName: name }));
              setErrors((x) => ({ ...x, companyId: undefined }));
            }}
            error={errors.companyId}
          />
        )}
        <div className="grid-2">
          <SelectField id="deviceVendor" label={t('deviceForm.vendor')} required value={form.vendor} onChange={(e) => set('vendor', e.target.value)} error={errors.vendor} options={deviceVendors.map((v) => ({ value: v, label: vendorLabel(t, v) }))} placeholder={t('common.selectPlaceholder')} />
          {assigning ? (
            <div className="readonly-field">
              <span className="readonly-label">{t('deviceForm.identity')}</span>
              <span className="readonly-value mono" data-testid="device-identity-fixed">
                {form.identity}
              </span>
            </div>
          ) : (
            <TextField id="deviceIdentity" label={t('deviceForm.identity')} required className="field-mono" value={form.identity} onChange={(e) => set('identity', e.target.value)} error={errors.identity} hint={t('deviceForm.identityHint')} autoComplete="off" />
          )}
        </div>
        <TextField id="deviceName" label={t('deviceForm.name')} optionalMark value={form.name} onChange={(e) => set('name', e.target.value)} error={errors.name} placeholder={t('deviceForm.namePlaceholder')} />
        <div className="grid-2">
          <TextField id="deviceTimezone" label={t('deviceForm.timezone')} required value={form.timezone} onChange={(e) => set('timezone', e.target.value)} error={errors.timezone} hint={t('deviceForm.timezoneHint')} />
          <TextField id="deviceLan" label={t('deviceForm.lan')} optionalMark className="field-mono" value={form.lanCidrs} onChange={(e) => set('lanCidrs', e.target.value)} error={errors.lanCidrs} hint={t('deviceForm.lanHint')} placeholder="192.168.1.0/24, 10.0.0.0/8" />
        </div>
      </form>
    </Modal>
  );
}

/** The HTTP ingest token, which the server shows only once. */
function TokenOnce({ token, identity, company }: { token: string; identity: string; company: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      // No clipboard access (e.g. an insecure origin): select the text for Ctrl+C.
      ref.current?.select();
    }
  };
  return (
    <>
      <Notice kind="success" testId="device-registered">
        {t('deviceForm.registered', { identity, company })}
      </Notice>
      <Notice kind="warning" testId="token-warning">
        <p className="alert-title">{t('deviceForm.tokenOnceTitle')}</p>
        <p>{t('deviceForm.tokenOnceText')}</p>
      </Notice>
      <label className="field-label" htmlFor="ingestToken">
        {t('deviceForm.token')}
      </label>
      <div className="copy-row">
        <textarea id="ingestToken" ref={ref} className="input textarea mono token-box" rows={2} readOnly value={token} onFocus={(e) => e.target.select()} data-testid="ingest-token" />
        <button type="button" className="btn btn-secondary" onClick={() => void copy()} data-testid="token-copy">
          {copied ? t('deviceForm.copied') : t('deviceForm.copy')}
        </button>
      </div>
      <p className="small muted">{t('deviceForm.tokenHelp')}</p>
    </>
  );
}
