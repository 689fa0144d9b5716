/**
 * Plan snapshots cached per plan version, so a chat turn or a dispatcher tick reads one small row
 * instead of the whole plan. The version is the newest audit log id: every change to what a
 * snapshot holds (import, answers, assessments, closed checkpoints, people's language, chat
 * identities) writes an audit row in the same transaction, in any process, so a new id means
 * "reload" and the same id means the cached snapshot is still the database's. A snapshot is read
 * after its version, so a change that lands in between only makes the next call reload.
 *
 * Cached snapshots are shared between callers: their arrays are frozen, so code that would sort or
 * push into one fails loudly instead of changing what the next caller sees.
 */
import type { Db } from './database.js';
import type { PlanSnapshot } from '../domain/plan-state.js';

interface Entry {
  version: number;
  value: Promise<unknown>;
}

/** Entries kept per client: a few plans (an ente rarely has more than two in use) and their look-ups. */
const MAX_ENTRIES = 32;

const caches = new WeakMap<object, Map<string, Entry>>();

/** The current version of everything snapshots are made of: the newest audit row's id (0 when none). */
export async function planDataVersion(db: Db): Promise<number> {
  const row = await db.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  return row?.id ?? 0;
}

function freeze(snapshot: PlanSnapshot): PlanSnapshot {
  for (const value of Object.values(snapshot)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(snapshot);
}

/**
 * The value of `key` at the database's current version: the cached one when the version has not
 * moved, else `load()` (once, also for callers that arrive while it runs). `version`, when the
 * caller has just read it (a chat turn reads it once for the person and the plan), saves the read.
 */
export async function cachedByVersion<T>(db: Db, key: string, load: () => Promise<T>, version?: number): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  version ??= await planDataVersion(db);
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as Promise<T>;
  const entry: Entry = { version, value: load() };
  cache.delete(key);
  cache.set(key, entry);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  // A failed load (plan not found, connection lost) is not remembered.
  entry.value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return entry.value as Promise<T>;
}

/** A plan snapshot at the current version (see cachedByVersion), frozen because it is shared. */
export async function cachedSnapshot(db: Db, key: string, load: () => Promise<PlanSnapshot>, version?: number): Promise<PlanSnapshot> {
  return cachedByVersion(db, `snapshot\u0000${key}`, () => load().then(freeze), version);
}

/** The snapshot cached under `key` when it is still at `version` (nothing is read or loaded), else undefined. */
export function snapshotIfCached(db: Db, key: string, version: number): Promise<PlanSnapshot> | undefined {
  const hit = caches.get(db)?.get(`snapshot\u0000${key}`);
  return hit && hit.version === version ? (hit.value as Promise<PlanSnapshot>) : undefined;
}

/** Forgets one cached value (a look-up whose answer must not be kept, such as "unknown account"). */
export function forgetCached(db: Db, key: string): void {
  caches.get(db)?.delete(key);
}

/** Forgets every snapshot cached for a client (after writes that bypass the audit log, e.g. in tests). */
export function forgetSnapshots(db: Db): void {
  caches.delete(db);
}
