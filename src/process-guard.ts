/**
 * The last line of defence of a long-running bot: an error that escapes every handler (a library
 * callback nobody awaits, like Bolt's request handling that a signed `null` body once crashed) is
 * logged and the process keeps serving everyone else, instead of dying with it. Expected failures
 * are handled where they happen; this only keeps one bad request from stopping the bot.
 */

/** Where the guard reports what escaped; the default writes one line to stderr, without a stack for users to see. */
export type EscapedErrorLog = (kind: 'uncaughtException' | 'unhandledRejection', error: unknown) => void;

const consoleLog: EscapedErrorLog = (kind, error) => {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`perfbot: ${kind} (kept running): ${message}`);
};

/**
 * Installs handlers for `uncaughtException` and `unhandledRejection` on the process that log the
 * error and let the process go on. Returns a function that removes them (for tests).
 */
export function guardProcess(log: EscapedErrorLog = consoleLog, target: NodeJS.Process = process): () => void {
  const onException = (error: unknown) => log('uncaughtException', error);
  const onRejection = (reason: unknown) => log('unhandledRejection', reason);
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
