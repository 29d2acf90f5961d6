import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { codeOptions } from '../codes';
import { formatDateTime } from '../format';
import { localizeFieldErrors } from '../fieldErrors';
import { kbCategories, type KbArticle } from '../helpdesk';
import { codeLabel } from '../components/helpdesk';
import { CheckboxField, SelectField, TextArea, TextField } from '../components/fields';
import { DialogButtons, EmptyState, FormError, Modal, PageHeader, usePageTitle } from '../components/ui';
import { ListTable, LinkRow } from '../components/tables';
import { Select } from './CasesPage';

/** The knowledge base: what customers read on the help page and what staff follow on the phone. */
export function KbPage() {
  const { t } = useTranslation();
  usePageTitle(t('kb.title'));
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState('');
  const [editing, setEditing] = useState<KbArticle | 'new' | null>(null);
  const list = useQuery({ queryKey: ['kb', 'staff', q, category], queryFn: () => api.get<{ items: KbArticle[] }>('/kb', { q, category }) });
  return (
    <div className="page">
      <PageHeader title={t('kb.title')} lead={t('kb.lead')}>
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="kb-create">
          ＋ {t('kb.create')}
        </button>
      </PageHeader>
      <form
        className="filters card"
        role="search"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setQ(text.trim());
        }}
      >
        <div className="filter-item filter-q">
          <label htmlFor="f-kb-q">{t('kb.search')}</label>
          <div className="search-box">
            <input id="f-kb-q" className="input" type="search" value={text} onChange={(e) => setText(e.target.value)} />
            <button type="submit" className="btn btn-secondary">
              {t('common.search')}
            </button>
          </div>
        </div>
        <Select id="f-kb-category" label={t('kb.category')} value={category} onChange={setCategory} options={codeOptions(t, kbCategories, 'kbCodes.category')} />
      </form>
      <ListTable
        query={list}
        empty={<EmptyState title={q || category ? t('kb.emptyFiltered') : t('kb.empty')} />}
        testId="kb-table"
        columns={[t('kb.col.title'), t('kb.col.category'), t('kb.col.published'), t('kb.col.checklist'), t('kb.col.updated')]}
        row={(a) => (
          <LinkRow key={a.id} onOpen={() => setEditing(a)} data-testid="kb-row" data-kb-id={a.id}>
            <td>
              <span className="cell-strong block">{a.title}</span>
              <span className="muted small mono">{a.slug}</span>
            </td>
            <td className="nowrap">{codeLabel(t, 'kbCodes.category', a.category)}</td>
            <td className="nowrap">{a.published ? <span className="badge badge-ok">{t('kb.published')}</span> : <span className="badge badge-inactive">{t('kb.draft')}</span>}</td>
            <td className="nowrap small">{a.checklist?.length ? t('kb.checklistCount', { count: a.checklist.length }) : '—'}</td>
            <td className="nowrap small">{formatDateTime(a.updatedAt)}</td>
          </LinkRow>
        )}
      />
      {editing && <KbEditor article={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

const FIELD_MESSAGES: Record<string, string> = { slug: 'kb.err.slug', title: 'kb.err.title', customerBody: 'kb.err.customerBody', category: 'kb.err.category' };
const SLUG_RE = /^[a-z0-9][a-z0-9-]{1,60}$/;

function KbEditor({ article, onClose }: { article: KbArticle | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  // The list may leave out staff fields; load the whole article.
  const full = useQuery({ queryKey: ['kb', article?.id], queryFn: () => api.get<KbArticle | { article: KbArticle }>(`/kb/${article!.id}`), enabled: !!article });
  const loaded = full.data ? ('article' in full.data ? full.data.article : full.data) : null;
  const a = loaded ?? article;
  const [form, setForm] = useState(() => ({
    slug: a?.slug ?? '',
    category: a?.category ?? 'consultation',
    title: a?.title ?? '',
    customerBody: a?.customerBody ?? '',
    staffBody: a?.staffBody ?? '',
    checklist: (a?.checklist ?? []).join('\n'),
    published: a?.published ?? false,
  }));
  const [synced, setSynced] = useState(!article);
  if (!synced && loaded) {
    setSynced(true);
    setForm({ slug: loaded.slug, category: loaded.category, title: loaded.title, customerBody: loaded.customerBody, staffBody: loaded.staffBody ?? '', checklist: (loaded.checklist ?? []).join('\n'), published: loaded.published });
  }
  const [tab, setTab] = useState<'customer' | 'staff'>('customer');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const set = (k: keyof typeof form, v: string | boolean) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (article ? api.patch<KbArticle>(`/kb/${article.id}`, body) : api.post<KbArticle>('/kb', body)),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['kb'] });
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) {
        const errs = localizeFieldErrors(e, t, FIELD_MESSAGES);
        setErrors(errs);
        if (errs.staffBody || errs.checklist) setTab('staff');
      }
    },
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    if (!SLUG_RE.test(form.slug.trim())) e.slug = t('kb.err.slug');
    if (!form.title.trim()) e.title = t('kb.err.title');
    if (!form.customerBody.trim()) e.customerBody = t('kb.err.customerBody');
    setErrors(e);
    if (e.customerBody) setTab('customer');
    if (Object.keys(e).length) return;
    save.mutate({
      slug: form.slug.trim(),
      category: form.category,
      title: form.title.trim(),
      customerBody: form.customerBody.trim(),
      staffBody: form.staffBody.trim(),
      checklist: form.checklist
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean),
      published: form.published,
    });
  };
  return (
    <Modal title={article ? t('kb.editTitle') : t('kb.createTitle')} onClose={onClose} wide testId="kb-editor" footer={<DialogButtons onCancel={onClose} form="kb-form" label={t('common.save')} disabled={save.isPending || (!!article && !synced)} testId="kb-save" />}>
      <FormError error={save.error} />
      <form id="kb-form" onSubmit={onSubmit} noValidate>
        <TextField id="kbTitle" label={t('kb.field.title')} required value={form.title} onChange={(e) => set('title', e.target.value)} error={errors.title} maxLength={200} />
        <div className="grid-2">
          <TextField id="kbSlug" label={t('kb.field.slug')} required className="field-mono" value={form.slug} onChange={(e) => set('slug', e.target.value.toLowerCase())} error={errors.slug} hint={t('kb.field.slugHint')} />
          <SelectField id="kbCategory" label={t('kb.field.category')} value={form.category} onChange={(e) => set('category', e.target.value)} options={codeOptions(t, kbCategories, 'kbCodes.category')} error={errors.category} />
        </div>
        <div className="tabs kb-tabs" role="tablist" aria-label={t('kb.versions')}>
          {(['customer', 'staff'] as const).map((v) => (
            <button key={v} type="button" role="tab" aria-selected={tab === v} className={`tab ${tab === v ? 'active' : ''}`} onClick={() => setTab(v)} data-testid={`kb-tab-${v}`}>
              {t(`kb.tab.${v}`)}
            </button>
          ))}
        </div>
        {tab === 'customer' ? (
          <TextArea id="kbCustomerBody" label={t('kb.field.customerBody')} required rows={10} value={form.customerBody} onChange={(e) => set('customerBody', e.target.value)} error={errors.customerBody} hint={t('kb.field.customerBodyHint')} />
        ) : (
          <>
            <TextArea id="kbStaffBody" label={t('kb.field.staffBody')} optionalMark rows={7} value={form.staffBody} onChange={(e) => set('staffBody', e.target.value)} error={errors.staffBody} hint={t('kb.field.staffBodyHint')} />
            <TextArea id="kbChecklist" label={t('kb.field.checklist')} optionalMark rows={5} value={form.checklist} onChange={(e) => set('checklist', e.target.value)} error={errors.checklist} hint={t('kb.field.checklistHint')} />
          </>
        )}
        <CheckboxField id="kbPublished" label={t('kb.field.published')} checked={form.published} onChange={(e) => set('published', e.target.checked)} />
      </form>
    </Modal>
  );
}
