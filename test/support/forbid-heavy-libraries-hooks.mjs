// Module resolution hooks of forbid-heavy-libraries.mjs: these packages cannot be imported.
export const FORBIDDEN_HEAVY = /^(@slack\/bolt|@slack\/web-api|telegraf|vega|vega-lite|@resvg\/resvg-js|exceljs|qrcode|date-holidays)(\/|$)/;

export async function resolve(specifier, context, next) {
  if (FORBIDDEN_HEAVY.test(specifier)) throw new Error(`heavy library loaded: ${specifier}`);
  return next(specifier, context);
}
