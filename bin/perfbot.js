#!/usr/bin/env node
// Runs the TypeScript CLI without a build step (tsx), so `npx perfbot …` works after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
