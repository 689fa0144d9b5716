// Preload (`node --import`, or NODE_OPTIONS) that makes importing the heavy libraries fail: the chat
// platforms' SDKs, the chart renderers, Excel, QR codes and date-holidays' data. Proves that the bot
// without tokens and the read-only perfbot commands start without loading them (issue 12).
import Module, { register } from 'node:module';
import { FORBIDDEN_HEAVY } from './forbid-heavy-libraries-hooks.mjs';

register('./forbid-heavy-libraries-hooks.mjs', import.meta.url);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (FORBIDDEN_HEAVY.test(request)) throw new Error(`heavy library loaded: ${request}`);
  return resolveFilename.call(this, request, ...rest);
};
