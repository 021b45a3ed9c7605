/**
 * SPEC W1, W4: how much more work an agent can take on one channel. Their capacity on the channel
 * (their own, else the channel's default) and, when set, their universal capacity across every
 * channel both bound it; work on hold does not count (the loads passed in leave it out).
 */
export interface AgentLoad {
  /** The agent's own capacity on the channel; null uses the channel's default. */
  ownChannelCapacity: number | null;
  channelDefaultCapacity: number;
  /** Across every channel; null means no such bound. */
  universalCapacity: number | null;
  /** Sizes of the items offered to or held by the agent on this channel, not on hold. */
  channelLoad: number;
  /** The same across every channel. */
  totalLoad: number;
}

export function channelCapacity(
  load: Pick<AgentLoad, 'ownChannelCapacity' | 'channelDefaultCapacity'>,
): number {
  return load.ownChannelCapacity ?? load.channelDefaultCapacity;
}

/** Never negative: an agent over capacity (an admin lowered it) simply has no room. */
export function freeCapacity(load: AgentLoad): number {
  const onChannel = channelCapacity(load) - load.channelLoad;
  const overall = load.universalCapacity === null ? onChannel : load.universalCapacity - load.totalLoad;
  return Math.max(0, Math.min(onChannel, overall));
}

/** The capacity a manager sees for the channel: the smaller of the two bounds. */
export function effectiveCapacity(load: AgentLoad): number {
  const onChannel = channelCapacity(load);
  return load.universalCapacity === null ? onChannel : Math.min(onChannel, load.universalCapacity);
}
