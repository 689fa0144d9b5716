/**
 * The sector digest as a PNG chart: planned vs actual % per objective and, when there are several
 * checkpoints, the sector's % over time. Rendered on the server with no browser: a Vega-Lite spec
 * is compiled, laid out by Vega to SVG, and rasterised by resvg with the DejaVu fonts shipped as a
 * dependency, so the text looks the same on any machine (no system fonts are read).
 */
import { createRequire } from 'node:module';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import type { SectorDigest } from './digest.js';
import type { TrendPoint } from './sector-trend.js';
import { plainTranslator, translator, type Locale } from '../i18n/messages.js';
import { formatDate, formatPct } from '../i18n/format.js';

const FONT_FAMILY = 'DejaVu Sans';
const require = createRequire(import.meta.url);
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'].map((file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`));

/** The bar colours: planned in a light grey-blue, actual in a strong blue that stands out against it. */
export const DIGEST_CHART_COLOURS = { planned: '#b4c3d6', actual: '#1f5fae', text: '#1c2430', muted: '#5b6675' } as const;

/** Width of the plotting area, in CSS pixels (the PNG is rendered at up to twice that). */
const PLOT_WIDTH = 560;
/** Height given to one objective (its two bars): generous up to ~60 objectives, then thinner, never below readable text. */
const ROW_MAX = 30;
const ROW_MIN = 13;
const ROWS_AT_FULL_HEIGHT = 60;
/** Below this row height the value labels next to the bars would collide: the bars alone are drawn. */
const ROW_WITH_VALUES = 20;
/** Axis labels: the objective code and the start of its title. */
const LABEL_CHARS = 34;
/** Telegram refuses photos whose width + height exceed 10000 px; keep well inside for every channel. */
const MAX_PNG_SIDES = 9000;

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function rowHeight(objectives: number): number {
  const fitted = (ROW_MAX * ROWS_AT_FULL_HEIGHT) / Math.max(1, objectives);
  return Math.max(ROW_MIN, Math.min(ROW_MAX, Math.floor(fitted)));
}

/** The Vega-Lite spec of the chart. */
function digestChartSpec(digest: SectorDigest, locale: Locale, trend: TrendPoint[] = []): TopLevelSpec {
  const t = plainTranslator(locale);
  const planned = t('digestChart.planned');
  const actual = t('digestChart.actual');
  const row = rowHeight(digest.objectives.length);
  const withValues = row >= ROW_WITH_VALUES;
  const labelSize = row >= 18 ? 11 : 9;
  // Objective codes may repeat only by mistake; the index keeps each row its own band.
  const rows = digest.objectives.map((o, index) => ({ key: `${index}`, label: `${o.code} ${shorten(o.title, LABEL_CHARS - o.code.length)}`, objective: o }));
  // Nobody has reported on an objective yet: its actual is unknown, not 0 %, so it gets a label instead of a bar.
  const bars = rows.flatMap(({ key, objective }) =>
    objective.plannedPct === null
      ? []
      : [
          { key, series: planned, pct: objective.plannedPct, value: formatPct(objective.plannedPct, locale) },
          ...(objective.reported ? [{ key, series: actual, pct: objective.actualPct ?? 0, value: formatPct(objective.actualPct ?? 0, locale) }] : []),
        ],
  );
  const unreported = rows
    .filter(({ objective }) => objective.plannedPct !== null && !objective.reported)
    .map(({ key }) => ({ key, series: actual, note: t('digestChart.notReported') }));
  // An objective with no scheduled phase has no planned/actual: say so instead of drawing a zero.
  const notes = rows
    .filter(({ objective }) => objective.plannedPct === null)
    .map(({ key, objective }) => ({
      key,
      note: objective.pct === null ? t('digestChart.noPhases') : t('digestChart.noPhasesWithPct', { pct: formatPct(objective.pct, locale) }),
    }));
  const labels = Object.fromEntries(rows.map(({ key, label }) => [key, label]));
  const y = {
    field: 'key',
    type: 'nominal' as const,
    sort: rows.map((r) => r.key),
    scale: { domain: rows.map((r) => r.key), paddingInner: 0.25, paddingOuter: 0.15 },
    axis: { title: null, labelExpr: `${JSON.stringify(labels)}[datum.value]`, labelLimit: 0, labelFontSize: labelSize, labelPadding: 6, ticks: false, domain: false },
  };
  const x = { field: 'pct', type: 'quantitative' as const, scale: { domain: [0, 100], nice: false, clamp: true } };
  const yOffset = { field: 'series', type: 'nominal' as const, sort: [planned, actual], scale: { paddingInner: 0.08 } };
  const barPanel = {
    width: PLOT_WIDTH,
    height: row * Math.max(1, rows.length),
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar' as const, cornerRadiusEnd: 2 },
        encoding: {
          y,
          yOffset,
          x: { ...x, axis: { title: t('digestChart.axis'), orient: 'top' as const, values: [0, 20, 40, 60, 80, 100], grid: true, gridColor: '#e3e8ef', domain: false, tickSize: 0 } },
          color: {
            field: 'series',
            type: 'nominal' as const,
            scale: { domain: [planned, actual], range: [DIGEST_CHART_COLOURS.planned, DIGEST_CHART_COLOURS.actual] },
            legend: { title: null, orient: 'top' as const, direction: 'horizontal' as const, symbolType: 'square', labelFontSize: 12, offset: 4 },
          },
        },
      },
      ...(withValues
        ? [
            {
              data: { values: bars },
              mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 4, fontSize: Math.min(11, row / 2 - 2), color: DIGEST_CHART_COLOURS.text },
              encoding: { y, yOffset, x, text: { field: 'value', type: 'nominal' as const } },
            },
          ]
        : []),
      ...(unreported.length > 0
        ? [
            {
              data: { values: unreported },
              mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 4, fontSize: withValues ? Math.min(11, row / 2 - 2) : labelSize - 1, fontStyle: 'italic', color: DIGEST_CHART_COLOURS.muted },
              encoding: { y, yOffset, x: { datum: 0, type: 'quantitative' as const, scale: x.scale }, text: { field: 'note', type: 'nominal' as const } },
            },
          ]
        : []),
      ...(notes.length > 0
        ? [
            {
              data: { values: notes },
              mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 4, fontSize: labelSize, fontStyle: 'italic', color: DIGEST_CHART_COLOURS.muted },
              encoding: { y, x: { datum: 0, type: 'quantitative' as const, scale: x.scale }, text: { field: 'note', type: 'nominal' as const } },
            },
          ]
        : []),
    ],
  };
  const points = trend
    .filter((p): p is TrendPoint & { pct: number } => p.pct !== null)
    .map((p) => ({ date: formatDate(p.asOf, locale), pct: p.pct, value: formatPct(p.pct, locale) }));
  const trendPanel =
    points.length >= 2
      ? {
          title: { text: t('digestChart.trendTitle'), anchor: 'start' as const, fontSize: 13 },
          width: PLOT_WIDTH,
          height: 150,
          data: { values: points },
          encoding: {
            // every date stays on the axis; one without a value (nothing computable yet) just has no point
            x: { field: 'date', type: 'ordinal' as const, scale: { domain: trend.map((p) => formatDate(p.asOf, locale)) }, axis: { title: null, labelAngle: 0, labelFontSize: 11 } },
            y: { field: 'pct', type: 'quantitative' as const, scale: { domain: [0, 100], nice: false }, axis: { title: t('digestChart.trendAxis'), values: [0, 25, 50, 75, 100], gridColor: '#e3e8ef' } },
          },
          layer: [
            { mark: { type: 'line' as const, color: DIGEST_CHART_COLOURS.actual, strokeWidth: 2.5, point: { filled: true, size: 60, color: DIGEST_CHART_COLOURS.actual } } },
            { mark: { type: 'text' as const, dy: -12, fontSize: 12, fontWeight: 'bold' as const, color: DIGEST_CHART_COLOURS.text }, encoding: { text: { field: 'value', type: 'nominal' as const } } },
          ],
        }
      : undefined;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: { left: 16, right: 40, top: 16, bottom: 16 },
    title: {
      text: t('digestChart.title', { code: digest.sector.code, date: formatDate(digest.asOf, locale) }),
      subtitle: [
        digest.sector.name,
        t('digestChart.overall', { pct: formatPct(digest.pct, locale), method: t(`method.${digest.method}`), count: digest.objectives.length }),
      ],
      anchor: 'start',
      fontSize: 17,
      subtitleFontSize: 12,
      subtitleColor: DIGEST_CHART_COLOURS.muted,
      offset: 10,
    },
    config: {
      font: FONT_FAMILY,
      view: { stroke: null },
      axis: { labelColor: DIGEST_CHART_COLOURS.text, titleColor: DIGEST_CHART_COLOURS.muted, titleFontWeight: 'normal', labelFontSize: 11, titleFontSize: 11 },
      legend: { labelColor: DIGEST_CHART_COLOURS.text },
      title: { color: DIGEST_CHART_COLOURS.text },
    },
    vconcat: trendPanel ? [barPanel, trendPanel] : [barPanel],
    spacing: 28,
  } as TopLevelSpec;
}

/** Lays a spec out with Vega (no browser, no canvas) as SVG. */
async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The digest's chart as SVG, before rasterising: what the PNG shows, as text a test can read. */
export async function digestChartSvg(digest: SectorDigest, locale: Locale, trend: TrendPoint[] = []): Promise<string> {
  return renderSvg(digestChartSpec(digest, locale, trend));
}

/** Renders a spec to SVG, then to PNG with resvg and the bundled fonts. */
async function renderPng(spec: TopLevelSpec): Promise<Buffer> {
  const svg = await renderSvg(spec);
  // Vega writes the picture's size on the root element; twice that gives sharp text on phones,
  // unless the picture would become too large to send.
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  const sides = size ? Number(size[1]) + Number(size[2]) : 0;
  const zoom = sides > 0 ? Math.min(2, MAX_PNG_SIDES / sides) : 1;
  const resvg = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY }, fitTo: { mode: 'zoom', value: zoom } });
  return resvg.render().asPng();
}

/**
 * The digest's chart as a PNG: one row per objective with its planned and actual % (objectives
 * without scheduled phases say so, and so do those nobody has reported on: "non rilevato", not 0 %), and the sector's % at each point of `trend` when it has two or more.
 */
export async function renderDigestChart(digest: SectorDigest, locale: Locale, trend: TrendPoint[] = []): Promise<Buffer> {
  return renderPng(digestChartSpec(digest, locale, trend));
}

/** The chart ready to attach to the digest in chat: PNG, a file name with sector and date, and a caption. */
export async function digestChartAttachment(digest: SectorDigest, locale: Locale, trend: TrendPoint[] = []): Promise<{ png: Buffer; filename: string; caption: string }> {
  return {
    png: await renderDigestChart(digest, locale, trend),
    filename: `digest-${digest.sector.code}-${digest.asOf}.png`,
    caption: translator(locale)('digestChart.caption', { code: digest.sector.code, date: formatDate(digest.asOf, locale) }),
  };
}
