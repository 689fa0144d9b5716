/**
 * A process with the guard of src/main.ts: it throws from a timer and leaves a promise rejected,
 * then proves it is still alive by answering on stdout. Without the guard Node ends it at the
 * first error with exit code 1.
 */
import { guardProcess } from '../../src/process-guard.js';

guardProcess();
setTimeout(() => {
  throw new TypeError("Cannot read properties of null (reading 'ssl_check')");
}, 0);
setTimeout(() => void Promise.reject(new Error('a handler nobody awaited failed')), 5);
setTimeout(() => console.log('still serving'), 50);
