import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

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

function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function TextField({ id, label, error, hint, required, optionalMark, className, ...rest }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'required'>) {
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <Label id={id} label={label} required={required} optionalMark={optionalMark} />
      <input
        id={id}
        name={id}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      />
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextArea({ id, label, error, hint, required, optionalMark, className, ...rest }: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'required'>) {
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <Label id={id} label={label} required={required} optionalMark={optionalMark} />
      <textarea
        id={id}
        name={id}
        className="input textarea"
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      />
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

export function SelectField({
  id,
  label,
  error,
  hint,
  required,
  optionalMark,
  className,
  options,
  placeholder,
  ...rest
}: Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'required'> & { options: { value: string; label: string }[]; placeholder?: string }) {
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <Label id={id} label={label} required={required} optionalMark={optionalMark} />
      <select
        id={id}
        name={id}
        className="input select"
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Help id={id} error={error} hint={hint} />
    </div>
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
