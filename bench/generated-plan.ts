/** The benchmark plans come from the same generator as `perfbot generate` (src/plan-file/generate.ts). */
export { generatePlan, type GenerateOptions } from '../src/plan-file/generate.js';
