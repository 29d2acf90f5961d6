import { useEffect, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { Company, CompanySummary, Paged } from '../types';

interface Common {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  optionalMark?: boolean;
  className?: string;
}

function Label({ id, label, required, optionalMark }: Pick<Common, 'id' | 'label' | 'required' | 'optionalMark'>) {
  const { t } = useTranslation();
  return (
    <div className="field-label-row">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {required && (
        <span className="req" aria-hidden="true">
          {t('common.required')}
        </span>
      )}
      {!required && optionalMark && (
        <span className="opt" aria-hidden="true">
          {t('common.optional')}
        </span>
      )}
    </div>
  );
}

function Help({ id, error, hint }: { id: string; error?: string | undefined; hint?: ReactNode }) {
  return (
    <>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid={`error-${id}`}>
          {error}
        </p>
      )}
    </>
  );
}

/** The id, name and ARIA attributes every field control carries. */
interface ControlAttrs {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-required': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * One labelled field: label row (with required/optional mark), the control, then hint and error.
 * `control` gets the control's attributes and the props that are not the field's own.
 */
function renderField<P extends Common>({ id, label, error, hint, required, optionalMark, className, ...rest }: P, control: (attrs: ControlAttrs, rest: Omit<P, keyof Common>) => ReactNode) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const attrs: ControlAttrs = { id, name: id, 'aria-invalid': error ? true : undefined, 'aria-required': required || undefined, 'aria-describedby': describedBy };
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <Label id={id} label={label} required={required} optionalMark={optionalMark} />
      {control(attrs, rest)}
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextField(props: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'required'>) {
  return renderField(props, (attrs, rest) => <input {...attrs} className="input" {...rest} />);
}

export function TextArea(props: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'required'>) {
  return renderField(props, (attrs, rest) => <textarea {...attrs} className="input textarea" {...rest} />);
}

export function SelectField(props: Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'required'> & { options: { value: string; label: string }[]; placeholder?: string }) {
  return renderField(props, (attrs, { options, placeholder, ...rest }) => (
    <select {...attrs} className="input select" {...rest}>
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  ));
}

/** A six-digit one-time code (TOTP). Keeps only the digits, full-width ones converted; `onCode` gets the result. */
export function CodeField({ onCode, ...props }: Omit<Parameters<typeof TextField>[0], 'onChange'> & { onCode: (code: string) => void }) {
  return (
    <TextField
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      className="field-code"
      {...props}
      onChange={(e) => onCode(toHalfWidth(e.target.value).replace(/\D/g, '').slice(0, 6))}
    />
  );
}

export function CheckboxField({ id, label, error, className, ...rest }: Omit<Common, 'required'> & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'>) {
  return (
    <div className={`field field-check ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <div className="check-row">
        <input id={id} name={id} type="checkbox" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...rest} />
        <label htmlFor={id}>{label}</label>
      </div>
      <Help id={id} error={error} />
    </div>
  );
}

/** Converts full-width digits and hyphen-like characters (common in Japanese IME input) to ASCII. */
export function toHalfWidth(s: string): string {
  return s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[‐‑‒–—―ー－−]/g, '-')
    .replace(/[＠]/g, '@')
    .replace(/[．]/g, '.')
    .replace(/\u3000/g, ' ');
}

/**
 * Chooses a company by searching its name (GET /companies?q=): a combobox whose options carry
 * `data-testid="company-option"`. Once chosen it shows the name with a button to choose again.
 * `valueName` saves a look-up when the caller knows the chosen company's name.
 */
export function CompanyPicker({ value, valueName, onChange, compact, ...props }: Omit<Common, 'optionalMark'> & { value: string; valueName?: string | null | undefined; onChange: (id: string, name: string) => void; compact?: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const chosen = useQuery({ queryKey: ['company', value], queryFn: () => api.get<Company>(`/companies/${value}`), enabled: !!value && !valueName, staleTime: 60_000 });
  const results = useQuery({
    queryKey: ['companies', 'pick', q],
    queryFn: () => api.get<Paged<CompanySummary>>('/companies', { q, pageSize: 10, sort: 'name' }),
    enabled: open && !value,
    staleTime: 30_000,
  });
  // Only the answer for what is typed now: no stale options while the search catches up.
  const settled = q === text.trim() && !results.isPending;
  const items = settled ? (results.data?.items ?? []) : [];
  const listId = `${props.id}-options`;
  const pick = (c: CompanySummary) => {
    onChange(c.id, c.name);
    setOpen(false);
    setText('');
  };
  return renderField({ ...props, className: `company-picker ${compact ? 'company-picker-compact' : ''} ${props.className ?? ''}` }, (attrs) =>
    value ? (
      <div className="picked">
        <span className="picked-name" data-testid={`${props.id}-chosen`}>
          {valueName ?? chosen.data?.name ?? '…'}
        </span>
        <button type="button" className="btn btn-ghost btn-xs" onClick={() => onChange('', '')} data-testid={`${props.id}-clear`}>
          {t('common.change')}
        </button>
      </div>
    ) : (
      <div className="combo">
        <input
          {...attrs}
          className="input"
          type="search"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && items[active] ? `${listId}-${active}` : undefined}
          placeholder={t('common.companySearchPlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setOpen(true);
              setActive((i) => Math.min(i + 1, items.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((i) => Math.max(i - 1, 0));
            } else if (e.key === 'Enter' && open && items[active]) {
              e.preventDefault();
              pick(items[active]);
            } else if (e.key === 'Escape') {
              setOpen(false);
            }
          }}
        />
        {open && (
          <ul className="combo-list" role="listbox" id={listId}>
            {!settled ? (
              <li className="combo-empty">{t('common.loading')}</li>
            ) : items.length === 0 ? (
              <li className="combo-empty">{t('common.noCompanyMatch')}</li>
            ) : (
              items.map((c, i) => (
                <li
                  key={c.id}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? 'active' : undefined}
                  data-testid="company-option"
                  data-company-id={c.id}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => pick(c)}
                >
                  {c.name}
                </li>
              ))
            )}
          </ul>
        )}
      </div>
    ),
  );
}
