/**
 * The digest chart is checked as a picture: the PNG is decoded with an independent decoder
 * (pngjs) and its pixels are read — size, ink, both bar colours, one text line per objective in
 * the label column (which is only there if the bundled font was loaded and used).
 */
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import type { PlanSnapshot } from '../../src/domain/plan-state.js';
import { buildReport } from '../../src/reports/report.js';
import { buildSectorDigest, type DigestObjective, type SectorDigest } from '../../src/reports/digest.js';
import { DIGEST_CHART_COLOURS, digestChartAttachment, digestChartSvg, renderDigestChart } from '../../src/reports/digest-chart.js';
import { sectorTrend } from '../../src/reports/sector-trend.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let t: TestDatabase;
let snapshot: PlanSnapshot;

beforeAll(async () => {
  t = await createTestDatabase();
  const segrate = (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan;
  segrate.measurements = [
    { indicator: 'AGSC-1/a', at: '2022-07-31', value: '8', by: 'bossi-c' },
    { indicator: 'AGSC-1/c', at: '2022-07-31', value: '12%', by: 'bossi-c' },
    { indicator: 'AGSC-1/a', at: '2022-12-31', value: '10', by: 'bossi-c' },
    { indicator: 'AGSC-2/a', at: '2022-12-31', value: '2', by: 'bossi-c' },
  ];
  segrate.phaseProgress = [
    { phase: 'AGSC-1/1', at: '2022-07-31', pct: 100, by: 'bossi-c' },
    { phase: 'AGSC-1/2', at: '2022-07-31', pct: 50, by: 'bossi-c' },
    { phase: 'AGSC-2/1', at: '2022-07-31', pct: 30, by: 'bossi-c' },
  ];
  await importPlan(t.db, segrate, { actor: 'test', reason: 'test' });
  snapshot = await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022');
});
afterAll(async () => {
  await t.drop();
});

interface Picture {
  width: number;
  height: number;
  rgb(x: number, y: number): [number, number, number];
}

function decode(png: Buffer): Picture {
  const image = PNG.sync.read(png);
  return {
    width: image.width,
    height: image.height,
    rgb: (x, y) => {
      const i = (y * image.width + x) * 4;
      return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
    },
  };
}

function hex(colour: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
}

function near(a: [number, number, number], b: [number, number, number], tolerance = 4): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
}

const isInk = ([r, g, b]: [number, number, number]) => r + g + b < 3 * 200;
/** Text pixels: the dark grey of labels (bars are lighter or clearly blue). */
const isText = ([r, g, b]: [number, number, number]) => r < 90 && g < 90 && b < 110;

interface Survey {
  ink: number;
  planned: number;
  actual: number;
  /** the bars' bounding box */
  bars: { left: number; top: number; bottom: number };
}

function survey(p: Picture): Survey {
  const planned = hex(DIGEST_CHART_COLOURS.planned);
  const actual = hex(DIGEST_CHART_COLOURS.actual);
  const result: Survey = { ink: 0, planned: 0, actual: 0, bars: { left: p.width, top: p.height, bottom: -1 } };
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const c = p.rgb(x, y);
      if (isInk(c)) result.ink++;
      const bar = near(c, planned) ? 'planned' : near(c, actual) ? 'actual' : null;
      if (!bar) continue;
      result[bar]++;
      result.bars.left = Math.min(result.bars.left, x);
      result.bars.top = Math.min(result.bars.top, y);
      result.bars.bottom = Math.max(result.bars.bottom, y);
    }
  }
  return result;
}

/** The text lines (runs of rows holding text pixels) in a box: one per axis label. */
function textLines(p: Picture, box: { left: number; right: number; top: number; bottom: number }): Array<{ top: number; height: number }> {
  const lines: Array<{ top: number; height: number }> = [];
  let start = -1;
  for (let y = box.top; y <= box.bottom + 1; y++) {
    let text = false;
    for (let x = box.left; x < box.right && y <= box.bottom && !text; x++) text = isText(p.rgb(x, y));
    if (text && start < 0) start = y;
    if (!text && start >= 0) {
      lines.push({ top: start, height: y - start });
      start = -1;
    }
  }
  return lines;
}

function digestAt(sector: string, asOf: string): SectorDigest {
  return buildSectorDigest(buildReport(snapshot, asOf), snapshot, sector);
}

function objective(code: string, planned: number | null, actual: number | null, pct: number | null = null): DigestObjective {
  return {
    code,
    title: `Obiettivo di prova ${code}`,
    weight: null,
    priority: null,
    responsible: null,
    transversal: false,
    pct,
    status: null,
    phasesDone: 0,
    phasesTotal: planned === null ? 0 : 3,
    plannedPct: planned,
    actualPct: actual,
    gapPct: planned === null || actual === null ? null : planned - actual,
    reported: true,
    dueSoon: [],
    overdue: [],
    indicators: [],
  };
}

function syntheticDigest(objectives: DigestObjective[]): SectorDigest {
  return { ente: 'Comune di Prova', sector: { code: 'SP', name: 'Settore di prova' }, dirigente: null, asOf: '2022-07-31', pct: 40, method: 'mean', counts: {}, objectives, pending: [] };
}

describe('digest chart (PNG)', () => {
  it("renders Segrate's sector AGSC at 31/07/2022: both bar colours and one readable label per objective", async () => {
    const digest = digestAt('AGSC', '2022-07-31');
    const picture = decode(await renderDigestChart(digest, 'it'));
    expect(picture.width).toBeGreaterThanOrEqual(1200);
    expect(picture.width).toBeLessThanOrEqual(2400);
    expect(picture.height).toBeGreaterThan(digest.objectives.length * 40);
    expect(picture.height).toBeLessThanOrEqual(3000);
    const s = survey(picture);
    // a chart, not a blank page: a good share of ink, and real areas of each bar colour
    expect(s.ink / (picture.width * picture.height)).toBeGreaterThan(0.05);
    expect(s.planned).toBeGreaterThan(2000);
    expect(s.actual).toBeGreaterThan(2000);
    // The label column (left of the bars, from the legend down) has one text line per objective, tall enough to read.
    const lines = textLines(picture, { left: 0, right: s.bars.left - 2, top: s.bars.top, bottom: picture.height - 1 });
    expect(lines).toHaveLength(digest.objectives.length);
    for (const line of lines) expect(line.height).toBeGreaterThanOrEqual(14);
    // the title above the bars is text too
    expect(textLines(picture, { left: 0, right: picture.width, top: 0, bottom: Math.floor(s.bars.top / 3) }).length).toBeGreaterThanOrEqual(1);
  });

  it('comes ready to attach to the chat digest: file name with sector and date, caption in the language', async () => {
    const digest = digestAt('AGSC', '2022-07-31');
    const italian = await digestChartAttachment(digest, 'it');
    expect(italian.filename).toBe('digest-AGSC-2022-07-31.png');
    expect(italian.caption).toBe('Settore AGSC: previsto ed effettivo per obiettivo al 31/07/2022');
    expect(decode(italian.png).width).toBeGreaterThan(1000);
    expect((await digestChartAttachment(digest, 'en')).caption).toBe('Sector AGSC: planned and actual per objective at 31 Jul 2022');
  });

  it('adds the sector trend below the bars when the digest date has two checkpoints', async () => {
    const digest = digestAt('AGSC', '2022-12-31');
    const trend = sectorTrend(snapshot, 'AGSC', '2022-12-31');
    expect(trend.filter((p) => p.pct !== null)).toHaveLength(2);
    const alone = decode(await renderDigestChart(digest, 'it'));
    const withTrend = decode(await renderDigestChart(digest, 'it', trend));
    expect(withTrend.width).toBe(alone.width);
    expect(withTrend.height).toBeGreaterThan(alone.height + 250);
    // Below where the bars-only picture ends: the trend line and points in the actual colour, and
    // text (panel title, axis values, dates, the two values).
    const actual = hex(DIGEST_CHART_COLOURS.actual);
    let line = 0;
    for (let y = alone.height; y < withTrend.height; y++) for (let x = 0; x < withTrend.width; x++) if (near(withTrend.rgb(x, y), actual, 30)) line++;
    expect(line).toBeGreaterThan(300);
    expect(textLines(withTrend, { left: 0, right: withTrend.width, top: alone.height, bottom: withTrend.height - 1 }).length).toBeGreaterThanOrEqual(4);
    // A single point is no trend: the picture stays the bars alone.
    const early = decode(await renderDigestChart(digest, 'it', trend.slice(0, 1)));
    expect(early.height).toBe(alone.height);
  });

  it('keeps an objective without scheduled phases as a row that says so, with no bars', async () => {
    const both = decode(await renderDigestChart(syntheticDigest([objective('SP-1', 60, 45), objective('SP-2', 80, 20)]), 'it'));
    const oneWithout = decode(await renderDigestChart(syntheticDigest([objective('SP-1', 60, 45), objective('SP-2', null, null, 35)]), 'it'));
    const b = survey(both);
    const o = survey(oneWithout);
    expect(oneWithout.height).toBe(both.height);
    // the second row has no bars …
    expect(o.bars.bottom).toBeLessThan(b.bars.bottom - 40);
    expect(o.planned).toBeLessThan(b.planned * 0.8);
    // … but two text labels still (codes) and a note where its bars would be
    expect(textLines(oneWithout, { left: 0, right: o.bars.left - 2, top: o.bars.top, bottom: oneWithout.height - 1 })).toHaveLength(2);
    let note = 0;
    for (let y = o.bars.bottom + 4; y < oneWithout.height; y++) for (let x = o.bars.left; x < oneWithout.width; x++) if (isInk(oneWithout.rgb(x, y))) note++;
    expect(note).toBeGreaterThan(200);
  });

  it('renders a 300-objective sector with every label, within what chat platforms accept', async () => {
    const objectives = Array.from({ length: 300 }, (_, i) => objective(`SP-${i + 1}`, i % 10 === 9 ? null : (i * 37) % 101, i % 10 === 9 ? null : (i * 23) % 101));
    const picture = decode(await renderDigestChart(syntheticDigest(objectives), 'it'));
    // Telegram refuses photos whose width + height exceed 10000 px
    expect(picture.width + picture.height).toBeLessThanOrEqual(10_000);
    expect(picture.height).toBeGreaterThan(picture.width);
    const s = survey(picture);
    expect(s.planned).toBeGreaterThan(10_000);
    expect(s.actual).toBeGreaterThan(10_000);
    const lines = textLines(picture, { left: 0, right: s.bars.left - 2, top: s.bars.top - 20, bottom: picture.height - 1 });
    expect(lines).toHaveLength(300);
    for (const line of lines) expect(line.height).toBeGreaterThanOrEqual(10);
  });
});

describe('sector trend', () => {
  it("is the sector's % in perfbot report at each checkpoint up to the date, then at the date", () => {
    const at = (date: string) => buildReport(snapshot, date).sectors.find((s) => s.code === 'AGSC')!.pct;
    expect(sectorTrend(snapshot, 'AGSC', '2022-12-31')).toEqual([
      { asOf: '2022-07-31', pct: at('2022-07-31') },
      { asOf: '2022-12-31', pct: at('2022-12-31') },
    ]);
    expect(sectorTrend(snapshot, 'AGSC', '2022-09-15').map((p) => p.asOf)).toEqual(['2022-07-31', '2022-09-15']);
    expect(sectorTrend(snapshot, 'AGSC', '2022-03-01').map((p) => p.asOf)).toEqual(['2022-03-01']);
    // the two checkpoints differ: the trend is not one number repeated
    expect(at('2022-07-31')).not.toBe(at('2022-12-31'));
  });
});

/** The texts an SVG chart draws, in order. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('digest chart: objectives nobody has reported on', () => {
  it('labels them "non rilevato" instead of drawing an actual of 0%, which stays for a reported 0%', async () => {
    const digest = syntheticDigest([objective('A-1', 50, 0), { ...objective('A-2', 50, 0), reported: false }]);
    const texts = svgTexts(await digestChartSvg(digest, 'it'));
    expect(texts.filter((t) => t === '50%')).toHaveLength(2); // both planned bars
    expect(texts.filter((t) => t === '0%')).toHaveLength(1); // A-1 reported 0 %
    expect(texts.filter((t) => t === 'non rilevato')).toHaveLength(1);
    expect(svgTexts(await digestChartSvg(digest, 'en')).filter((t) => t === 'not reported')).toHaveLength(1);
  });

  it("says so for each objective of Segrate's AGSC with no answer at 31/07/2022", async () => {
    const digest = digestAt('AGSC', '2022-07-31');
    const unreported = digest.objectives.filter((o) => o.plannedPct !== null && !o.reported);
    expect(unreported.length).toBeGreaterThan(5);
    expect(digest.objectives.filter((o) => o.reported).map((o) => o.code)).toEqual(['AGSC-1', 'AGSC-2']);
    const texts = svgTexts(await digestChartSvg(digest, 'it'));
    expect(texts.filter((t) => t === 'non rilevato')).toHaveLength(unreported.length);
  });
});
