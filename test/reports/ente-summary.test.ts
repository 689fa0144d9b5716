import { describe, expect, it } from 'vitest';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { buildReport } from '../../src/reports/report.js';
import { buildEnteSummary } from '../../src/reports/ente-summary.js';
import { renderEnteSummaryText } from '../../src/reports/ente-summary-text.js';
import { formatPct } from '../../src/i18n/format.js';
import { checkGolden, goldenFile } from '../support/golden.js';
import { digestExamplesDatabase } from '../support/digest-examples.js';

// The same measurements as the sector digest's golden test (test/reports/digest.test.ts).
const database = digestExamplesDatabase();

async function summaryOf(ente: string, plan: string, at: string, locale: 'it' | 'en' = 'it') {
  const snapshot = await loadPlanSnapshot(database().db, ente, plan);
  const report = buildReport(snapshot, at);
  const summary = buildEnteSummary(report, snapshot);
  return { report, summary, text: renderEnteSummaryText(summary, new Map(snapshot.people.map((p) => [p.code, p.name])), locale) };
}

/** The sector's paragraph: from its `*CODE*` line to the next blank line. */
function paragraphOf(text: string, code: string): string {
  return text.split('\n\n').find((p) => p.startsWith(`*${code}* `))!;
}

describe('ente-wide summary', () => {
  it('is stable and readable for Segrate at 05/08/2022 (golden file), with the report\'s numbers', async () => {
    const { report, summary, text } = await summaryOf('segrate', 'pdo-2022', '2022-08-05');
    checkGolden(goldenFile('ente-summary-segrate.txt'), text);
    expect(text).toContain(`Complessivo ente: ${formatPct(report.pct, 'it', 2)} · settori: 5`);
    for (const sector of report.sectors) {
      const paragraph = paragraphOf(text, sector.code);
      expect(paragraph, sector.code).toContain(sector.name);
      expect(paragraph, sector.code).toContain(`Raggiungimento ${formatPct(sector.pct, 'it', 2)}`);
      expect(paragraph, sector.code).toContain(`obiettivi: ${sector.objectives}`);
      // Overdue phases counted from the report's phases of the sector's objectives.
      const overdue = report.objectives.filter((o) => o.sectors.includes(sector.code)).flatMap((o) => o.phases.filter((p) => p.status === 'active' && p.overdue)).length;
      expect(paragraph, sector.code).toContain(`fasi in ritardo: ${overdue}`);
      expect(summary.sectors.find((s) => s.code === sector.code)!.pendingPeople).toBe(sector.pending.length);
    }
  });

  it("is stable and readable for Terre d'Argine at 31/12/2020 (golden file), listing the sectors needing attention", async () => {
    const { report, summary, text } = await summaryOf('terre-argine', 'pp-2020', '2020-12-31');
    checkGolden(goldenFile('ente-summary-terre-argine.txt'), text);
    expect(summary.sectors.map((s) => s.code)).toEqual(report.sectors.map((s) => s.code));
    expect(paragraphOf(text, 'RU')).toContain('Dirigente: Mario Ferrari');
    // Every sector with an objective needing immediate action is in the attention list, and no other without overdue phases.
    const immediate = new Set(report.objectives.filter((o) => o.status === 'immediate_actions').flatMap((o) => o.sectors));
    const late = new Set(report.objectives.filter((o) => o.phases.some((p) => p.overdue)).flatMap((o) => o.sectors));
    expect(new Set(summary.attention.map((a) => a.sector.code))).toEqual(new Set([...immediate, ...late]));
    expect(summary.attention.length).toBeGreaterThan(0);
    expect(text).toContain('*Settori che richiedono attenzione*');
    // The longest delay of the ente is named first in its sector's attention entry.
    const longest = report.objectives.flatMap((o) => o.phases.filter((p) => p.overdue).map((p) => ({ o, p }))).sort((a, b) => b.p.daysLate! - a.p.daysLate!)[0]!;
    const entry = summary.attention.find((a) => a.sector.code === longest.o.sectors[0])!;
    expect(entry.longestOverdue[0]!.daysLate).toBe(longest.p.daysLate);
  });

  it('speaks English to an English-speaking coordinator', async () => {
    const { text } = await summaryOf('segrate', 'pdo-2022', '2022-08-05', 'en');
    expect(text).toContain('ente-wide summary');
    expect(text).not.toContain('Complessivo');
  });
});
