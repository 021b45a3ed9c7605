import { type AgentLoad, channelCapacity, effectiveCapacity, freeCapacity } from './capacity';

const idle: AgentLoad = {
  ownChannelCapacity: null,
  channelDefaultCapacity: 4,
  universalCapacity: null,
  channelLoad: 0,
  totalLoad: 0,
};

describe('capacity (SPEC W1, W4)', () => {
  it('W1: an agent without their own capacity has the channel default (4 on sms)', () => {
    expect(channelCapacity(idle)).toBe(4);
    expect(freeCapacity(idle)).toBe(4);
  });

  it("W1: an agent's own channel capacity replaces the default, up or down", () => {
    expect(freeCapacity({ ...idle, ownChannelCapacity: 6 })).toBe(6);
    expect(freeCapacity({ ...idle, ownChannelCapacity: 1 })).toBe(1);
    expect(freeCapacity({ ...idle, ownChannelCapacity: 0 })).toBe(0);
  });

  it('W4: free capacity is the channel capacity less the load on the channel', () => {
    expect(freeCapacity({ ...idle, channelLoad: 3, totalLoad: 3 })).toBe(1);
    expect(freeCapacity({ ...idle, channelLoad: 4, totalLoad: 4 })).toBe(0);
  });

  it('W1: a universal capacity bounds the work across every channel', () => {
    // Room on sms, but the agent already carries 5 across channels out of a universal 6.
    expect(freeCapacity({ ...idle, universalCapacity: 6, channelLoad: 1, totalLoad: 5 })).toBe(1);
    expect(freeCapacity({ ...idle, universalCapacity: 6, channelLoad: 0, totalLoad: 6 })).toBe(0);
    // A universal capacity above the channel's does not raise the channel's.
    expect(freeCapacity({ ...idle, universalCapacity: 10, channelLoad: 2, totalLoad: 2 })).toBe(2);
  });

  it('is never negative when an admin lowered a capacity below the current load', () => {
    expect(freeCapacity({ ...idle, ownChannelCapacity: 1, channelLoad: 3, totalLoad: 3 })).toBe(0);
    expect(freeCapacity({ ...idle, universalCapacity: 1, channelLoad: 0, totalLoad: 3 })).toBe(0);
  });

  it('effective capacity is the smaller bound', () => {
    expect(effectiveCapacity(idle)).toBe(4);
    expect(effectiveCapacity({ ...idle, universalCapacity: 2 })).toBe(2);
    expect(effectiveCapacity({ ...idle, universalCapacity: 9, ownChannelCapacity: 5 })).toBe(5);
  });
});
