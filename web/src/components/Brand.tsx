import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function ShieldLogo({ size = 32 }: { size?: number }) {
  return (
    <svg viewBox="0 0 32 32" width={size} height={size} aria-hidden="true" className="logo">
      <path d="M16 2 4 6.5v8.2C4 22.3 9.1 28.3 16 30c6.9-1.7 12-7.7 12-15.3V6.5L16 2z" fill="currentColor" />
      <path d="m10.5 16 3.8 3.8 7.2-7.6" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function Brand({ to = '/' }: { to?: string }) {
  const { t } = useTranslation();
  return (
    <Link to={to} className="brand" data-testid="brand">
      <ShieldLogo />
      <span className="brand-text">
        <span className="brand-name">{t('app.serviceName')}</span>
        <span className="brand-sub">{t('app.tagline')}</span>
      </span>
    </Link>
  );
}
