import { defineConfig } from 'vitest/config';

/** The fault suite (`npm run test:faults`): concurrency, crashes, outages and fuzzing, with counted rounds. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.faults.ts'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 1_500_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
