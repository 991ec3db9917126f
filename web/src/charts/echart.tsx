import { BarChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { type EChartsCoreOption, init, use as registerEChartsParts } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the charts use: a full echarts import is ~3× larger.
registerEChartsParts([
  BarChart,
  CustomChart,
  LineChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  DataZoomComponent,
  CanvasRenderer,
  SVGRenderer,
]);

export interface EChartProps {
  option: EChartsCoreOption;
  /** The chart's accessible name; echarts draws on a canvas, so the figures must also be in text nearby. */
  label: string;
  height?: number;
  /**
   * Canvas by default; SVG for a small chart whose axis labels must be readable as text
   * (a browser test reads the coverage chart's day ticks).
   */
  renderer?: 'canvas' | 'svg';
}

/** An echarts chart in a div that follows its container's width. Load it through `LazyEChart`. */
export default function EChart({ option, label, height = 260, renderer = 'canvas' }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const created = init(element.current, undefined, { renderer });
    chart.current = created;
    const observer = new ResizeObserver(() => created.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      created.dispose();
      chart.current = null;
    };
  }, [renderer]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} className="echart" role="img" aria-label={label} style={{ height }} />;
}
