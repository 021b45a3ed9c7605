/** SPEC W3: a presence state says whether an agent in it is offered work, and on which channels. */
export interface PresenceState {
  name: string;
  receivesWork: boolean;
  /** Null: every channel. */
  channels: readonly string[] | null;
  builtIn: boolean;
}

/** The state an agent silent past the heartbeat timeout is put in (W3). */
export const OFFLINE = 'offline';

export function receivesWorkOn(
  state: Pick<PresenceState, 'receivesWork' | 'channels'>,
  channel: string,
): boolean {
  return state.receivesWork && (state.channels === null || state.channels.includes(channel));
}
