/**
 * `perfbot people` as a table: the roles start in one terminal column whatever the names are —
 * a very long name, a name written with combining accents, one in wide (CJK) characters.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { cliOnFreshDatabase } from '../support/cli-on-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const { t, cli } = cliOnFreshDatabase();

async function people(): Promise<string[]> {
  const { code, stdout } = await cli('people', '--ente', 'borgo-test', '--at', '2022-08-10');
  expect(code).toBe(0);
  return stdout.trimEnd().split('\n');
}

describe('perfbot people', () => {
  it('keeps the roles in one column when a name is very long, accented or in wide characters', async () => {
    const { plan } = await readPlanFile(path.join(root, 'test', 'fixtures', 'small-plan.yaml'));
    const long = 'Maria Giovanna Antonietta Lucrezia Bevilacqua Della Rovere di Montefeltro';
    plan.people = plan.people.map((p) =>
      p.code === 'farina-ml' ? { ...p, name: long } : p.code === 'bianchi-g' ? { ...p, name: 'Giulia Bianchi Nicolò' } : p.code === 'coord-1' ? { ...p, name: '山田太郎' } : p,
    );
    await importPlan(t.db, plan, { actor: 'test', reason: 'test' });
    const lines = await people();
    expect(lines[0]).toBe('Comune di Borgo Test — persone e ruoli al 10/08/2022');
    const rows = lines.slice(2);
    expect(rows).toHaveLength(plan.people.length);
    const roleColumn = (line: string, role: string) => stringWidth(line.slice(0, line.indexOf(role)));
    const farina = rows.find((l) => l.startsWith('farina-ml'))!;
    const ferrari = rows.find((l) => l.startsWith('ferrari-m'))!;
    const coordinator = rows.find((l) => l.startsWith('coord-1'))!;
    const deputy = rows.find((l) => l.startsWith('bianchi-g'))!;
    const column = roleColumn(ferrari, 'dirigente');
    expect(column).toBeGreaterThan(0);
    expect(roleColumn(farina, 'dirigente')).toBe(column);
    expect(roleColumn(coordinator, 'coordinator')).toBe(column);
    expect(roleColumn(deputy, 'nessun ruolo')).toBe(column);
    // the long name is cut with "…", not spilled into the roles
    expect(farina).toContain('Maria Giovanna Antonietta');
    expect(farina).not.toContain('Montefeltro');
    expect(farina).toMatch(/…\s+dirigente RU/);
    expect(rows.find((l) => l.startsWith('rossi-a'))).toContain('[assente fino al 21/08/2022, sostituto bianchi-g]');
  });
});
