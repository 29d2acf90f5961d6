import type { HTMLAttributes, ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import { api, type Query } from '../api';
import type { Paged } from '../types';
import { ErrorAlert, Loading, Pagination } from './ui';

/** A header cell; a plain string is a label. `false` leaves the column out (e.g. actions only some users have). */
export type Column = string | false | { label: ReactNode; className?: string };

export interface DataTableProps<T> {
  items: T[];
  columns: Column[];
  /** One `<tr>` (with its key) for an item. */
  row: (item: T) => ReactNode;
  compact?: boolean;
  testId?: string;
}

/** A horizontally scrollable table. */
export function DataTable<T>({ items, columns, row, compact, testId }: DataTableProps<T>) {
  return (
    <div className="table-scroll">
      <table className={compact ? 'table table-compact' : 'table'} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c, i) =>
              c === false ? null : (
                <th key={i} scope="col" className={typeof c === 'string' ? undefined : c.className}>
                  {typeof c === 'string' ? c : c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{items.map((item) => row(item))}</tbody>
      </table>
    </div>
  );
}

/** A row that opens its item on click or Enter; it takes part in the tab order. `className` adds to its own classes. */
export function LinkRow({ onOpen, selected, className, ...rest }: Omit<HTMLAttributes<HTMLTableRowElement>, 'tabIndex' | 'onClick' | 'onKeyDown'> & { onOpen: () => void; selected?: boolean }) {
  return (
    <tr
      {...rest}
      className={['row-link', selected ? 'selected' : '', className ?? ''].filter(Boolean).join(' ')}
      tabIndex={0}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onOpen();
      }}
    />
  );
}

/**
 * The error, loading and empty states of a list query, then `children` with the loaded data.
 * On a page (`boxed`) the loading and empty states sit in a card of their own; inside a card they stand alone.
 */
export function ListQuery<D extends { items: unknown[] }>({ query, empty, boxed, children }: { query: UseQueryResult<D>; empty: ReactNode; boxed?: boolean; children: (data: D) => ReactNode }) {
  const box = (node: ReactNode) => (boxed ? <div className="card">{node}</div> : node);
  if (query.error) return <ErrorAlert error={query.error} />;
  if (query.isPending) return box(<Loading />);
  if (query.data.items.length === 0) return box(empty);
  return children(query.data);
}

/** One page of a list endpoint, and the page it is (the `page` search parameter). */
export interface PagedList<T> {
  query: UseQueryResult<Paged<T>>;
  page: number;
  pageSize: number;
  /** Goes to another page, keeping the other search parameters. */
  setPage: (page: number) => void;
}

/**
 * Loads the page named by the `page` search parameter (1 when missing or invalid) of a list endpoint;
 * `queryKey` and `query` hold the filters, the page and page size are added. The previous page stays on
 * screen while the next one loads. `refetchInterval` (ms) keeps a live list fresh.
 */
export function usePagedList<T>(queryKey: QueryKey, path: string, query: Query, pageSize: number, options?: { refetchInterval?: number }): PagedList<T> {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const result = useQuery({
    queryKey: [...queryKey, page],
    queryFn: () => api.get<Paged<T>>(path, { ...query, page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: options?.refetchInterval,
  });
  const setPage = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next);
  };
  return { query: result, page, pageSize, setPage };
}

/** A page's list: its states, then a table card (dimmed while another page or filter loads, not on a background refresh) with an optional toolbar and pagination. */
export function PagedTable<T>({ list, empty, toolbar, ...table }: Omit<DataTableProps<T>, 'items'> & { list: PagedList<T>; empty: ReactNode; toolbar?: (data: Paged<T>) => ReactNode }) {
  const { query, page, pageSize, setPage } = list;
  return (
    <ListQuery query={query} empty={empty} boxed>
      {(data) => (
        <div className={`card table-card ${query.isPlaceholderData ? 'is-fetching' : ''}`}>
          {toolbar?.(data)}
          <DataTable items={data.items} {...table} />
          <Pagination page={data.page || page} pageSize={data.pageSize || pageSize} total={data.total} onPage={setPage} />
        </div>
      )}
    </ListQuery>
  );
}

/** A whole (unpaged) list on a page: its states, then a table card. `filter` narrows the rows shown. */
export function ListTable<T>({ query, empty, filter, ...table }: Omit<DataTableProps<T>, 'items'> & { query: UseQueryResult<{ items: T[] }>; empty: ReactNode; filter?: (item: T) => boolean }) {
  return (
    <ListQuery query={query} empty={empty} boxed>
      {(data) => (
        <div className="card table-card">
          <DataTable items={filter ? data.items.filter(filter) : data.items} {...table} />
        </div>
      )}
    </ListQuery>
  );
}
