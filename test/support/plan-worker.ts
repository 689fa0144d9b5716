/**
 * A planning process for the concurrency test: the real ReminderScheduler.planEnte on DATABASE_URL
 * for ENTE, at the instant CLOCK, starting at START_AT (epoch ms) so that two of them run together.
 * Prints the sync result as JSON and exits.
 */
import { openDb } from '../../src/db/open-db.js';
import { Dispatcher } from '../../src/scheduler/dispatch.js';
import { ReminderScheduler } from '../../src/scheduler/reminder-scheduler.js';

const db = openDb(process.env.DATABASE_URL!);
const clock = () => new Date(process.env.CLOCK!);
const scheduler = new ReminderScheduler({ db, clock, dispatcher: new Dispatcher({ db, ports: [], clock, worker: `plan-${process.pid}` }) });
await db.ente.count(); // connected before the common start
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(process.env.START_AT) - Date.now())));
console.log(JSON.stringify(await scheduler.planEnte(process.env.ENTE!)));
await db.$disconnect();
