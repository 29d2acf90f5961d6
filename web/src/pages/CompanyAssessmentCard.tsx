// The company page's "セキュリティ診断" card: pre-survey group, latest self-assessment score, SECURITY ACTION
// level and links to each screen; the program office changes the group here (with a reason).
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { isProgramAdmin, useCurrentUser } from '../auth';
import { formatDate } from '../format';
import { Card, Dl, GroupBadge } from '../components/ui';
import { GroupOverrideDialog } from '../components/assessment';
import { useLatestAssessment, usePresurvey, useSecurityAction, type Group } from '../assessment';

const hidden = (e: unknown) => e instanceof ApiError && (e.status === 403 || e.status === 404);

export function CompanyAssessmentCard({ companyId, group }: { companyId: string; group: Group | null }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [overriding, setOverriding] = useState(false);
  const pre = usePresurvey(companyId);
  const latest = useLatestAssessment(companyId);
  const sa = useSecurityAction(companyId);
  if (hidden(pre.error) && hidden(latest.error)) return null;
  const base = `/companies/${companyId}`;
  const p = pre.data;
  const a = latest.data;
  return (
    <Card
      title={t('assessment.card.title')}
      testId="company-assessment"
      actions={
        isProgramAdmin(me.role) && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setOverriding(true)} data-testid="group-override-open">
            {t('assessment.override.open')}
          </button>
        )
      }
    >
      <Dl
        items={[
          [
            t('assessment.card.presurvey'),
            pre.isPending ? '…' : p ? (
              <span data-testid="card-presurvey-group" data-group={p.override?.group ?? p.group}>
                <GroupBadge group={p.override?.group ?? p.group} /> {t(`assessment.device.${p.deviceRecommendation.kind}`)}
                <span className="muted small"> ・ {formatDate(p.createdAt)}</span>
                {p.override && <span className="block small muted">{t('assessment.card.overridden', { from: p.group, reason: p.override.reason })}</span>}
              </span>
            ) : (
              <Link to={`${base}/presurvey`}>{t('assessment.card.presurveyNone')}</Link>
            ),
            'card-presurvey',
          ],
          [
            t('assessment.card.assessment'),
            latest.isPending ? '…' : a ? (
              <span data-testid="card-score" data-score={a.ipaScore}>
                <strong>{t('assessment.card.score', { score: a.ipaScore })}</strong> <span className="small">{t(`assessment.band.${a.ipaBand}.short`)}</span>
                <span className="muted small"> ・ {formatDate(a.createdAt)}</span>
              </span>
            ) : (
              <Link to={`${base}/assessment`}>{t('assessment.card.assessmentNone')}</Link>
            ),
            'card-assessment',
          ],
          [t('assessment.card.securityAction'), sa.data ? t(`assessment.sa.levels.${sa.data.level}`) : null, 'card-sa'],
        ]}
      />
      <p className="card-links small">
        <Link to={`${base}/presurvey`} data-testid="card-link-presurvey">
          {t('assessment.nav.presurvey')}
        </Link>
        <Link to={`${base}/assessment`} data-testid="card-link-assessment">
          {t('assessment.nav.assessment')}
        </Link>
        <Link to={`${base}/security-action`} data-testid="card-link-sa">
          {t('assessment.nav.securityAction')}
        </Link>
      </p>
      {overriding && <GroupOverrideDialog companyId={companyId} current={p ? (p.override?.group ?? p.group) : group} onClose={() => setOverriding(false)} />}
    </Card>
  );
}
