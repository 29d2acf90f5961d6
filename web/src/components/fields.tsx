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
