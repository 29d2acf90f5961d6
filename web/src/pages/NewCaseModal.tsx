import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { codeOptions } from '../codes';
import { localizeFieldErrors } from '../fieldErrors';
import { caseCategories, caseSeverities, type CaseDetail } from '../helpdesk';
import { EMAIL_RE, PHONE_RE } from '../validation';
import { CompanyPicker, SelectField, TextArea, TextField, toHalfWidth } from '../components/fields';
import { DialogButtons, FormError, Modal } from '../components/ui';
import type { Contact } from '../types';

const FIELD_MESSAGES: Record<string, string> = {
  companyId: 'newCase.err.company',
  subject: 'newCase.err.subject',
  body: 'newCase.err.body',
  category: 'newCase.err.category',
  contactEmail: 'apply.err.emailFormat',
  contactPhone: 'apply.err.phoneFormat',
};

/** Logs a phone call (or a call the help desk is about to make) as a new case. */
export function NewCaseModal({ onClose, onCreated }: { onClose: () => void; onCreated: (caseId: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({ companyId: '', companyName: '', channel: 'phone', contactName: '', contactPhone: '', contactEmail: '', category: 'consultation', severity: 'medium', subject: '', body: '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const contacts = useQuery({
    queryKey: ['company-contacts', form.companyId],
    queryFn: () => api.get<{ items: Contact[] }>(`/companies/${form.companyId}/contacts`),
    enabled: !!form.companyId,
  });
  const set = (k: keyof typeof form, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<CaseDetail>('/cases', body),
    onSuccess: async (d) => {
      await qc.invalidateQueries({ queryKey: ['cases'] });
      onClose();
      onCreated(d.case.id);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(localizeFieldErrors(e, t, FIELD_MESSAGES));
    },
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    const phone = toHalfWidth(form.contactPhone).trim();
    if (!form.companyId) e.companyId = t('newCase.err.company');
    if (!form.subject.trim()) e.subject = t('newCase.err.subject');
    if (!form.body.trim()) e.body = t('newCase.err.body');
    if (form.contactEmail.trim() && !EMAIL_RE.test(form.contactEmail.trim())) e.contactEmail = t('apply.err.emailFormat');
    if (phone && !PHONE_RE.test(phone)) e.contactPhone = t('apply.err.phoneFormat');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate({
      companyId: form.companyId,
      channel: form.channel,
      category: form.category,
      severity: form.severity,
      subject: form.subject.trim(),
      body: form.body.trim(),
      ...(form.contactName.trim() ? { contactName: form.contactName.trim() } : {}),
      ...(phone ? { contactPhone: phone } : {}),
      ...(form.contactEmail.trim() ? { contactEmail: form.contactEmail.trim() } : {}),
    });
  };
  const pickContact = (c: Contact) => {
    setForm((f) => ({ ...f, contactName: c.name, contactPhone: c.phone ?? '', contactEmail: c.email ?? '' }));
  };

  return (
    <Modal title={t('newCase.title')} onClose={onClose} wide testId="new-case-dialog" footer={<DialogButtons onCancel={onClose} form="new-case-form" label={t('newCase.submit')} disabled={save.isPending} testId="new-case-submit" />}>
      <FormError error={save.error} />
      <p className="small dialog-lead">{t('newCase.lead')}</p>
      <form id="new-case-form" onSubmit={onSubmit} noValidate>
        <CompanyPicker id="newCaseCompany" label={t('newCase.company')} required value={form.companyId} valueName={form.companyName || null} onChange={(id, name) => setForm((f) => ({ ...f, companyId: id, companyName: name }))} error={errors.companyId} />
        <fieldset className="radio-group radio-inline">
          <legend className="field-label">{t('newCase.channel')}</legend>
          {(['phone', 'outbound'] as const).map((c) => (
            <label key={c} className={`radio-card ${form.channel === c ? 'checked' : ''}`}>
              <input type="radio" name="newCaseChannel" value={c} checked={form.channel === c} onChange={() => set('channel', c)} data-testid={`new-case-channel-${c}`} />
              <span className="radio-title">{t(`newCase.channelOption.${c}`)}</span>
            </label>
          ))}
        </fieldset>
        {(contacts.data?.items.length ?? 0) > 0 && (
          <div className="contact-chips" aria-label={t('newCase.pickContact')}>
            <span className="small muted">{t('newCase.pickContact')}</span>
            {contacts.data!.items.map((c) => (
              <button key={c.id} type="button" className="btn btn-ghost btn-xs" onClick={() => pickContact(c)} data-testid="new-case-contact">
                {c.name}
              </button>
            ))}
          </div>
        )}
        <div className="grid-3">
          <TextField id="newCaseContactName" label={t('newCase.contactName')} optionalMark value={form.contactName} onChange={(e) => set('contactName', e.target.value)} autoComplete="off" />
          <TextField id="newCaseContactPhone" label={t('newCase.contactPhone')} optionalMark type="tel" value={form.contactPhone} onChange={(e) => set('contactPhone', e.target.value)} error={errors.contactPhone} autoComplete="off" />
          <TextField id="newCaseContactEmail" label={t('newCase.contactEmail')} optionalMark type="email" value={form.contactEmail} onChange={(e) => set('contactEmail', e.target.value)} error={errors.contactEmail} autoComplete="off" />
        </div>
        <div className="grid-2">
          <SelectField id="newCaseCategory" label={t('newCase.category')} required value={form.category} onChange={(e) => set('category', e.target.value)} options={codeOptions(t, caseCategories, 'caseCodes.category')} error={errors.category} />
          <SelectField id="newCaseSeverity" label={t('newCase.severity')} value={form.severity} onChange={(e) => set('severity', e.target.value)} options={codeOptions(t, caseSeverities, 'caseCodes.severity')} />
        </div>
        <TextField id="newCaseSubject" label={t('newCase.subject')} required value={form.subject} onChange={(e) => set('subject', e.target.value)} error={errors.subject} placeholder={t('newCase.subjectPlaceholder')} maxLength={200} />
        <TextArea id="newCaseBody" label={t('newCase.body')} required rows={6} value={form.body} onChange={(e) => set('body', e.target.value)} error={errors.body} hint={t('newCase.bodyHint')} />
      </form>
    </Modal>
  );
}
