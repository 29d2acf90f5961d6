// One Apache ECharts chart drawn as SVG, sized to its box and redrawn when the box changes.
// Only the chart kinds the assessment screens use are registered; the module is loaded lazily
// (see charts.tsx) so pages without charts do not carry ECharts.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([BarChart, RadarChart, GridComponent, LegendComponent, RadarComponent, TooltipComponent, SVGRenderer]);

export interface EChartProps {
  option: EChartsOption;
  height: number;
  /** A text alternative: what the chart shows, for screen readers (the numbers are also in a table). */
  label: string;
  testId?: string;
}

export default function EChart({ option, height, label, testId }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={ref} className="echart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
