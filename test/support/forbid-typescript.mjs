// Preloaded with `node --import` by the build test: any import of tsx or TypeScript (an ESM import or
// a require) fails, to prove that the built bot and the perfbot command run without them.
import { register } from 'node:module';
import Module from 'node:module';

const forbidden = /^(tsx|typescript)(\/|$)/;
register('./forbid-typescript-hooks.mjs', import.meta.url);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (forbidden.test(request)) throw new Error(`forbidden at run time: ${request}`);
  return resolveFilename.call(this, request, ...rest);
};
