import { useTranslation } from 'react-i18next';
import { useLanguage } from '../auth';

/** One button that switches between Japanese and English; shows the language it switches to. */
export function LangToggle({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const setLanguage = useLanguage();
  const next = i18n.language === 'en' ? 'ja' : 'en';
  return (
    <button
      type="button"
      className={`lang-toggle ${className ?? ''}`}
      data-testid="lang-toggle"
      data-current={i18n.language}
      lang={next}
      title={t('common.switchLanguage')}
      onClick={() => void setLanguage(next)}
    >
      <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
        <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M2 10h16M10 2c2.5 2.5 2.5 13.5 0 16M10 2c-2.5 2.5-2.5 13.5 0 16" fill="none" stroke="currentColor" strokeWidth="1.4" />
      </svg>
      <span>{next === 'en' ? 'English' : '日本語'}</span>
    </button>
  );
}
