// The company's next steps in the order the pilot found works (organisation and documents → devices and
// monitoring → response readiness and exercises → insurance): why, how much effort, and what helps.
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth';
import { Card, EmptyState, ErrorAlert, Loading, usePageTitle } from '../components/ui';
import { AssessmentFrame, GroupName } from '../components/assessment';
import { isOwnCompany, useRoadmap, type RoadmapStep } from '../assessment';

export function RoadmapPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  usePageTitle(t('assessment.roadmap.title'));
  const q = useRoadmap(id);
  const phases = [...new Set((q.data?.steps ?? []).map((s) => s.phase))].sort((a, b) => a - b);
  return (
    <AssessmentFrame companyId={id} title={t('assessment.roadmap.title')} lead={isOwnCompany(me, id) ? t('assessment.roadmap.lead') : t('assessment.roadmap.leadStaff')} testId="roadmap-page">
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : q.data.steps.length === 0 ? (
        <Card>
          <EmptyState title={t('assessment.roadmap.empty')}>
            <p className="small">{t('assessment.roadmap.emptyHelp')}</p>
          </EmptyState>
        </Card>
      ) : (
        <>
          {q.data.group && (
            <p className="roadmap-group">
              {t('assessment.roadmap.forGroup')} <GroupName group={q.data.group} />
            </p>
          )}
          <ol className="phase-list">
            {phases.map((p) => {
              const steps = q.data.steps.filter((s) => s.phase === p);
              const done = steps.filter((s) => s.done).length;
              return (
                <li key={p} className={`phase ${done === steps.length ? 'phase-done' : ''}`} data-testid="roadmap-phase" data-phase={p}>
                  <div className="phase-head">
                    <span className="phase-num" aria-hidden="true">
                      {p}
                    </span>
                    <div>
                      <h2 className="phase-title">{t(`assessment.phase.${p}.title`, { defaultValue: t('assessment.phase.n', { n: p }) })}</h2>
                      <p className="small muted">{t(`assessment.phase.${p}.goal`, { defaultValue: '' })}</p>
                    </div>
                    <span className="phase-count small">{t('assessment.roadmap.doneCount', { done, total: steps.length })}</span>
                  </div>
                  <ul className="step-list">
                    {steps.map((s) => (
                      <StepItem key={s.key} s={s} compact={s.done} />
                    ))}
                  </ul>
                </li>
              );
            })}
          </ol>
          {isOwnCompany(me, id) && (
            <p className="small">
              <Link to="/support">{t('assessment.roadmap.ask')}</Link>
            </p>
          )}
        </>
      )}
    </AssessmentFrame>
  );
}

function StepItem({ s, compact }: { s: RoadmapStep; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <li className={`step-item ${s.done ? 'done' : ''}`} data-testid="roadmap-step" data-key={s.key} data-done={s.done}>
      <span className={`step-mark ${s.done ? 'on' : ''}`} aria-label={s.done ? t('assessment.roadmap.done') : t('assessment.roadmap.todo')} role="img">
        {s.done ? '✓' : ''}
      </span>
      <div className="step-body">
        <p className="step-name">
          {s.title}
          {s.done && <span className="badge badge-ok">{t('assessment.roadmap.done')}</span>}
        </p>
        {!compact && (
          <dl className="step-dl">
            <div>
              <dt>{t('assessment.roadmap.why')}</dt>
              <dd>{s.why}</dd>
            </div>
            <div>
              <dt>{t('assessment.roadmap.effort')}</dt>
              <dd>{s.effort}</dd>
            </div>
            {s.service && (
              <div>
                <dt>{t('assessment.roadmap.service')}</dt>
                <dd>{s.service}</dd>
              </div>
            )}
          </dl>
        )}
        {compact && !s.done && <p className="small muted">{s.why}</p>}
      </div>
    </li>
  );
}

/** The company page's card: the next few open steps and a link to the whole roadmap. */
export function RoadmapCard({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const q = useRoadmap(companyId);
  if (q.error) return null;
  const open = (q.data?.steps ?? []).filter((s) => !s.done);
  const total = q.data?.steps.length ?? 0;
  return (
    <Card
      title={t('assessment.roadmap.cardTitle')}
      testId="company-roadmap"
      actions={
        <Link to={`/companies/${companyId}/roadmap`} className="small" data-testid="company-roadmap-link">
          {t('assessment.roadmap.all')}
        </Link>
      }
    >
      {q.isPending ? (
        <Loading />
      ) : total === 0 ? (
        <p className="muted small">{t('assessment.roadmap.empty')}</p>
      ) : open.length === 0 ? (
        <p className="text-success-strong">✓ {t('assessment.roadmap.allDone')}</p>
      ) : (
        <>
          <p className="small muted">{t('assessment.roadmap.progress', { done: total - open.length, total })}</p>
          <ul className="step-list step-list-compact">
            {open.slice(0, 3).map((s) => (
              <StepItem key={s.key} s={s} compact />
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
