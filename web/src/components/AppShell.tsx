import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, setCsrfToken } from '../api';
import { ME_KEY, adoptMe, canSeeCompanyList, canWorkAlerts, homePath, isProgramAdmin, isStaff, useCurrentUser } from '../auth';
import { Brand } from './Brand';
import { LangToggle } from './LangToggle';
import { Notice } from './ui';
import { canSeeDispatches, canWorkCases, isCompanyUser, isResponder } from '../helpdesk';

export function AppShell() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [navOpen, setNavOpen] = useState(false);

  const logout = async () => {
    try {
      await api.del('/session');
    } catch {
      /* already logged out */
    }
    adoptMe(null);
    setCsrfToken(null);
    qc.clear();
    qc.setQueryData(ME_KEY, null);
    navigate('/login', { replace: true, state: { notice: 'loggedOut' } });
  };

  const links: { to: string; label: string; testId: string; end?: boolean; also?: string[] }[] = [];
  if (canWorkCases(me.role)) links.push({ to: '/cases', label: t('nav.cases'), testId: 'nav-cases' });
  if (canSeeCompanyList(me.role)) links.push({ to: '/companies', label: t('nav.companies'), testId: 'nav-companies' });
  if (canWorkAlerts(me.role)) links.push({ to: '/alerts', label: t('nav.alerts'), testId: 'nav-alerts' });
  if (canSeeDispatches(me.role)) links.push({ to: '/dispatches', label: isResponder(me.role) ? t('nav.myDispatches') : t('nav.dispatches'), testId: 'nav-dispatches' });
  if (canSeeCompanyList(me.role)) links.push({ to: '/devices', label: t('nav.devices'), testId: 'nav-devices' });
  if (canSeeCompanyList(me.role)) links.push({ to: '/assessment/distribution', label: t('assessment.nav.distribution'), testId: 'nav-assessment-distribution' });
  if (canWorkAlerts(me.role)) links.push({ to: '/suppressions', label: t('nav.suppressions'), testId: 'nav-suppressions' });
  if (canWorkCases(me.role)) {
    links.push({ to: '/kb', label: t('nav.kb'), testId: 'nav-kb' });
    links.push({ to: '/notices', label: t('nav.notices'), testId: 'nav-notices' });
    links.push({ to: '/mail/quarantine', label: t('nav.quarantine'), testId: 'nav-quarantine' });
    links.push({ to: '/reports/weekly-sends', label: t('nav.weeklySends'), testId: 'nav-weekly-sends' });
  }
  if (isProgramAdmin(me.role)) {
    links.push({ to: '/program', label: t('program.nav'), testId: 'nav-program' });
    links.push({ to: '/applications', label: t('nav.applications'), testId: 'nav-applications' });
    links.push({ to: '/users', label: t('nav.users'), testId: 'nav-users' });
    links.push({ to: '/audit', label: t('nav.audit'), testId: 'nav-audit' });
  }
  if (!canSeeCompanyList(me.role) && me.companyId) {
    links.push({ to: `/companies/${me.companyId}`, label: t('nav.ownCompany'), testId: 'nav-own-company', end: true });
  }
  if (isCompanyUser(me.role)) {
    links.push({ to: `/companies/${me.companyId}/weekly`, label: t('nav.weeklyReport'), testId: 'nav-weekly' });
    links.push({ to: `/companies/${me.companyId}/assessment`, label: t('assessment.nav.menu'), testId: 'nav-assessment', also: ['presurvey', 'security-action', 'roadmap'].map((p) => `/companies/${me.companyId}/${p}`) });
    links.push({ to: '/support', label: t('nav.support'), testId: 'nav-support' });
    links.push({ to: '/help', label: t('nav.help'), testId: 'nav-help' });
  }
  if (links.length === 0) links.push({ to: '/home', label: t('nav.home'), testId: 'nav-home' });
  if (isStaff(me.role)) links.push({ to: '/settings/2fa', label: t('nav.twoFactor'), testId: 'nav-2fa' });

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('common.skipToContent')}
      </a>
      <header className="app-header">
        <div className="app-header-left">
          <button type="button" className="nav-burger" aria-expanded={navOpen} aria-controls="side-nav" onClick={() => setNavOpen((v) => !v)}>
            <span aria-hidden="true">☰</span>
            <span className="sr-only">{t('nav.menu')}</span>
          </button>
          <Brand to={homePath(me)} />
        </div>
        <div className="app-header-right">
          <div className="user-chip" data-testid="current-user">
            <span className="user-name">{me.name || me.email}</span>
            <span className="user-role" data-testid="current-role">
              {t(`codes.role.${me.role}`, { defaultValue: me.role })}
              {me.companyName ? ` ・ ${me.companyName}` : ''}
            </span>
          </div>
          <LangToggle />
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void logout()} data-testid="logout">
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <div className="shell-body">
        <nav id="side-nav" className={`side-nav ${navOpen ? 'open' : ''}`} aria-label={t('nav.main')} onClick={() => setNavOpen(false)}>
          <ul>
            {links.map((l) => (
              <li key={l.to}>
                <NavLink to={l.to} end={l.end} data-testid={l.testId} className={({ isActive }) => (isActive || l.also?.some((p) => location.pathname.startsWith(p)) ? 'active' : '')}>
                  {l.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main className="content" id="main">
          {me.totpRequired && location.pathname !== '/settings/2fa' && (
            <Notice kind="warning" className="banner" testId="totp-banner">
              {t('totp.bannerText')}{' '}
              <NavLink to="/settings/2fa" className="banner-link">
                {t('totp.bannerLink')}
              </NavLink>
            </Notice>
          )}
          <Outlet />
        </main>
      </div>
    </div>
  );
}
