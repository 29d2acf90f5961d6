import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Brand } from './Brand';
import { LangToggle } from './LangToggle';

export function PublicLayout({ children, narrow }: { children: ReactNode; narrow?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="public">
      <header className="public-header">
        <div className="public-header-inner">
          <Brand to="/apply" />
          <LangToggle />
        </div>
      </header>
      <main className={`public-main ${narrow ? 'public-narrow' : ''}`} id="main">
        {children}
      </main>
      <footer className="public-footer">
        <div className="public-footer-inner">
          <p>{t('public.footerOperator')}</p>
          <p className="muted">{t('public.footerNote')}</p>
        </div>
      </footer>
    </div>
  );
}
