/** SPEC W3: a presence state says whether an agent in it is offered work, and on which channels. */
export interface PresenceState {
  name: string;
  receivesWork: boolean;
  /** Null: every channel. */
  channels: readonly string[] | null;
  builtIn: boolean;
}

export const BUILT_IN_PRESENCE_STATES: readonly PresenceState[] = [
  { name: 'available', receivesWork: true, channels: null, builtIn: true },
  { name: 'away', receivesWork: false, channels: null, builtIn: true },
  { name: 'offline', receivesWork: false, channels: null, builtIn: true },
];

/** The state an agent silent past the heartbeat timeout is put in (W3). */
export const OFFLINE = 'offline';

export function receivesWorkOn(
  state: Pick<PresenceState, 'receivesWork' | 'channels'>,
  channel: string,
): boolean {
  return state.receivesWork && (state.channels === null || state.channels.includes(channel));
}

/**
 * SPEC W3: whether an agent in a present state has been silent too long (no open socket, no
 * heartbeat) and goes offline. An agent never seen since the heartbeat rule came in counts from
 * the moment they last changed presence.
 */
export function isSilent(
  lastSeenAt: Date | null,
  presenceSince: Date,
  now: Date,
  timeoutMs: number,
): boolean {
  const seen = lastSeenAt === null || lastSeenAt < presenceSince ? presenceSince : lastSeenAt;
  return now.getTime() - seen.getTime() > timeoutMs;
}
