/**
 * An upload waiting for **Conferma**, carried by the Conferma form itself: the parsed plan,
 * compressed, with the ente, the administrator and an expiry, signed with the console's HMAC key.
 * Any replica holding the same PERFBOT_CONSOLE_SECRET can check and import it, so nothing lives in
 * one process's memory. It is spent once, across replicas, by inserting its digest as an
 * InviteCode row (platform `console-upload`): the primary key lets only the first insert win.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Db } from '../db/database.js';
import type { PlanFile } from '../plan-file/schema.js';

export const PENDING_MINUTES = 30;
const PLATFORM = 'console-upload';

export interface PendingUpload {
  ente: string;
  person: string;
  file: string;
  plan: PlanFile;
  /** epoch milliseconds */
  expires: number;
}

function signature(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`perfbot-upload:${body}`).digest();
}

/** The sealed form value of an upload (base64url body, a dot, base64url HMAC). */
export function sealUpload(secret: string, upload: PendingUpload): string {
  const body = gzipSync(JSON.stringify(upload)).toString('base64url');
  return `${body}.${signature(secret, body).toString('base64url')}`;
}

/** The upload in a sealed value, or null when it was altered, signed with another key or has expired. */
export function openUpload(secret: string, sealed: string, now: Date): PendingUpload | null {
  const dot = sealed.lastIndexOf('.');
  if (dot <= 0) return null;
  const body = sealed.slice(0, dot);
  const given = Buffer.from(sealed.slice(dot + 1), 'base64url');
  const expected = signature(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let upload: PendingUpload;
  try {
    upload = JSON.parse(gunzipSync(Buffer.from(body, 'base64url')).toString('utf8')) as PendingUpload;
  } catch {
    return null;
  }
  return upload.expires >= now.getTime() ? upload : null;
}

/** Marks a sealed upload used; false when it already was (by this or another replica). */
export async function spendUpload(db: Db, sealed: string, enteCode: string, personCode: string, now: Date): Promise<boolean> {
  const person = await db.person.findFirst({ where: { code: personCode, ente: { code: enteCode } }, select: { id: true } });
  if (!person) return false;
  const code = `upload:${createHash('sha256').update(sealed).digest('base64url')}`;
  try {
    await db.inviteCode.create({ data: { code, personId: person.id, platform: PLATFORM, createdAt: now, usedAt: now } });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return false;
    throw error;
  }
}
