/**
 * Writes examples/<plan>.xlsx, the plan workbook of each example plan file examples/<plan>.json,
 * so an office can see a filled workbook. test/plan-workbook/examples-xlsx.test.ts fails when a
 * shipped workbook is behind its JSON or the workbook layout.
 *
 *   npm run examples:xlsx
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPlanFile } from '../src/plan-file/read.js';
import { writePlanWorkbook } from '../src/plan-workbook/write-workbook.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples');

for (const name of readdirSync(examples).filter((f) => f.endsWith('.json'))) {
  const { plan } = await readPlanFile(path.join(examples, name));
  const out = path.join(examples, name.replace(/\.json$/, '.xlsx'));
  writeFileSync(out, await writePlanWorkbook(plan));
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
