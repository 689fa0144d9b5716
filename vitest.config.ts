import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Most files spend their time waiting on a child process (a bot, chromium, LibreOffice), a socket
    // or the database, not computing. vitest's default (cores − 1 workers) runs one file at a time on
    // the 2-core CI machine, leaving a core idle while a file waits; one worker a core keeps both busy.
    // Each file has its own database (test-database.ts) and free ports, so files do not meet.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
