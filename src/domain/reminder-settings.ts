/**
 * Per-ente reminder configuration (issue 5), with the defaults the users asked for: reminders 5 and
 * 1 working days before a phase deadline and on the day, follow-ups every 2 working days up to 3,
 * then escalation; sent at 09:30 local time, never in quiet hours; the weekly digest on Monday at
 * 08:30. Parsed with zod so a stored or typed setting that is wrong is refused with a clear message,
 * and settings stored before a field existed still parse (its default applies).
 */
import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const reminderSettingsSchema = z.strictObject({
  leadDays: z.array(z.number().int().min(1).max(60)).default([5, 1]),
  sendTime: hhmm.default('09:30'),
  followUpEvery: z.number().int().min(1).max(30).default(2),
  followUpMax: z.number().int().min(0).max(10).default(3),
  escalation: z.boolean().default(true),
  monthEndAsks: z.boolean().default(false),
  quietHours: z.strictObject({ from: hhmm, to: hhmm }).default({ from: '19:00', to: '08:00' }),
  closures: z.array(isoDate).default([]),
  paused: z.boolean().default(false),
  pausedPeople: z.array(z.string()).default([]),
  /** the weekly digest to coordinators: ISO weekday (1 = Monday … 7 = Sunday) and local time */
  digest: z
    .strictObject({
      enabled: z.boolean().default(true),
      weekday: z.number().int().min(1).max(7).default(1),
      time: hhmm.default('08:30'),
    })
    .default({ enabled: true, weekday: 1, time: '08:30' }),
});

export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = reminderSettingsSchema.parse({});

/** Whether a local time HH:MM falls in the quiet hours (which may span midnight). */
export function inQuietHours(time: string, quiet: { from: string; to: string }): boolean {
  return quiet.from <= quiet.to ? time >= quiet.from && time < quiet.to : time >= quiet.from || time < quiet.to;
}
