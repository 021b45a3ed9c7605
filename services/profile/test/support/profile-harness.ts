import {
  createEnvelope,
  type EnvelopeOf,
  type QueryDefinition,
  type schemas,
  type Subject,
} from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  inboundSms,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { profileService } from '../../src/profile.service';

export type ProfileActor = z.infer<typeof schemas.profileActor>;

export const AGENT: ProfileActor = { kind: 'agent', id: 'agent-alice', role: 'agent' };
export const MANAGER: ProfileActor = { kind: 'agent', id: 'manager-mia', role: 'manager' };

/** Every event the profile service publishes. */
export const PROFILE_EVENTS = [
  'profile.requester.resolved.v1',
  'profile.messaging-profile.created.v1',
  'profile.messaging-profile.reassociated.v1',
  'profile.messaging-profile.deactivated.v1',
] as const satisfies readonly Subject[];

let lastNumber = 0;

/**
 * A fresh E.164 number in the fictitious 555 range, never given out twice in a test file (and
 * apart from the demo directory's), so tests sharing one environment never meet.
 */
export function freshNumber(): string {
  lastNumber += 1;
  return `+1555${2_000_000 + lastNumber}`;
}

/** The national US writing of an E.164 number from `freshNumber`: (555) 123-4567. */
export function nationalUs(e164: string): string {
  const digits = e164.slice(2);
  return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
}

export interface NewUser {
  name?: string;
  email?: string | null;
  externalId?: string | null;
  phones?: string[];
  active?: boolean;
}

/**
 * One profile service booted against its own isolated environment, with a tap on every
 * profile event, and the few steps most profile tests take.
 */
export class ProfileHarness {
  private constructor(
    readonly environment: IsolatedEnvironment,
    readonly service: RunningService,
    readonly tap: MessageTap,
  ) {}

  static async start(extraEnv: Record<string, string> = {}): Promise<ProfileHarness> {
    const environment = await createIsolatedEnvironment();
    try {
      const service = await bootService(profileService, environment, extraEnv);
      const tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
        ...PROFILE_EVENTS,
      );
      return new ProfileHarness(environment, service, tap);
    } catch (error) {
      await environment.dispose();
      throw error;
    }
  }

  get db(): DataSource {
    return this.service.runtime.dataSource;
  }

  ask<Request, Response>(query: QueryDefinition<Request, Response>, request: Request): Promise<Response> {
    return this.service.runtime.ask(query, request);
  }

  /** Publishes an inbound SMS from `from` and waits for its resolution. */
  async resolve(from: string): Promise<EnvelopeOf<'profile.requester.resolved.v1'>> {
    const inbound = createEnvelope('sms.inbound.received.v1', inboundSms({ from }));
    await this.tap.publish(inbound);
    const [resolved] = await this.tap.waitFor(
      'profile.requester.resolved.v1',
      (event) => event.data.message.messageId === inbound.data.messageId,
    );
    return resolved!;
  }

  /** A directory user written straight into the table, as an earlier import would have. */
  async addUser(user: NewUser = {}): Promise<string> {
    const id = uuidv7();
    await this.db.query(
      `INSERT INTO directory_user (id, external_id, name, email, active) VALUES ($1, $2, $3, $4, $5)`,
      [
        id,
        user.externalId === undefined ? `ext-${id}` : user.externalId,
        user.name ?? `User ${id.slice(-6)}`,
        user.email ?? null,
        user.active ?? true,
      ],
    );
    for (const [index, address] of (user.phones ?? []).entries()) {
      await this.db.query(`INSERT INTO directory_user_phone (user_id, address, kind) VALUES ($1, $2, $3)`, [
        id,
        address,
        index === 0 ? 'mobile' : 'other',
      ]);
    }
    return id;
  }

  async setUserActive(userId: string, active: boolean): Promise<void> {
    await this.db.query(`UPDATE directory_user SET active = $2, updated_at = now() WHERE id = $1`, [
      userId,
      active,
    ]);
  }

  /** Outbox rows of `subject` about `profileId`: what the service published, or is about to. */
  async published(subject: Subject, profileId: string): Promise<number> {
    const [row] = await this.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE subject = $1 AND payload->'data'->>'profileId' = $2`,
      [subject, profileId],
    );
    return row!.n;
  }

  async stop(): Promise<void> {
    await this.tap.close();
    await this.service.stop();
    await this.environment.dispose();
  }
}
