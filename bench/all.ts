/** `npm run bench`: every benchmark in turn, with the same command-line options. */
await import('./import.bench.js');
await import('./planning.bench.js');
