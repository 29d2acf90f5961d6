// Shared pieces of the assessment screens: the sub-navigation, the page frame (breadcrumb for staff,
// the "on the company's behalf" notice), answer choices, and the group override dialog.
import { useState, type FormEvent, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { canSeeCompanyList, useCurrentUser } from '../auth';
import { GROUPS, answersOnBehalf, keys, type Group, type PresurveyResult } from '../assessment';
import type { Company } from '../types';
import { Breadcrumb, DialogButtons, FormError, GroupBadge, Modal, Notice, PageHeader } from './ui';
import { TextArea } from './fields';

/** The four assessment screens of one company, as tabs. */
export function AssessmentNav({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const tabs = [
    ['presurvey', t('assessment.nav.presurvey')],
    ['assessment', t('assessment.nav.assessment')],
    ['security-action', t('assessment.nav.securityAction')],
    ['roadmap', t('assessment.nav.roadmap')],
  ] as const;
  return (
    <nav className="tabs assess-tabs" aria-label={t('assessment.nav.label')}>
      {tabs.map(([path, label]) => (
        <NavLink key={path} to={`/companies/${companyId}/${path}`} className={({ isActive }) => `tab ${isActive ? 'active' : ''}`} data-testid={`assess-tab-${path}`}>
          {label}
        </NavLink>
      ))}
    </nav>
  );
}

/** Header of an assessment screen: breadcrumb back to the company (staff), title, lead, tabs and the on-behalf notice. */
export function AssessmentFrame({ companyId, title, lead, actions, children, testId }: { companyId: string; title: string; lead: string; actions?: ReactNode; children: ReactNode; testId: string }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const staffReader = canSeeCompanyList(me.role);
  const company = useQuery({ queryKey: ['company', companyId], queryFn: () => api.get<Company>(`/companies/${companyId}`), enabled: staffReader });
  return (
    <div className="page assess-page" data-testid={testId} data-company-id={companyId}>
      {staffReader && <Breadcrumb to={`/companies/${companyId}`} label={company.data?.name ?? t('nav.companies')} current={title} />}
      <PageHeader title={title} lead={lead}>
        {actions}
      </PageHeader>
      <AssessmentNav companyId={companyId} />
      {answersOnBehalf(me, companyId) && (
        <Notice kind="info" testId="on-behalf-notice">
          {t('assessment.onBehalf', { company: company.data?.name ?? '' })}
        </Notice>
      )}
      {children}
    </div>
  );
}

/**
 * One question answered by choosing one of a few values (large tap targets, wraps on a phone).
 * Each choice is a `<label data-value>` holding its radio button.
 */
export function ChoiceGroup<V extends string>({
  name,
  legend,
  help,
  values,
  labelOf,
  value,
  onChange,
  error,
  testId,
  number,
  className,
  disabled,
}: {
  name: string;
  legend: ReactNode;
  help?: ReactNode;
  values: readonly V[];
  labelOf: (v: V) => string;
  value: V | '' | undefined;
  onChange: (v: V) => void;
  error?: string | undefined;
  testId: string;
  number?: string;
  className?: string;
  disabled?: boolean;
}) {
  return (
    <fieldset className={`choice-q ${number ? '' : 'no-num'} ${error ? 'has-error' : ''} ${value ? 'answered' : ''} ${className ?? ''}`} data-testid={testId} data-answer={value || ''} id={`q-${name}`} aria-describedby={error ? `q-${name}-error` : undefined}>
      <legend className="choice-legend">
        {number && <span className="choice-no">{number}</span>}
        <span>{legend}</span>
      </legend>
      {help && <p className="choice-help">{help}</p>}
      <div className="choices">
        {values.map((v) => (
          <label key={v} className={`choice choice-${v} ${value === v ? 'checked' : ''}`} data-value={v}>
            <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} disabled={disabled} />
            <span>{labelOf(v)}</span>
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" id={`q-${name}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** The program office moves a company to another group, with a reason (audited). */
export function GroupOverrideDialog({ companyId, current, onClose }: { companyId: string; current: Group | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [group, setGroup] = useState<Group | ''>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ group?: string; reason?: string }>({});
  const save = useMutation({
    mutationFn: () => api.post<PresurveyResult>(`/companies/${companyId}/group-override`, { group, reason: reason.trim() }),
    onSuccess: async (r) => {
      // Before any pre-survey the answer is a stand-in (no id): read the pre-survey again rather than show it.
      if (r.id) qc.setQueryData(keys.presurvey(companyId), r);
      else await qc.invalidateQueries({ queryKey: keys.presurvey(companyId) });
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['company', companyId] }),
        qc.invalidateQueries({ queryKey: ['company-timeline', companyId] }),
        qc.invalidateQueries({ queryKey: ['companies'] }),
        qc.invalidateQueries({ queryKey: keys.roadmap(companyId) }),
      ]);
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) {
        const m = e.fieldMap();
        setErrors({ group: m.group ? t('assessment.override.err.group') : undefined, reason: m.reason ? t('assessment.override.err.reason') : undefined });
      }
    },
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: typeof errors = {};
    if (!group) e.group = t('assessment.override.err.group');
    if (!reason.trim()) e.reason = t('assessment.override.err.reason');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate();
  };
  return (
    <Modal title={t('assessment.override.title')} onClose={onClose} testId="group-override-dialog" footer={<DialogButtons onCancel={onClose} form="group-override-form" label={t('assessment.override.submit')} disabled={save.isPending} testId="group-override-submit" />}>
      <FormError error={save.error} />
      <p className="status-now">
        {t('assessment.override.current')}：<GroupBadge group={current} /> {current && <span className="muted small">{t(`codes.group.${current}`)}</span>}
      </p>
      <form id="group-override-form" onSubmit={onSubmit} noValidate>
        <fieldset className="radio-group" aria-describedby={errors.group ? 'override-group-error' : undefined}>
          <legend className="field-label">{t('assessment.override.next')}</legend>
          {GROUPS.map((g) => (
            <label key={g} className={`radio-card ${group === g ? 'checked' : ''}`} data-value={g} data-testid={`override-group-${g}`}>
              <input type="radio" name="override-group" value={g} checked={group === g} onChange={() => setGroup(g)} />
              <span>
                <span className="radio-title">{t(`codes.group.${g}`)}</span>
                <span className="radio-help">{t(`assessment.groupNext.${g}`)}</span>
              </span>
            </label>
          ))}
          {errors.group && (
            <p className="field-error" id="override-group-error">
              {errors.group}
            </p>
          )}
        </fieldset>
        <TextArea id="override-reason" label={t('assessment.override.reason')} required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} hint={t('assessment.override.reasonHint')} />
      </form>
    </Modal>
  );
}

/** "A — グループA（対策が進んでいる）" as a badge and its name. */
export function GroupName({ group }: { group: Group | null | undefined }) {
  const { t } = useTranslation();
  return (
    <span className="group-name">
      <GroupBadge group={group} />
      {group && <span>{t(`codes.group.${group}`)}</span>}
    </span>
  );
}
