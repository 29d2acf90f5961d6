import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { codeOptions } from '../codes';
import { localizeFieldErrors } from '../fieldErrors';
import { dispatchPriorities, dispatchRequests, fromTokyoInput, responderSkills, type CaseDetail, type DispatchItem, type Office, type ResponderInfo } from '../helpdesk';
import { CheckboxField, SelectField, TextField } from '../components/fields';
import { DialogButtons, Dl, ErrorAlert, FormError, Loading, Modal, Notice } from '../components/ui';
import { formatDateTime } from '../format';
import type { Company } from '../types';

const FIELD_MESSAGES: Record<string, string> = {
  siteAddress: 'dispatchOrder.err.address',
  device: 'dispatchOrder.err.device',
  request: 'dispatchOrder.err.request',
  visitAt: 'dispatchOrder.err.visitAt',
};

/** A hint at the device kind from its vendor and name (the analyst corrects it). */
function guessKind(vendor: string | null, name: string | null): string {
  const s = `${vendor ?? ''} ${name ?? ''}`.toLowerCase();
  if (/iphone|android|pixel|galaxy|xperia/.test(s)) return 'smartphone';
  if (/macbook|imac|mac-|\bmac\b/.test(s)) return 'mac';
  if (/ricoh|canon|xerox|kyocera|sharp|brother|epson|konica/.test(s)) return 'mfp';
  if (/desktop-|laptop-|\bpc\b|windows|dell|lenovo|hp |hewlett|fujitsu|nec|dynabook|panasonic/.test(s)) return 'windows';
  return '';
}

export function useOffices() {
  return useQuery({ queryKey: ['dispatch-offices'], queryFn: () => api.get<{ items: Office[] }>('/dispatch/offices'), staleTime: 60_000 });
}
export function useResponders() {
  return useQuery({ queryKey: ['dispatch-responders'], queryFn: () => api.get<{ items: ResponderInfo[] }>('/dispatch/responders'), staleTime: 60_000 });
}

/**
 * Orders an on-site visit for a case: the site address (from the company profile), the device to look
 * at (from the linked alert), what to do and how urgent. Afterwards it shows the office and responder
 * the system proposes.
 */
export function DispatchOrderDialog({ detail, onClose }: { detail: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const c = detail.case;
  const alert = detail.alerts[0];
  const company = useQuery({ queryKey: ['company', c.companyId], queryFn: () => api.get<Company>(`/companies/${c.companyId}`) });
  const offices = useOffices();
  const responders = useResponders();
  const [form, setForm] = useState({
    siteAddress: '',
    ip: alert?.hostIp ?? '',
    mac: alert?.hostMac ?? '',
    vendor: alert?.hostVendor ?? '',
    hostname: alert?.hostName ?? '',
    kind: guessKind(alert?.hostVendor ?? null, alert?.hostName ?? null),
    identifyDevice: !alert?.hostIp && !alert?.hostMac,
    request: alert?.hostIp || alert?.hostMac ? 'fast_forensics' : 'identify_device',
    priority: c.severity === 'high' || c.severity === 'critical' ? 'urgent' : 'normal',
    visitAt: '',
  });
  const [addressTouched, setAddressTouched] = useState(false);
  useEffect(() => {
    if (!addressTouched && company.data?.address) setForm((f) => ({ ...f, siteAddress: company.data!.address ?? '' }));
  }, [company.data, addressTouched]);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [created, setCreated] = useState<(DispatchItem & { proposal?: { matched?: string | null; reason?: string } }) | null>(null);
  const set = (k: keyof typeof form, v: string | boolean) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined, ...(k === 'ip' || k === 'mac' || k === 'identifyDevice' ? { device: undefined } : {}) }));
  };
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<DispatchItem & { proposal?: { matched?: string | null; reason?: string } }>(`/cases/${c.id}/dispatches`, body),
    onSuccess: async (res) => {
      setCreated(res);
      await Promise.all([qc.invalidateQueries({ queryKey: ['case', c.id] }), qc.invalidateQueries({ queryKey: ['dispatches'] })]);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(localizeFieldErrors(e, t, FIELD_MESSAGES));
    },
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    if (!form.siteAddress.trim()) e.siteAddress = t('dispatchOrder.err.address');
    if (!form.identifyDevice && !form.ip.trim() && !form.mac.trim()) e.device = t('dispatchOrder.err.device');
    const visitAt = form.visitAt ? fromTokyoInput(form.visitAt) : null;
    if (form.visitAt && !visitAt) e.visitAt = t('dispatchOrder.err.visitAt');
    setErrors(e);
    if (Object.keys(e).length) return;
    const device = Object.fromEntries(
      Object.entries({ ip: form.ip.trim(), mac: form.mac.trim(), vendor: form.vendor.trim(), hostname: form.hostname.trim(), kind: form.kind }).filter(([, v]) => v),
    );
    save.mutate({ siteAddress: form.siteAddress.trim(), device, identifyDevice: form.identifyDevice, request: form.request, priority: form.priority, ...(visitAt ? { visitAt } : {}) });
  };

  if (created) {
    const office = created.officeName ?? offices.data?.items.find((o) => o.id === created.officeId)?.name ?? null;
    const responder = created.responderName ?? responders.data?.items.find((r) => r.userId === created.responderId)?.name ?? null;
    return (
      <Modal
        title={t('dispatchOrder.doneTitle')}
        onClose={onClose}
        testId="dispatch-order-dialog"
        footer={
          <>
            <button type="button" className="btn btn-ghost" onClick={onClose} data-testid="dispatch-order-close">
              {t('common.close')}
            </button>
            <Link to={`/dispatches/${created.id}`} className="btn btn-primary" data-testid="dispatch-order-open">
              {t('dispatchOrder.open')}
            </Link>
          </>
        }
      >
        <Notice kind="success" testId="dispatch-order-created">
          {t('dispatchOrder.doneText', { number: created.number })}
        </Notice>
        <h3 className="section-title">{t('dispatchOrder.proposal')}</h3>
        <Dl
          items={[
            [t('dispatch.office'), office ?? <span className="text-warning">{t('dispatchOrder.noOffice')}</span>, 'proposed-office'],
            [t('dispatch.responder'), responder ?? <span className="text-warning">{t('dispatchOrder.noResponder')}</span>, 'proposed-responder'],
            [t('dispatch.visitAt'), created.visitAt ? formatDateTime(created.visitAt) : t('dispatch.notScheduled')],
          ]}
        />
        {created.proposal?.matched && <p className="small">{t('dispatchOrder.matched', { area: created.proposal.matched })}</p>}
        <p className="small muted">{t('dispatchOrder.proposalHelp')}</p>
      </Modal>
    );
  }

  return (
    <Modal title={t('dispatchOrder.title')} onClose={onClose} wide testId="dispatch-order-dialog" footer={<DialogButtons onCancel={onClose} form="dispatch-order-form" label={t('dispatchOrder.submit')} disabled={save.isPending} testId="dispatch-order-submit" />}>
      <FormError error={save.error} />
      <p className="small dialog-lead">{t('dispatchOrder.lead', { company: c.companyName ?? '' })}</p>
      {company.isPending ? (
        <Loading />
      ) : (
        <form id="dispatch-order-form" onSubmit={onSubmit} noValidate>
          {company.error != null && <ErrorAlert error={company.error} />}
          <TextField
            id="dispatchSite"
            label={t('dispatchOrder.siteAddress')}
            required
            value={form.siteAddress}
            onChange={(e) => {
              setAddressTouched(true);
              set('siteAddress', e.target.value);
            }}
            error={errors.siteAddress}
            hint={company.data?.address ? t('dispatchOrder.siteFromProfile') : t('dispatchOrder.siteNoProfile')}
          />
          <fieldset className="form-fieldset">
            <legend className="field-label">{t('dispatchOrder.device')}</legend>
            {alert && <p className="small muted">{t('dispatchOrder.deviceFromAlert')}</p>}
            <div className="grid-2">
              <TextField id="dispatchIp" label={t('alerts.field.ip')} className="field-mono" value={form.ip} onChange={(e) => set('ip', e.target.value)} autoComplete="off" />
              <TextField id="dispatchMac" label={t('alerts.field.mac')} className="field-mono" value={form.mac} onChange={(e) => set('mac', e.target.value)} autoComplete="off" />
              <TextField id="dispatchVendor" label={t('alerts.field.vendor')} value={form.vendor} onChange={(e) => set('vendor', e.target.value)} autoComplete="off" />
              <TextField id="dispatchHostname" label={t('alerts.field.hostname')} value={form.hostname} onChange={(e) => set('hostname', e.target.value)} autoComplete="off" />
            </div>
            <SelectField id="dispatchKind" label={t('dispatchOrder.kind')} value={form.kind} onChange={(e) => set('kind', e.target.value)} options={codeOptions(t, responderSkills, 'dispatchCodes.skill')} placeholder={t('dispatchOrder.kindUnknown')} className="field-narrow" />
            <CheckboxField id="dispatchIdentify" label={t('dispatchOrder.identifyDevice')} checked={form.identifyDevice} onChange={(e) => set('identifyDevice', e.target.checked)} />
            {errors.device && (
              <p className="field-error" data-testid="error-dispatchDevice">
                {errors.device}
              </p>
            )}
          </fieldset>
          <div className="grid-2">
            <SelectField id="dispatchRequest" label={t('dispatchOrder.request')} required value={form.request} onChange={(e) => set('request', e.target.value)} options={codeOptions(t, dispatchRequests, 'dispatchCodes.request')} error={errors.request} />
            <TextField id="dispatchVisitAt" type="datetime-local" label={t('dispatchOrder.visitAt')} optionalMark value={form.visitAt} onChange={(e) => set('visitAt', e.target.value)} error={errors.visitAt} hint={t('dispatchOrder.visitAtHint')} />
          </div>
          <fieldset className="radio-group radio-inline">
            <legend className="field-label">{t('dispatchOrder.priority')}</legend>
            {dispatchPriorities.map((p) => (
              <label key={p} className={`radio-card ${form.priority === p ? 'checked' : ''}`}>
                <input type="radio" name="dispatchPriority" checked={form.priority === p} onChange={() => set('priority', p)} data-testid={`dispatch-priority-${p}`} />
                <span className="radio-title">{t(`dispatchCodes.priority.${p}`)}</span>
              </label>
            ))}
          </fieldset>
        </form>
      )}
    </Modal>
  );
}
