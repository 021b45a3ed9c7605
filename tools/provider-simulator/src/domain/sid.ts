import { randomBytes } from 'node:crypto';

const MESSAGE_SID = /^SM[0-9a-f]{32}$/;

/** A Twilio message sid: `SM` and 32 lowercase hex digits, random so that sids never repeat. */
export function newMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

export function isMessageSid(value: string): boolean {
  return MESSAGE_SID.test(value);
}

/** A media sid as Twilio writes them: ME and 32 hex digits. */
export function newMediaSid(): string {
  return `ME${randomBytes(16).toString('hex')}`;
}

export function isMediaSid(value: string): boolean {
  return /^ME[0-9a-f]{32}$/.test(value);
}
