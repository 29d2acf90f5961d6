import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { useCurrentUser } from '../auth';
import { isCompanyUser, type KbArticle } from '../helpdesk';
import { codeLabel } from '../components/helpdesk';
import { EmptyState, ErrorAlert, Loading, usePageTitle } from '../components/ui';

/** Searchable help: the knowledge base's customer texts (published articles). */
export function HelpPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const [open, setOpen] = useState<string | null>(params.get('open'));
  usePageTitle(t('help.title'));
  const list = useQuery({ queryKey: ['kb', 'help', q, category], queryFn: () => api.get<{ items: KbArticle[] }>('/kb', { q, category }) });
  const all = useQuery({ queryKey: ['kb', 'help', '', ''], queryFn: () => api.get<{ items: KbArticle[] }>('/kb') });
  // Staff see drafts in the list API; this page shows only what customers see.
  const items = (list.data?.items ?? []).filter((a) => a.published);
  const categories = [...new Set((all.data?.items ?? []).filter((a) => a.published).map((a) => a.category))];
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const onSearch = (ev: FormEvent) => {
    ev.preventDefault();
    update({ q: text.trim() });
  };
  return (
    <div className="page page-narrow help-page" data-testid="help-page">
      <header className="help-hero">
        <h1 className="page-title">{t('help.title')}</h1>
        <p className="page-lead">{t('help.lead')}</p>
        <form className="help-search" role="search" onSubmit={onSearch}>
          <label htmlFor="help-q" className="sr-only">
            {t('help.search')}
          </label>
          <input id="help-q" className="input" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('help.searchPlaceholder')} data-testid="help-q" />
          <button type="submit" className="btn btn-primary" data-testid="help-search">
            {t('common.search')}
          </button>
        </form>
        {categories.length > 0 && (
          <div className="chip-row" role="group" aria-label={t('help.categories')}>
            <button type="button" className={`chip ${!category ? 'active' : ''}`} aria-pressed={!category} onClick={() => update({ category: '' })}>
              {t('common.all')}
            </button>
            {categories.map((c) => (
              <button key={c} type="button" className={`chip ${category === c ? 'active' : ''}`} aria-pressed={category === c} onClick={() => update({ category: c })} data-testid="help-chip">
                {codeLabel(t, 'kbCodes.category', c)}
              </button>
            ))}
          </div>
        )}
      </header>

      {list.error != null ? (
        <ErrorAlert error={list.error} />
      ) : list.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState title={q || category ? t('help.emptyFiltered') : t('help.empty')}>
            {isCompanyUser(me.role) && (
              <p className="small">
                <Link to="/support">{t('help.askInstead')}</Link>
              </p>
            )}
          </EmptyState>
        </div>
      ) : (
        <ul className="help-list" data-testid="help-list">
          {items.map((a) => (
            <li key={a.id} className={`help-item card ${open === a.id ? 'open' : ''}`} data-testid="help-article" data-slug={a.slug}>
              <h2 className="help-item-title">
                <button type="button" aria-expanded={open === a.id} aria-controls={`help-body-${a.id}`} onClick={() => setOpen(open === a.id ? null : a.id)} data-testid="help-article-toggle">
                  <span className="help-q-mark" aria-hidden="true">
                    Q
                  </span>
                  <span className="help-title-text">{a.title}</span>
                  <span className="badge badge-category">{codeLabel(t, 'kbCodes.category', a.category)}</span>
                  <span className="help-toggle" aria-hidden="true">
                    {open === a.id ? '−' : '+'}
                  </span>
                </button>
              </h2>
              {open === a.id && (
                <div className="help-body" id={`help-body-${a.id}`} data-testid="help-article-body">
                  {a.customerBody}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}

      {isCompanyUser(me.role) && (
        <div className="help-ask card">
          <div className="card-body">
            <p className="cell-strong">{t('help.notFound')}</p>
            <p className="small">{t('help.notFoundText')}</p>
            <Link to="/support" className="btn btn-primary" data-testid="help-to-support">
              {t('help.ask')}
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
