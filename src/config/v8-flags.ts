/**
 * V8 settings for the bot and the `perfbot` command, applied when this module is evaluated: it is
 * the first import of src/main.ts and src/cli/main.ts, so they hold before any query runs.
 *
 * `--liftoff-only`: Prisma compiles every query with its WebAssembly query compiler (≈ 2 MB of
 * WASM). By default V8 compiles it with its baseline compiler and then recompiles the hot functions
 * with its optimizing one on background threads: for a CLI command that second compile cost ≈ 0.3 s
 * of CPU and ≈ 30 MB of memory, and the bot's resident memory grew by as much, while a chat turn's
 * CPU did not measurably change without it (bench/README.md, "CLI < 1 s").
 * V8 documents changing flags after start-up as unsupported in general; WASM compilation flags are
 * read when a module is compiled, which is after this.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
