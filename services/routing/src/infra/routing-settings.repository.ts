import type { Condition } from '@threadline/contracts';
import type { EntityManager } from 'typeorm';
import type { AssignmentRule } from '../domain/choose-agent';
import type { PresenceState } from '../domain/presence';
import type { WeeklySchedule } from '../domain/schedule';
import type { RoutingQueue } from '../domain/select-queue';

export interface ChannelSettings {
  name: string;
  /** Null: the service's ROUTING_DEFAULT_CAPACITY. */
  defaultCapacity: number | null;
  itemSize: number;
}

interface RawQueue {
  id: string;
  name: string;
  position: number;
  active: boolean;
  fallback: boolean;
  channel: 'sms';
  condition: Condition | null;
  schedule: WeeklySchedule | null;
  assignment_rule: AssignmentRule;
  auto_assign: boolean;
  offer_timeout_seconds: number | null;
  offer_timeout_presence: string | null;
}

export const QUEUE_COLUMNS = `id, name, position, active, fallback, channel, condition, schedule, assignment_rule,
  auto_assign, offer_timeout_seconds, offer_timeout_presence`;

/** Conditions and schedules are validated before they are stored, so they are read as they are. */
export function toRoutingQueue(row: RawQueue): RoutingQueue {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    active: row.active,
    fallback: row.fallback,
    channel: row.channel,
    condition: row.condition,
    schedule: row.schedule,
    rule: row.assignment_rule,
    autoAssign: row.auto_assign,
    offerTimeoutSeconds: row.offer_timeout_seconds,
    offerTimeoutPresence: row.offer_timeout_presence,
  };
}

/** Routing's configuration as the dispatcher reads it: queues, channels, presence states. */
export class RoutingSettingsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Every queue, active or not, in routing order. */
  async queues(): Promise<RoutingQueue[]> {
    const rows = await this.manager.query<RawQueue[]>(
      `SELECT ${QUEUE_COLUMNS} FROM queue ORDER BY position, id`,
    );
    return rows.map(toRoutingQueue);
  }

  async channels(): Promise<ChannelSettings[]> {
    const rows = await this.manager.query<
      Array<{ name: string; default_capacity: number | null; item_size: number }>
    >(`SELECT name, default_capacity, item_size FROM channel ORDER BY name`);
    return rows.map((row) => ({
      name: row.name,
      defaultCapacity: row.default_capacity,
      itemSize: row.item_size,
    }));
  }

  async presenceStates(): Promise<PresenceState[]> {
    const rows = await this.manager.query<
      Array<{ name: string; receives_work: boolean; channels: string[] | null; built_in: boolean }>
    >(`SELECT name, receives_work, channels, built_in FROM presence_state ORDER BY built_in DESC, name`);
    return rows.map((row) => ({
      name: row.name,
      receivesWork: row.receives_work,
      channels: row.channels,
      builtIn: row.built_in,
    }));
  }
}
