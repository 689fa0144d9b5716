/**
 * The shape Bolt takes for granted in a request body. Bolt reads `body.ssl_check`, `body.event`,
 * `body.user.id`, `body.team.id` … without checking, so a correctly signed body of `null` killed
 * the process (a TypeError in a promise nobody awaits) and a signed `block_actions` without a
 * user got 500. Only what Bolt and our listeners dereference is checked here; the rest passes
 * through (Slack adds fields all the time).
 */
import { parse as parseQueryString } from 'node:querystring';
import { z } from 'zod';

const objectOrNull = z.union([z.looseObject({}), z.null()]);
const withId = z.looseObject({ id: z.string() });

/** Events API envelopes (JSON): url_verification, event_callback and the rest. */
const envelope = z.looseObject({
  type: z.string().optional(),
  event: z
    .looseObject({
      type: z.string(),
      channel: z.union([z.string(), z.looseObject({})]).optional(),
      item: z.looseObject({}).optional(),
      subteam: z.looseObject({}).optional(),
      user: z.union([z.string(), withId]).optional(),
    })
    .optional(),
  authorizations: z.array(z.looseObject({})).optional(),
});

/** Interactive payloads (buttons, shortcuts, views, options): Bolt reads `user.id` of every one. */
const interactive = z.looseObject({
  type: z.string(),
  user: z.looseObject({ id: z.string(), team_id: z.string().optional() }),
  team: objectOrNull.optional(),
  enterprise: objectOrNull.optional(),
  channel: withId.optional(),
  view: z.looseObject({}).optional(),
  container: z.looseObject({}).optional(),
  message: z.looseObject({}).optional(),
  actions: z.array(z.looseObject({ action_id: z.string().optional(), value: z.string().optional() })).optional(),
});

/** Slash commands (form fields). */
const command = z.looseObject({ command: z.string(), user_id: z.string(), text: z.string().optional() });

const INTERACTIVE_TYPES = new Set(['block_suggestion', 'dialog_submission', 'workflow_step_edit', 'shortcut', 'message_action', 'view_submission', 'view_closed']);

function problems(result: { success: boolean; error?: z.ZodError }, what: string): string | null {
  return result.success ? null : `${what}: ${result.error!.issues.map((i) => i.path.join('.') || '(body)').join(', ')}`;
}

/**
 * Parses a request body the way Bolt's HTTPReceiver does (a form with a JSON `payload`, a form of
 * fields, or JSON), classifies it as Bolt's App does (event, command, interactive) and says what
 * is wrong with it, or null when Bolt can take it safely.
 */
export function slackBodyProblem(raw: string, contentType: string | undefined): string | null {
  let body: unknown;
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const fields = parseQueryString(raw);
      if (fields.ssl_check === '1') return null;
      body = typeof fields.payload === 'string' ? JSON.parse(fields.payload) : { ...fields };
    } else {
      body = JSON.parse(raw);
    }
  } catch {
    return 'not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body is not an object';
  const fields = body as Record<string, unknown>;
  if (fields.event !== undefined) return problems(envelope.safeParse(body), 'event');
  if (fields.command !== undefined) return problems(command.safeParse(body), 'slash command');
  if (fields.name !== undefined || fields.actions !== undefined || INTERACTIVE_TYPES.has(String(fields.type))) return problems(interactive.safeParse(body), 'interactive payload');
  if (fields.type === 'url_verification') return typeof fields.challenge === 'string' ? null : 'url_verification without a challenge';
  return null;
}
