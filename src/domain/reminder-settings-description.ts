/** The reminder settings in one line each, the way administrators set them (`ora 09:30`, …). */
import type { ReminderSettings } from './reminder-settings.js';
import { weekdayName } from './weekday-names.js';

/** The settings in the words of the settings language (reminder-settings-change.ts), so what is shown can be typed back. */
export function describeSettings(s: ReminderSettings): string {
  return [
    `ora ${s.sendTime}`,
    `anticipo ${s.leadDays.join(',')}`,
    `sollecito ${s.followUpEvery}`,
    `solleciti ${s.followUpMax}`,
    `escalation ${s.escalation ? 'on' : 'off'}`,
    `finemese ${s.monthEndAsks ? 'on' : 'off'}`,
    `silenzio ${s.quietHours.from}-${s.quietHours.to}`,
    `chiusure ${s.closures.join(', ') || '-'}`,
    `pausa ${s.paused ? 'on' : 'off'}`,
    `in pausa ${s.pausedPeople.join(', ') || '-'}`,
    // Switched off, the schedule is still shown: `digest on` brings it back as it was.
    s.digest.enabled ? `digest ${weekdayName(s.digest.weekday)} ${s.digest.time}` : `digest off (${weekdayName(s.digest.weekday)} ${s.digest.time})`,
  ].join('\n');
}
