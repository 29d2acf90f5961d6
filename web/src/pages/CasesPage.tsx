import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth';
import { codeOptions } from '../codes';
import { formatDateTime, formatNumber } from '../format';
import { caseCategories, caseChannels, caseStatuses, caseTiers, type CaseListItem } from '../helpdesk';
import { CaseStatusBadge, SeverityBadge, SlaBadge, TierBadge, codeLabel } from '../components/helpdesk';
import { EmptyState, PageHeader, usePageTitle } from '../components/ui';
import { LinkRow, PagedTable, usePagedList } from '../components/tables';
import { NewCaseModal } from './NewCaseModal';

const PAGE_SIZE = 50;
const FILTER_KEYS = ['q', 'status', 'channel', 'category', 'tier', 'mine', 'breached', 'companyId'] as const;
/** The queue refreshes itself: new mail and web consultations show up without a reload. */
const REFRESH_MS = 15_000;

export function CasesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof FILTER_KEYS)[number], string>;
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  usePageTitle(t('cases.title'));

  const query = {
    q: filters.q,
    status: filters.status,
    channel: filters.channel,
    category: filters.category,
    tier: filters.tier,
    companyId: filters.companyId,
    assigneeId: filters.mine ? me.id : '',
    breached: filters.breached ? 'true' : '',
  };
  const list = usePagedList<CaseListItem>(['cases', query], '/cases', query, PAGE_SIZE, { refetchInterval: REFRESH_MS });

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
      <PageHeader title={t('cases.title')} lead={t('cases.lead')}>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="case-create">
          ＋ {t('cases.create')}
        </button>
      </PageHeader>

      <form className="filters card" onSubmit={onSearch} role="search" aria-label={t('cases.filters')} data-testid="case-filters">
        <div className="filter-item filter-q">
          <label htmlFor="f-case-q">{t('cases.filter.q')}</label>
          <div className="search-box">
            <input id="f-case-q" className="input" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('cases.filter.qPlaceholder')} />
            <button type="submit" className="btn btn-secondary">
              {t('common.search')}
            </button>
          </div>
        </div>
        <Select id="f-case-status" label={t('cases.filter.status')} value={filters.status} onChange={(v) => update({ status: v })} options={codeOptions(t, caseStatuses, 'caseCodes.status')} />
        <Select id="f-case-channel" label={t('cases.filter.channel')} value={filters.channel} onChange={(v) => update({ channel: v })} options={codeOptions(t, caseChannels, 'caseCodes.channel')} />
        <Select id="f-case-category" label={t('cases.filter.category')} value={filters.category} onChange={(v) => update({ category: v })} options={codeOptions(t, caseCategories, 'caseCodes.category')} />
        <Select id="f-case-tier" label={t('cases.filter.tier')} value={filters.tier} onChange={(v) => update({ tier: v })} options={codeOptions(t, caseTiers, 'caseCodes.tier')} />
        <div className="filter-item filter-switches">
          <label className="switch">
            <input type="checkbox" checked={!!filters.mine} onChange={(e) => update({ mine: e.target.checked ? '1' : '' })} data-testid="f-case-mine" />
            {t('cases.filter.mine')}
          </label>
          <label className="switch">
            <input type="checkbox" checked={!!filters.breached} onChange={(e) => update({ breached: e.target.checked ? '1' : '' })} data-testid="f-case-breached" />
            {t('cases.filter.breached')}
          </label>
        </div>
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
        empty={<EmptyState title={hasFilters ? t('cases.emptyFiltered') : t('cases.empty')}>{!hasFilters && <p className="small">{t('cases.emptyHelp')}</p>}</EmptyState>}
        toolbar={(data) => (
          <div className="table-toolbar">
            <span className="total" data-testid="case-total">
              {t('companies.totalPrefix')}
              <strong>{formatNumber(data.total)}</strong>
              {t('companies.totalSuffix')}
            </span>
          </div>
        )}
        testId="case-table"
        columns={[t('cases.col.number'), t('cases.col.subject'), t('cases.col.company'), t('cases.col.status'), t('cases.col.sla'), t('cases.col.assignee'), t('cases.col.updated')]}
        row={(c) => {
          const breached = !!c.sla && (c.sla.firstResponseBreached || c.sla.resolutionBreached) && c.status !== 'resolved' && c.status !== 'closed';
          return (
            <LinkRow key={c.id} onOpen={() => navigate(`/cases/${c.id}`)} className={breached ? 'row-alert' : undefined} data-testid="case-row" data-case-id={c.id} data-status={c.status}>
              <td className="nowrap mono small">{c.number}</td>
              <td className="cell-subject">
                <span className="cell-strong block">{c.subject}</span>
                <span className="muted small block case-row-meta">
                  {codeLabel(t, 'caseCodes.channel', c.channel)} ・ {codeLabel(t, 'caseCodes.category', c.category)}
                </span>
              </td>
              <td className="cell-company">
                <Link to={`/companies/${c.companyId}`} onClick={(e) => e.stopPropagation()} data-testid="case-company-link">
                  {c.companyName ?? '—'}
                </Link>
              </td>
              <td className="nowrap">
                <span className="badge-stack">
                  <CaseStatusBadge status={c.status} />
                  <SeverityBadge severity={c.severity} />
                  {c.tier === 'back' && <TierBadge tier={c.tier} />}
                </span>
              </td>
              <td className="nowrap">
                <SlaBadge sla={c.sla} status={c.status} />
              </td>
              <td className="nowrap">{c.assigneeName ?? <span className="muted">{t('cases.unassigned')}</span>}</td>
              <td className="nowrap small">{formatDateTime(c.updatedAt)}</td>
            </LinkRow>
          );
        }}
      />

      {creating && <NewCaseModal onClose={() => setCreating(false)} onCreated={(id) => navigate(`/cases/${id}`)} />}
    </div>
  );
}

export function Select({ id, label, value, onChange, options, allLabel }: { id: string; label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; allLabel?: string }) {
  const { t } = useTranslation();
  return (
    <div className="filter-item">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel ?? t('common.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
