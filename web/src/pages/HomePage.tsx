import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth';
import { Card } from '../components/ui';

/** Landing page for roles whose own screens are not built yet (responder, insurer). */
export function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  return (
    <div className="page page-narrow">
      <h1 className="page-title">{t('home.title', { name: me.name || me.email })}</h1>
      <Card>
        <p>{t('home.body', { role: t(`codes.role.${me.role}`, { defaultValue: me.role }) })}</p>
      </Card>
    </div>
  );
}
