import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homePath, useCurrentUser } from '../auth';

export function NotFoundPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  return (
    <div className="page page-narrow">
      <h1 className="page-title">{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link to={homePath(me)} className="btn btn-primary">
        {t('notFound.back')}
      </Link>
    </div>
  );
}
