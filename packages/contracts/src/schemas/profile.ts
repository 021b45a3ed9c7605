import { z } from 'zod';
import { e164, id } from './common';
import { smsInboundReceived } from './sms';

export const profileResolved = z.object({
  profileId: id,
  address: e164,
  /** The directory user the profile points to, or null for a guest profile. */
  userId: z.string().min(1).nullable(),
  /** The user shown as requester: the profile's user, else the guest user. */
  requesterUserId: z.string().min(1),
  identityConflict: z.boolean().describe('SPEC P4: the directory and the profile disagree'),
  /** The inbound message this resolution is for, carried whole so the next step needs nothing else. */
  message: smsInboundReceived,
});
