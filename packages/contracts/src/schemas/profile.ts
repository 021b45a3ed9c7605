import { z } from 'zod';
import { e164, id, isoTime } from './common';
import { smsInboundReceived } from './sms';

/**
 * Why the directory and a profile disagree (SPEC P4), so an agent knows what to check:
 * - several_users: the number is on more than one active directory user;
 * - directory_disagrees: the number is on one user, the profile points to another (or to nobody);
 * - profile_user_inactive: the profile's user was deactivated or removed from the directory.
 */
export const identityConflictReason = z.enum([
  'several_users',
  'directory_disagrees',
  'profile_user_inactive',
]);

/** Which SPEC row decided a resolution; `agreed` and `verified` are the cases without a row. */
export const resolutionRule = z.enum(['P1', 'P2', 'P3', 'P4', 'agreed', 'verified']);

export const profileResolved = z.object({
  profileId: id,
  address: e164,
  /** The directory user the profile points to, or null for a guest profile. */
  userId: z.string().min(1).nullable(),
  /** The user shown as requester: the profile's user, else the guest user. */
  requesterUserId: z.string().min(1),
  identityConflict: z.boolean().describe('SPEC P4: the directory and the profile disagree'),
  identityConflictReason: identityConflictReason.nullable().optional(),
  rule: resolutionRule.optional(),
  /**
   * The profile's latest audited change when it was read (null: never changed by an agent).
   * Interactions opened from this resolution ignore older changes that arrive late.
   */
  profileChangeId: id.nullable().optional(),
  /** The inbound message this resolution is for, carried whole so the next step needs nothing else. */
  message: smsInboundReceived,
});

/** Who changed a profile: an agent (with the role that allowed it) or the system. */
export const profileActor = z.object({
  kind: z.enum(['agent', 'system']),
  id: z.string().min(1).nullable(),
  role: z.enum(['agent', 'manager', 'admin']).nullable(),
});

export const profileCreated = z.object({
  profileId: id,
  channel: z.literal('sms'),
  address: e164,
  userId: z.string().min(1).nullable(),
  requesterUserId: z.string().min(1),
  /** P1/P3/P4 for a first inbound message; A4 when an agent replaced the number's profile. */
  rule: z.enum(['P1', 'P3', 'P4', 'A4']),
  /** The audit entry of an agent's change; null when an inbound message created it. */
  auditId: id.nullable(),
});

export const profileReassociated = z.object({
  profileId: id,
  channel: z.literal('sms'),
  address: e164,
  fromUserId: z.string().min(1).nullable(),
  toUserId: z.string().min(1).nullable(),
  /** The requester interactions of this profile show from now on: toUserId, else the guest. */
  requesterUserId: z.string().min(1),
  auditId: id,
  actor: profileActor,
  reason: z.string(),
  /** Set when this change undoes an earlier one (the audit entry it undoes). */
  undoesAuditId: id.nullable(),
  occurredAt: isoTime,
});

export const profileDeactivated = z.object({
  profileId: id,
  channel: z.literal('sms'),
  address: e164,
  userId: z.string().min(1).nullable(),
  auditId: id,
  actor: profileActor,
  reason: z.string(),
  /** The profile that took over the address (A4), if any. */
  replacedByProfileId: id.nullable(),
  occurredAt: isoTime,
});
