/**
 * The dispatcher's hooks, seen from the operations side: each reminder or digest message is logged
 * with its ente, person and reminder ids and counted by outcome. The message text is never logged.
 */
import type { Platform } from '../chat/port.js';
import { kindFamilyOf, type ReminderRow } from '../db/reminder-store.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

export interface DeliveryHooks {
  onDelivery(rows: ReminderRow[], outcome: 'sent' | 'failed' | 'retried', detail: { platform?: Platform; error?: string }): void;
  onWarning(message: string): void;
}

/** Hooks for a Dispatcher that log and count what it sends. */
export function deliveryHooks(logger: Logger, metrics: Metrics): DeliveryHooks {
  const log = logger.child({ component: 'dispatcher' });
  return {
    onDelivery(rows, outcome, detail) {
      const first = rows[0];
      if (!first) return;
      const family = kindFamilyOf(first.kind);
      metrics.deliveries.inc({ family, outcome, platform: detail.platform ?? 'none' });
      const fields = {
        enteId: first.enteId,
        person: first.recipient,
        reminderIds: rows.map((r) => r.id),
        kind: family,
        subjects: rows.map((r) => r.subject),
        attempt: first.attempts,
        ...(detail.platform ? { platform: detail.platform } : {}),
        ...(detail.error ? { error: detail.error } : {}),
      };
      if (outcome === 'sent') log.info(fields, `${family} sent`);
      else if (outcome === 'retried') log.warn(fields, `${family} not sent, retry planned`);
      else log.error(fields, `${family} failed`);
    },
    onWarning(message) {
      log.warn(message);
    },
  };
}
