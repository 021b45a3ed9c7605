import type { EntityManager } from 'typeorm';
import type { PresenceState } from '../domain/presence';
import type { RoutingQueue } from '../domain/select-queue';
import { type ChannelSettings, RoutingSettingsRepository } from '../infra/routing-settings.repository';

export interface SettingsSnapshot {
  queues: RoutingQueue[];
  channels: Map<string, { defaultCapacity: number; itemSize: number }>;
  presence: Map<string, PresenceState>;
}

/**
 * Queues, channels and presence states change rarely and are read on every routing decision:
 * they are kept for `ttlMs`. A change made through this replica is seen at once (invalidate);
 * other replicas see it within the TTL.
 */
export class RoutingSettings {
  private cached?: { at: number; snapshot: SettingsSnapshot };

  constructor(
    private readonly defaultCapacity: number,
    private readonly ttlMs = 1_000,
  ) {}

  async get(manager: EntityManager): Promise<SettingsSnapshot> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.snapshot;
    const repository = new RoutingSettingsRepository(manager);
    // One after the other: inside a transaction they share one connection anyway.
    const queues = await repository.queues();
    const channels = await repository.channels();
    const presence = await repository.presenceStates();
    const snapshot = {
      queues,
      channels: new Map(channels.map((channel) => [channel.name, this.resolve(channel)])),
      presence: new Map(presence.map((state) => [state.name, state])),
    };
    this.cached = { at: now, snapshot };
    return snapshot;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private resolve(channel: ChannelSettings) {
    return { defaultCapacity: channel.defaultCapacity ?? this.defaultCapacity, itemSize: channel.itemSize };
  }
}
