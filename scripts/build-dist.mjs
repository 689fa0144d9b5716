// `npm run build`: bundles the bot (src/main.ts) and the `perfbot` command (src/cli/main.ts) with
// esbuild into dist/bundle/, then writes the compiled prompts (dist/prompts/). Why a bundle: Node 20
// has no compile cache, and resolving, reading and compiling ≈ 500 modules one file at a time was
// most of every CLI command's start-up (issue 12). A module that is imported lazily (a command, a
// chat platform's adapter, Excel, charts) stays its own chunk, loaded only when used.
//
// dist/main.js and dist/cli/main.js are the documented entry points; they only import the bundle.
// Every output file sits in dist/bundle/, one folder below dist/ as a compiled src/<area>/x.ts
// would, so the paths the code derives from import.meta.dirname (prompts/, prisma/, the repository
// root) are the same from src/ and from dist/.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

// Left to node_modules, loaded at run time as before: native modules (libsql's binary, resvg),
// optional drivers never installed (pg-native), libraries that find their own files or workers by
// path (pino's transports, node-cron's background tasks, fastify's plugins), and the heavy libraries
// that load only when used (Slack, Telegram, charts, Excel, QR codes, holidays), which bundling
// would only make slower to build.
const external = [
  'libsql', '@libsql/linux-*', '@libsql/darwin-*', '@libsql/win32-*', '@resvg/resvg-js', 'pg-native', 'pg-cloudflare',
  'pino', 'pino-pretty', 'thread-stream', 'node-cron', 'fastify', '@fastify/*', 'prom-client',
  '@slack/bolt', '@slack/*', 'telegraf', 'vega', 'vega-lite', 'exceljs', 'qrcode', 'date-holidays', 'yaml',
  'prisma', '@prisma/engines', 'dejavu-fonts-ttf',
];

// zod's namespace `z` (import { z } from 'zod') carries every locale's error messages (≈ 340 KB of
// the ≈ 750 KB zod adds to every command); perfbot's own messages are in prompts/, and zod's
// English default is the only locale it uses.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: "export { default as en } from './en.js';", loader: 'js', resolveDir: path.join(root, 'node_modules', 'zod', 'v4', 'locales') }));
  },
};

// Prisma's generated clients embed the query compiler as a 2.5 MB base64 string in a JS module:
// every command read, decoded and parsed it, then decoded the base64, and the bot kept the string
// for its lifetime. The bundle ships the WebAssembly file itself (dist/bundle/query_compiler_bg.
// <provider>.wasm) and the client reads it. The build fails if a Prisma upgrade changes the code it replaces.
const WASM_LOADER = /getQueryCompilerWasmModule: async \(\) => \{\n\s*const \{ wasm \} = await import\("@prisma\/client\/runtime\/query_compiler_bg\.(sqlite|postgresql)\.wasm-base64\.mjs"\)\n\s*return await decodeBase64AsWasm\(wasm\)\n\s*\}/;
const queryCompilerFromFile = {
  name: 'query-compiler-from-file',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]generated[\\/](sqlite|postgresql)[\\/]internal[\\/]class\.ts$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const match = WASM_LOADER.exec(source);
      if (!match) throw new Error(`${args.path}: Prisma's query compiler loader is not the one scripts/build-dist.mjs replaces`);
      const provider = match[1];
      const base64 = (await import(`@prisma/client/runtime/query_compiler_bg.${provider}.wasm-base64.mjs`)).wasm;
      mkdirSync(path.join(dist, 'bundle'), { recursive: true });
      writeFileSync(path.join(dist, 'bundle', `query_compiler_bg.${provider}.wasm`), Buffer.from(base64, 'base64'));
      const loader = `getQueryCompilerWasmModule: async () => new WebAssembly.Module(await (await import('node:fs/promises')).readFile(new URL('./query_compiler_bg.${provider}.wasm', import.meta.url)))`;
      return { contents: source.replace(WASM_LOADER, loader), loader: 'ts' };
    });
  },
};

rmSync(dist, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { 'bundle/main': 'src/main.ts', 'bundle/cli': 'src/cli/main.ts', 'bundle/compile-prompts': 'src/i18n/compile-prompts.ts' },
  outdir: dist,
  chunkNames: 'bundle/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external,
  // SQLite URLs are always file: (config/env.ts), so libsql's client for local files is enough: the
  // package's main entry also loads its HTTP and WebSocket clients (ws, undici through fetch).
  alias: { '@libsql/client': '@libsql/client/sqlite3' },
  // A CommonJS package bundled into ESM calls require() for Node's own modules.
  banner: { js: "import { createRequire as __perfbotRequire } from 'node:module'; const require = __perfbotRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [zodEnglishOnly, queryCompilerFromFile],
});

const stub = (target) => `// Written by npm run build (scripts/build-dist.mjs): the code is in dist/bundle/.\nimport '${target}';\n`;
writeFileSync(path.join(dist, 'main.js'), stub('./bundle/main.js'));
mkdirSync(path.join(dist, 'cli'), { recursive: true });
writeFileSync(path.join(dist, 'cli', 'main.js'), stub('../bundle/cli.js'));
execFileSync(process.execPath, [path.join(dist, 'bundle', 'compile-prompts.js')], { stdio: 'inherit' });
