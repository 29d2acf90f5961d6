import { lazy, Suspense } from 'react';
import type { EChartProps } from './EChart';

const LazyEChart = lazy(() => import('./EChart'));

/** An ECharts chart, loaded on first use; the box keeps its height while the library loads. */
export function Chart(props: EChartProps) {
  return (
    <Suspense fallback={<div className="echart" style={{ height: props.height }} aria-hidden="true" />}>
      <LazyEChart {...props} />
    </Suspense>
  );
}

export const CHART_FONT = "'Hiragino Sans', 'Noto Sans JP', 'Yu Gothic', Meiryo, system-ui, sans-serif";
export const CHART_COLORS = ['#2458b3', '#e08a1e', '#1d7a46', '#c0362c', '#7b5ea7', '#2aa3b8'];
