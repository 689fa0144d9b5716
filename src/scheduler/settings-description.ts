/** The reminder settings in one line each, the way administrators set them (`ora 09:30`, …). */
import type { ReminderSettings } from '../domain/reminder-settings.js';

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
  ].join('\n');
}
