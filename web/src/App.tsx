import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { lazy, Suspense, type ReactNode } from 'react';
import { canSeeCompanyList, canWorkAlerts, homePath, isProgramAdmin, useMe } from './auth';
import { AppShell } from './components/AppShell';
import { ErrorAlert, Loading } from './components/ui';
import { ApplyPage } from './pages/ApplyPage';
import { LoginPage } from './pages/LoginPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { SetPasswordPage } from './pages/SetPasswordPage';
import { TotpPage } from './pages/TotpPage';
import { CompaniesPage } from './pages/CompaniesPage';
import { CompanyPage } from './pages/CompanyPage';
import { WeeklyReportPage } from './pages/WeeklyReportPage';
import { WeeklySendsPage } from './pages/WeeklySendsPage';
import { ApplicationsPage } from './pages/ApplicationsPage';
import { FormLinkPage } from './pages/FormLinkPage';
import { UsersPage } from './pages/UsersPage';
import { AuditPage } from './pages/AuditPage';
import { HomePage } from './pages/HomePage';
import { AlertsPage } from './pages/AlertsPage';
import { AlertPage } from './pages/AlertPage';
import { SuppressionsPage } from './pages/SuppressionsPage';
import { DevicesPage } from './pages/DevicesPage';
import { UnassignedPage } from './pages/UnassignedPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { CasesPage } from './pages/CasesPage';
import { CasePage } from './pages/CasePage';
import { SupportCasePage, SupportPage } from './pages/SupportPage';
import { HelpPage } from './pages/HelpPage';
import { KbPage } from './pages/KbPage';
import { QuarantinePage } from './pages/QuarantinePage';
import { NoticesPage } from './pages/NoticesPage';
import { DispatchesPage } from './pages/DispatchesPage';
import { DispatchPage } from './pages/DispatchPage';
import { PresurveyPage } from './pages/PresurveyPage';
import { AssessmentPage } from './pages/AssessmentPage';
import { SecurityActionPage } from './pages/SecurityActionPage';
import { RoadmapPage } from './pages/RoadmapPage';
import { AssessmentDistributionPage } from './pages/AssessmentDistributionPage';
import { canSeeDispatches, canWorkCases, isCompanyUser } from './helpdesk';
import type { Me } from './types';

// The program dashboard carries ECharts: loaded when opened.
const ProgramPage = lazy(() => import('./pages/ProgramPage').then((m) => ({ default: m.ProgramPage })));

function FullPageLoading() {
  return (
    <div className="fullpage-center">
      <Loading />
    </div>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { data, isPending, error } = useMe();
  const location = useLocation();
  if (isPending) return <FullPageLoading />;
  if (error) {
    return (
      <div className="fullpage-center">
        <ErrorAlert error={error} />
      </div>
    );
  }
  if (!data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

/** Renders children (or, as a layout route, the matched child route) only for users the predicate allows; others see a polite "no permission" page. */
function Allow({ when, children }: { when: (me: Me) => boolean; children?: ReactNode }) {
  const { data } = useMe();
  const { t } = useTranslation();
  if (!data || !when(data)) {
    return (
      <div className="page">
        <h1 className="page-title">{t('common.forbiddenTitle')}</h1>
        <ErrorAlert>{t('errors.forbidden')}</ErrorAlert>
      </div>
    );
  }
  return <>{children ?? <Outlet />}</>;
}

function HomeRedirect() {
  const { data } = useMe();
  if (!data) return null;
  return <Navigate to={homePath(data)} replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/apply" element={<ApplyPage />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/set-password" element={<SetPasswordPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route path="/home" element={<HomePage />} />
        <Route path="/settings/2fa" element={<TotpPage />} />
        <Route
          path="/companies"
          element={
            <Allow when={(me) => canSeeCompanyList(me.role)}>
              <CompaniesPage />
            </Allow>
          }
        />
        <Route path="/companies/:id" element={<CompanyPage />} />
        <Route path="/companies/:id/weekly" element={<WeeklyReportPage />} />
        {/* Assessment: the company's users, and staff (reading; some answer on its behalf). */}
        <Route path="/companies/:id/presurvey" element={<PresurveyPage />} />
        <Route path="/companies/:id/assessment" element={<AssessmentPage />} />
        <Route path="/companies/:id/security-action" element={<SecurityActionPage />} />
        <Route path="/companies/:id/roadmap" element={<RoadmapPage />} />
        {/* The monitoring center's queue: analysts, the help desk and the program office. */}
        <Route element={<Allow when={(me) => canWorkAlerts(me.role)} />}>
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="/alerts/:id" element={<AlertPage />} />
          <Route path="/suppressions" element={<SuppressionsPage />} />
        </Route>
        {/* Help desk: the front line, the monitoring center and the program office. */}
        <Route element={<Allow when={(me) => canWorkCases(me.role)} />}>
          <Route path="/cases" element={<CasesPage />} />
          <Route path="/kb" element={<KbPage />} />
          <Route path="/mail/quarantine" element={<QuarantinePage />} />
          <Route path="/notices" element={<NoticesPage />} />
          <Route path="/reports/weekly-sends" element={<WeeklySendsPage />} />
        </Route>
        {/* A company user opening a staff link is sent to their own view of the case. */}
        <Route path="/cases/:id" element={<CasePage />} />
        {/* Company users: questions to the help desk. */}
        <Route element={<Allow when={(me) => isCompanyUser(me.role)} />}>
          <Route path="/support" element={<SupportPage />} />
          <Route path="/support/:id" element={<SupportCasePage />} />
        </Route>
        <Route path="/help" element={<HelpPage />} />
        {/* Dispatch: the back office and help desk (all), responders (their own). */}
        <Route element={<Allow when={(me) => canSeeDispatches(me.role)} />}>
          <Route path="/dispatches" element={<DispatchesPage />} />
          <Route path="/dispatches/:id" element={<DispatchPage />} />
        </Route>
        {/* Device health: every staff role that reads all companies. */}
        <Route element={<Allow when={(me) => canSeeCompanyList(me.role)} />}>
          <Route path="/devices" element={<DevicesPage />} />
          <Route path="/devices/unassigned" element={<UnassignedPage />} />
          <Route path="/assessment/distribution" element={<AssessmentDistributionPage />} />
        </Route>
        {/* Program office only. */}
        <Route element={<Allow when={(me) => isProgramAdmin(me.role)} />}>
          <Route path="/applications" element={<ApplicationsPage />} />
          <Route path="/applications/qr" element={<FormLinkPage />} />
          <Route path="/applications/:id" element={<ApplicationsPage />} />
          <Route path="/users" element={<UsersPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/program" element={<Suspense fallback={<Loading />}><ProgramPage /></Suspense>} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
