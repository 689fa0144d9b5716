#!/usr/bin/env node
// The `perfbot` command. Runs the compiled CLI when `npm run build` has made dist/, so a production
// install needs neither tsx nor TypeScript; otherwise the TypeScript source through tsx, so
// `npx perfbot …` works right after `npm install`. After changing src/, build again (or delete dist/).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
