// Module resolution hooks of forbid-typescript.mjs: tsx and TypeScript cannot be imported.
const forbidden = /^(tsx|typescript)(\/|$)/;

export async function resolve(specifier, context, next) {
  if (forbidden.test(specifier)) throw new Error(`forbidden at run time: ${specifier}`);
  if (specifier.endsWith('.ts') && !specifier.includes('node_modules')) throw new Error(`TypeScript source at run time: ${specifier}`);
  return next(specifier, context);
}
