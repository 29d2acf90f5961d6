import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { isProgramAdmin, useCurrentUser } from '../auth';
import { codeOptions, useReferenceCodes } from '../codes';
import { SelectField, TextField, toHalfWidth } from '../components/fields';
import { DialogButtons, FormError, Modal } from '../components/ui';
import type { Company } from '../types';
import { EMAIL_RE, PHONE_RE } from '../validation';
import { localizeFieldErrors } from '../fieldErrors';

const SERVER_FIELD_MESSAGES: Record<string, string> = {
  name: 'apply.err.companyNameServer',
  pcCount: 'apply.err.nonNegativeInt',
  sites: 'apply.err.nonNegativeInt',
  phone: 'apply.err.phoneFormat',
  email: 'apply.err.emailFormat',
  address: 'apply.err.textServer',
  website: 'apply.err.textServer',
};

interface Form {
  name: string;
  industry: string;
  employeesBand: string;
  pcCount: string;
  sites: string;
  referralRoute: string;
  address: string;
  phone: string;
  email: string;
  website: string;
  group: string;
}

const str = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** Create (POST /companies) or edit (PATCH /companies/{id}) a company profile. */
export function CompanyFormModal({ company, onClose, onSaved }: { company?: Company; onClose: () => void; onSaved?: (c: Company) => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const codes = useReferenceCodes();
  const qc = useQueryClient();
  const admin = isProgramAdmin(me.role);
  const [form, setForm] = useState<Form>({
    name: company?.name ?? '',
    industry: company?.industry ?? '',
    employeesBand: company?.employeesBand ?? '',
    pcCount: str(company?.pcCount),
    sites: str(company?.sites),
    referralRoute: company?.referralRoute ?? '',
    address: company?.address ?? '',
    phone: company?.phone ?? '',
    email: company?.email ?? '',
    website: company?.website ?? '',
    group: company?.group ?? '',
  });
  const [errors, setErrors] = useState<Partial<Record<keyof Form, string>>>({});

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (company ? api.patch<Company>(`/companies/${company.id}`, body) : api.post<Company>('/companies', body)),
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: ['companies'] });
      if (company) await qc.invalidateQueries({ queryKey: ['company', company.id] });
      onSaved?.(c);
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(localizeFieldErrors(e, t, SERVER_FIELD_MESSAGES));
    },
  });

  const set = (k: keyof Form, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: typeof errors = {};
    if (!form.name.trim()) e.name = t('apply.err.companyName');
    if (!form.industry) e.industry = t('apply.err.industry');
    if (!form.employeesBand) e.employeesBand = t('apply.err.employeesBand');
    for (const k of ['pcCount', 'sites'] as const) {
      const v = toHalfWidth(form[k]).trim();
      if (v && !/^\d+$/.test(v)) e[k] = t('apply.err.nonNegativeInt');
    }
    const phone = toHalfWidth(form.phone).trim();
    if (phone && !PHONE_RE.test(phone)) e.phone = t('apply.err.phoneFormat');
    const email = toHalfWidth(form.email).trim();
    if (email && !EMAIL_RE.test(email)) e.email = t('apply.err.emailFormat');
    setErrors(e);
    if (Object.keys(e).length) return;
    const num = (v: string) => (toHalfWidth(v).trim() === '' ? undefined : Number(toHalfWidth(v).trim()));
    // The API cannot clear a text field (blank means "unchanged"), so blanks are simply not sent.
    const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());
    const body: Record<string, unknown> = {
      name: form.name.trim(),
      industry: form.industry,
      employeesBand: form.employeesBand,
      pcCount: num(form.pcCount),
      sites: num(form.sites),
      referralRoute: form.referralRoute || undefined,
      address: opt(form.address),
      phone: opt(phone),
      email: opt(email),
    };
    body.website = opt(form.website);
    if (admin) body.group = form.group || (company ? null : undefined);
    if (company) {
      const before: Record<string, unknown> = {
        name: company.name,
        industry: company.industry,
        employeesBand: company.employeesBand,
        pcCount: company.pcCount ?? undefined,
        sites: company.sites ?? undefined,
        referralRoute: company.referralRoute ?? undefined,
        address: company.address ?? undefined,
        phone: company.phone ?? undefined,
        email: company.email ?? undefined,
        website: company.website ?? undefined,
        group: company.group,
      };
      for (const k of Object.keys(body)) if (body[k] === before[k] || body[k] === undefined) delete body[k];
      if (Object.keys(body).length === 0) return onClose();
    }
    save.mutate(body);
  };


  return (
    <Modal
      title={company ? t('company.editTitle') : t('companies.createTitle')}
      onClose={onClose}
      wide
      testId="company-form"
      footer={<DialogButtons onCancel={onClose} form="company-form" label={company ? t('common.save') : t('companies.createSubmit')} disabled={save.isPending} testId="company-form-submit" />}
    >
      <FormError error={save.error} />
      <form id="company-form" onSubmit={onSubmit} noValidate>
        <TextField id="cf-name" label={t('apply.fields.companyName')} required value={form.name} onChange={(e) => set('name', e.target.value)} error={errors.name} />
        <div className="grid-2">
          <SelectField id="cf-industry" label={t('apply.fields.industry')} required value={form.industry} onChange={(e) => set('industry', e.target.value)} error={errors.industry} options={codeOptions(t, codes.industries, 'codes.industry')} placeholder={t('common.selectPlaceholder')} />
          <SelectField id="cf-employees" label={t('apply.fields.employeesBand')} required value={form.employeesBand} onChange={(e) => set('employeesBand', e.target.value)} error={errors.employeesBand} options={codeOptions(t, codes.employeeBands, 'codes.employees')} placeholder={t('common.selectPlaceholder')} />
        </div>
        <div className="grid-2">
          <TextField id="cf-pcs" label={t('apply.fields.pcCount')} inputMode="numeric" value={form.pcCount} onChange={(e) => set('pcCount', e.target.value)} error={errors.pcCount} />
          <TextField id="cf-sites" label={t('apply.fields.sites')} inputMode="numeric" value={form.sites} onChange={(e) => set('sites', e.target.value)} error={errors.sites} />
        </div>
        <div className="grid-2">
          <SelectField id="cf-referral" label={t('apply.fields.referralRoute')} value={form.referralRoute} onChange={(e) => set('referralRoute', e.target.value)} error={errors.referralRoute} options={codeOptions(t, codes.referralRoutes, 'codes.referral')} placeholder={t('common.unset')} />
          {admin && (
            <SelectField id="cf-group" label={t('company.fields.group')} value={form.group} onChange={(e) => set('group', e.target.value)} error={errors.group} options={codeOptions(t, codes.maturityGroups, 'codes.group')} placeholder={t('common.unset')} />
          )}
        </div>
        <TextField id="cf-address" label={t('apply.fields.address')} value={form.address} onChange={(e) => set('address', e.target.value)} error={errors.address} />
        <div className="grid-2">
          <TextField id="cf-phone" label={t('company.fields.phone')} type="tel" value={form.phone} onChange={(e) => set('phone', e.target.value)} error={errors.phone} />
          <TextField id="cf-email" label={t('company.fields.email')} type="email" value={form.email} onChange={(e) => set('email', e.target.value)} error={errors.email} />
        </div>
        <TextField id="cf-website" label={t('company.fields.website')} type="url" value={form.website} onChange={(e) => set('website', e.target.value)} error={errors.website} />
      </form>
    </Modal>
  );
}
