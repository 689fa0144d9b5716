/**
 * Debian's chromium through playwright-core (CHROMIUM_PATH for another; .ci/run installs it), started
 * the same way by the browser tests and by the screenshot scripts. Imports nothing of vitest, so the
 * scripts can use it outside a test run.
 */
import { chromium, type Browser } from 'playwright-core';

/** Starts chromium headless, with the flags it needs in a container (no sandbox, no GPU, no /dev/shm). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}
