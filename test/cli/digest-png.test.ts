/** `perfbot digest --png`: the chart files it writes, one for a sector or one per sector. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let t: TestDatabase;
let dir: string;

beforeEach(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-png-'));
});
afterEach(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { DATABASE_URL: t.url } });
  return { code, stdout, stderr };
}

describe('perfbot digest --png', () => {
  it("writes the chosen sector's chart to the file, and still prints the digest", async () => {
    await cli('import', path.join(root, 'examples', 'segrate-pdo-2022.json'));
    const file = path.join(dir, 'agsc.png');
    const { code, stdout, stderr } = await cli('digest', '--ente', 'segrate', '--sector', 'AGSC', '--at', '2022-12-31', '--png', file);
    expect(code).toBe(0);
    expect(stdout).toContain('*Settore AGSC — Direzione Affari Generali e Servizi al Cittadino*');
    expect(stderr).toBe(`wrote ${file}\n`);
    const image = PNG.sync.read(readFileSync(file));
    expect(image.width).toBeGreaterThan(1000);
    expect(image.height).toBeGreaterThan(1000);
  });

  it('writes one file per sector, the sector code suffixed, when --sector is omitted', async () => {
    await cli('import', path.join(root, 'examples', 'segrate-pdo-2022.json'));
    const { code, stderr } = await cli('digest', '--ente', 'segrate', '--at', '2022-07-31', '--png', path.join(dir, 'digest.png'));
    expect(code).toBe(0);
    const expected = ['AGSC', 'AVV', 'SAPS', 'STAFF', 'TSE'].map((s) => `digest-${s}.png`);
    expect(readdirSync(dir).sort()).toEqual(expected);
    expect(stderr.trim().split('\n')).toEqual(expected.map((f) => `wrote ${path.join(dir, f)}`));
    for (const f of expected) expect(PNG.sync.read(readFileSync(path.join(dir, f))).width).toBeGreaterThan(1000);
  });
});
