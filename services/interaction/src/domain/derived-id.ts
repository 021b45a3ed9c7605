import { v5 as uuidv5 } from 'uuid';

/** Fixed namespace of the ids below; changing it would send every redelivered reply again. */
const NAMESPACE = '6f1c2a0e-5d3b-4c8e-9a71-2b4d6e8f0a13';

/**
 * The id of an entry written because of another message (`sourceId`), the same on every
 * redelivery: a virtual agent's reply to an inbound message, the greeting of a conversation.
 * As the SMS send id too, a redelivered message can never be answered twice.
 */
export function derivedMessageId(sourceId: string, label: string): string {
  return uuidv5(`${sourceId.toLowerCase()}/${label}`, NAMESPACE);
}

/**
 * `count` instants that sort after `after` and after each other, one millisecond apart, starting
 * at `now` unless that is not later (another host's clock may be ahead of ours). Transcripts sort
 * by time first, so entries written together keep the order they were written in.
 */
export function timesAfter(after: Date, count: number, now: Date = new Date()): Date[] {
  const start = Math.max(now.getTime(), after.getTime() + 1);
  return Array.from({ length: count }, (_, index) => new Date(start + index));
}
