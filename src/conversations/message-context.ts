/**
 * What every message builder needs: the plan as it is now and the person's language. Its own file
 * so that the check-in's messages, its state and the final assessment can all use it without
 * importing each other.
 */
import type { PlanSnapshot } from '../domain/plan-state.js';
import type { Locale, Translate } from '../i18n/messages.js';

export interface MessageContext {
  snapshot: PlanSnapshot;
  t: Translate;
  locale: Locale;
}
