/**
 * Every fault test reports how many rounds it ran and how many checks passed, so a run shows what it
 * proved (`.ci/run` prints the totals). Lines go to stdout and to `.tmp/faults.jsonl`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';

export interface FaultTally {
  /** one more round of the scenario */
  round(): void;
  /** one more assertion that held (call after the expect) */
  check(count?: number): void;
  /** prints and records the tally; call once at the end of the test */
  report(): void;
}

export function faultTally(name: string): FaultTally {
  let rounds = 0;
  let checks = 0;
  return {
    round: () => void rounds++,
    check: (count = 1) => void (checks += count),
    report: () => {
      const db = /^postgres/.test(process.env.TEST_DATABASE_URL ?? '') ? 'postgresql' : 'sqlite';
      const line = { name, db, rounds, checks };
      console.log(`faults: ${name} [${db}]: ${rounds} rounds, ${checks} checks`);
      mkdirSync('.tmp', { recursive: true });
      appendFileSync('.tmp/faults.jsonl', `${JSON.stringify(line)}\n`);
    },
  };
}
