/**
 * Graceful shutdown (SIGTERM, SIGINT): runs the steps main.ts gives in order — stop receiving
 * events, finish the turn and the send in flight, release claims, close the database — logging each
 * failure and going on with the next step. A step that hangs cannot keep the process alive: past
 * the deadline the process exits with code 1, saying which step it was in.
 */
import type { Logger } from './logger.js';

export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown>;
}

export interface ShutdownOptions {
  logger: Logger;
  /** how long the whole shutdown may take before the process is ended anyway */
  deadlineMs: number;
  /** ends the process; default process.exit */
  exit?: (code: number) => void;
  /**
   * once every step is done, how long replies already handed to a platform client may take to
   * leave before the process exits (it exits sooner when nothing is left to do)
   */
  settleMs?: number;
}

/** Returns the signal handler: the first call runs the steps, later calls wait for the same run. */
export function gracefulShutdown(steps: ShutdownStep[], options: ShutdownOptions): (signal: string) => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | undefined;
  return (signal) => {
    running ??= (async () => {
      let current = 'start';
      const started = performance.now();
      options.logger.info({ signal }, 'shutting down');
      const deadline = setTimeout(() => {
        options.logger.fatal({ step: current, deadlineMs: options.deadlineMs }, 'shutdown took too long, exiting anyway');
        exit(1);
      }, options.deadlineMs);
      deadline.unref();
      let failed = false;
      for (const step of steps) {
        current = step.name;
        try {
          await step.run();
        } catch (error) {
          failed = true;
          options.logger.error({ step: step.name, err: error }, 'shutdown step failed');
        }
      }
      clearTimeout(deadline);
      options.logger.info({ ms: Math.round(performance.now() - started) }, 'stopped');
      process.exitCode = failed ? 1 : 0;
      // An unref'd timer: the process ends by itself as soon as nothing is pending, at the latest then.
      setTimeout(() => exit(failed ? 1 : 0), options.settleMs ?? 2000).unref();
    })();
    return running;
  };
}
