/** Entry point of the `perfbot` command. */
import '../config/v8-flags.js';
import { runCli } from './program.js';

// `perfbot report | head`: the reader closing the pipe is a normal end of the output, not an error
// (issue 10 item 10); anything else on the streams is said in one line, without a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.exitCode = 1;
  });
}

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  });
} catch (error) {
  // runCli reports every expected failure itself; this is the last line of defence against a stack.
  process.stderr.write(`perfbot: unexpected error: ${(error as Error).message?.split('\n')[0] ?? String(error)}\n`);
  process.exitCode = 1;
}
