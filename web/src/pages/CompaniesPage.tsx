import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isProgramAdmin, useCurrentUser } from '../auth';
import { codeOptions, useReferenceCodes } from '../codes';
import { formatDate, formatNumber } from '../format';
import { EmptyState, GroupBadge, PageHeader, StatusBadge, usePageTitle } from '../components/ui';
import { LinkRow, PagedTable, usePagedList } from '../components/tables';
import { CompanyFormModal } from './CompanyFormModal';
import type { CompanySummary } from '../types';

const PAGE_SIZE = 50;
const FILTER_KEYS = ['q', 'status', 'group', 'industry', 'referralRoute'] as const;

export function CompaniesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const codes = useReferenceCodes();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [showCreate, setShowCreate] = useState(false);

  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof FILTER_KEYS)[number], string>;
  const sort = params.get('sort') ?? '';
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);

  usePageTitle(t('companies.title'));
  const list = usePagedList<CompanySummary>(['companies', filters, sort], '/companies', { ...filters, sort }, PAGE_SIZE);

  // A new filter or sort order starts again from the first page.
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    next.delete('page');
    setParams(next);
  };

  const onSearch = (ev: FormEvent) => {
    ev.preventDefault();
    update({ q: q.trim() });
  };

  const hasFilters = FILTER_KEYS.some((k) => filters[k]);

  return (
    <div className="page">
      <PageHeader title={t('companies.title')} lead={t('companies.lead')}>
        {isProgramAdmin(me.role) && (
          <button type="button" className="btn btn-primary" onClick={() => setShowCreate(true)} data-testid="company-create">
            ＋ {t('companies.create')}
          </button>
        )}
      </PageHeader>

      <form className="filters card" onSubmit={onSearch} role="search" aria-label={t('companies.filters')} data-testid="company-filters">
        <div className="filter-item filter-q">
          <label htmlFor="f-q">{t('companies.filter.q')}</label>
          <div className="search-box">
            <input id="f-q" className="input" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('companies.filter.qPlaceholder')} />
            <button type="submit" className="btn btn-secondary">
              {t('common.search')}
            </button>
          </div>
        </div>
        <FilterSelect id="f-status" label={t('companies.filter.status')} value={filters.status} onChange={(v) => update({ status: v })} options={codeOptions(t, codes.companyStatuses, 'codes.status')} />
        <FilterSelect id="f-group" label={t('companies.filter.group')} value={filters.group} onChange={(v) => update({ group: v })} options={codes.maturityGroups.map((g) => ({ value: g, label: t('companies.groupShort', { group: g }) }))} />
        <FilterSelect id="f-industry" label={t('companies.filter.industry')} value={filters.industry} onChange={(v) => update({ industry: v })} options={codeOptions(t, codes.industries, 'codes.industry')} />
        <FilterSelect id="f-referral" label={t('companies.filter.referralRoute')} value={filters.referralRoute} onChange={(v) => update({ referralRoute: v })} options={codeOptions(t, codes.referralRoutes, 'codes.referral')} />
        {hasFilters && (
          <div className="filter-item filter-clear">
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setParams(new URLSearchParams())} data-testid="filters-clear">
              {t('companies.clearFilters')}
            </button>
          </div>
        )}
      </form>

      <PagedTable
        list={list}
        empty={
          <EmptyState
            title={hasFilters ? t('companies.emptyFiltered') : t('companies.empty')}
            action={
              hasFilters ? (
                <button type="button" className="btn btn-secondary" onClick={() => setParams(new URLSearchParams())}>
                  {t('companies.clearFilters')}
                </button>
              ) : isProgramAdmin(me.role) ? (
                <p className="small">{t('companies.emptyHelp')}</p>
              ) : undefined
            }
          />
        }
        toolbar={(data) => (
          <div className="table-toolbar">
            <span className="total" data-testid="company-total">
              {t('companies.totalPrefix')}
              <strong>{formatNumber(data.total)}</strong>
              {t('companies.totalSuffix')}
            </span>
            <div className="sort-select">
              <label htmlFor="f-sort">{t('companies.filter.sort')}</label>
              <select id="f-sort" className="input select" value={sort} onChange={(e) => update({ sort: e.target.value })}>
                <option value="">{t('companies.sort.name')}</option>
                <option value="createdAt">{t('companies.sort.createdAt')}</option>
              </select>
            </div>
          </div>
        )}
        testId="company-table"
        columns={[
          t('companies.col.name'),
          t('companies.col.industry'),
          t('companies.col.employees'),
          { label: t('companies.col.pcs'), className: 'num' },
          t('companies.col.group'),
          t('companies.col.status'),
          t('companies.col.referral'),
          t('companies.col.applied'),
        ]}
        row={(c) => (
          <LinkRow key={c.id} onOpen={() => navigate(`/companies/${c.id}`)} data-testid="company-row" data-company-id={c.id}>
            <td className="cell-strong">
              <a
                href={`/companies/${c.id}`}
                onClick={(e) => {
                  e.preventDefault();
                }}
                tabIndex={-1}
              >
                {c.name}
              </a>
            </td>
            <td className="nowrap">{t(`codes.industry.${c.industry}`, { defaultValue: c.industry })}</td>
            <td className="nowrap">{t(`codes.employees.${c.employeesBand}`, { defaultValue: c.employeesBand })}</td>
            <td className="num">{formatNumber(c.pcCount)}</td>
            <td>
              <GroupBadge group={c.group} />
            </td>
            <td className="nowrap">
              <StatusBadge status={c.status} />
            </td>
            <td className="nowrap">{c.referralRoute ? t(`codes.referral.${c.referralRoute}`, { defaultValue: c.referralRoute }) : '—'}</td>
            <td className="nowrap">{formatDate(c.createdAt)}</td>
          </LinkRow>
        )}
      />

      {showCreate && <CompanyFormModal onClose={() => setShowCreate(false)} onSaved={(c) => navigate(`/companies/${c.id}`)} />}
    </div>
  );
}

function FilterSelect({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <div className="filter-item">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('common.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
