/**
 * Per-ente reminder settings: read with defaults, changed only by administrators, every change
 * audited (who, when, old → new).
 */
import type { Db, Tx } from './database.js';
import { reminderSettingsSchema, type ReminderSettings } from '../domain/reminder-settings.js';
import { Prisma } from '../generated/sqlite/client.js';

/** Thrown when a settings change is not valid; carries one message per problem. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'SettingsError';
  }
}

export async function loadReminderSettings(db: Db | Tx, enteCode: string): Promise<ReminderSettings> {
  const ente = await db.ente.findUniqueOrThrow({ where: { code: enteCode } });
  return reminderSettingsSchema.parse(ente.settings ?? {});
}

/** Applies a partial change (validated as a whole) and audits it; returns the new settings. */
export async function updateReminderSettings(db: Db, enteCode: string, patch: Partial<ReminderSettings>, actor: string): Promise<ReminderSettings> {
  return db.$transaction(async (tx) => {
    const ente = await tx.ente.findUniqueOrThrow({ where: { code: enteCode } });
    const before = reminderSettingsSchema.parse(ente.settings ?? {});
    const parsed = reminderSettingsSchema.safeParse({ ...before, ...patch });
    if (!parsed.success) throw new SettingsError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    const changed = Object.keys(patch).filter((k) => JSON.stringify(before[k as keyof ReminderSettings]) !== JSON.stringify(parsed.data[k as keyof ReminderSettings]));
    if (changed.length === 0) return before;
    await tx.ente.update({ where: { id: ente.id }, data: { settings: parsed.data as Prisma.InputJsonValue } });
    await tx.auditLog.create({
      data: {
        enteId: ente.id,
        actor,
        action: 'update',
        entity: 'ReminderSettings',
        entityId: enteCode,
        oldValue: Object.fromEntries(changed.map((k) => [k, before[k as keyof ReminderSettings]])) as Prisma.InputJsonValue,
        newValue: Object.fromEntries(changed.map((k) => [k, parsed.data[k as keyof ReminderSettings]])) as Prisma.InputJsonValue,
      },
    });
    return parsed.data;
  });
}
