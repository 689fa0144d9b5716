/** `perfbot generate`: writes a deterministic synthetic plan file, for benchmarks and scale tests. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { generatePlan } from '../plan-file/generate.js';
import { UsageError, type CommandContext } from './command-context.js';

function positiveInteger(name: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${name} must be a whole number from 1 to ${max}: ${value}`);
    return n;
  };
}

export function generateCommand(command: Command, context: CommandContext): void {
  command
    .option('--objectives <n>', 'number of objectives (6 phases and 4 indicators each)', positiveInteger('--objectives', 1_000_000), 1000)
    .option('--sectors <n>', 'number of sectors', positiveInteger('--sectors', 10_000), 10)
    .option('--seed <n>', 'seed of the generated targets and answers', positiveInteger('--seed', 2 ** 31), 1)
    .option('--answered', 'record progress on every phase and values on half the indicators')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (options: { objectives: number; sectors: number; seed: number; answered?: boolean; out?: string }) => {
      const plan = generatePlan(options.objectives, options.sectors, { seed: options.seed, answered: options.answered ?? false });
      const text = `${JSON.stringify(plan)}\n`;
      if (options.out === undefined) context.io.stdout(text);
      else await writeFile(options.out, text);
    });
}
