import { z } from 'zod';
import { e164, id, isoTime } from './common';
import { identityConflictReason, profileActor, resolutionRule } from './profile';

/** Questions and request/reply commands the profile service answers. */

const userId = z.string().min(1);
const reason = z.string().trim().min(1).max(500);

export const directoryUser = z.object({
  userId,
  externalId: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  mobile: e164.nullable(),
  otherPhones: z.array(e164),
  active: z.boolean(),
});

export const messagingProfile = z.object({
  profileId: id,
  channel: z.literal('sms'),
  address: e164,
  active: z.boolean(),
  userId: userId.nullable(),
  /** The user the profile points to, as the directory has them now (null for a guest profile). */
  user: directoryUser.nullable(),
  /** The requester its interactions show: the user when active, else the guest user. */
  requesterUserId: userId,
  /** Set once an agent chose the association (P5); the directory no longer raises P4 on it. */
  verifiedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const getProfileRequest = z.object({ profileId: id });
export const getProfileResponse = messagingProfile;

/** What an inbound SMS from `address` would resolve to now, read-only (the new-SMS dialog, A4). */
export const lookupRequesterRequest = z.object({ address: z.string().min(1).max(64) });
export const lookupRequesterResponse = z.object({
  address: e164,
  profile: messagingProfile.nullable(),
  directoryUsers: z.array(directoryUser),
  requesterUserId: userId,
  identityConflict: z.boolean(),
  identityConflictReason: identityConflictReason.nullable(),
  rule: resolutionRule,
});

export const auditEntry = z.object({
  auditId: id,
  profileId: id,
  action: z.enum(['reassociated', 'deactivated', 'created']),
  fromUserId: userId.nullable(),
  toUserId: userId.nullable(),
  actor: profileActor,
  reason: z.string(),
  /** The entry this one undid, if it is an undo. */
  undoesAuditId: id.nullable(),
  /** The entry that undid this one, if any. */
  undoneByAuditId: id.nullable(),
  occurredAt: isoTime,
});

export const reassociateProfileRequest = z.object({
  profileId: id,
  /** The directory user the profile should point to; null makes it a guest profile. */
  userId: userId.nullable(),
  actor: profileActor,
  reason,
});
export const profileChangeResponse = z.object({
  profile: messagingProfile,
  /** The audit entry of the change; null when nothing changed (the profile already said so). */
  audit: auditEntry.nullable(),
});

export const undoProfileChangeRequest = z.object({
  profileId: id,
  auditId: id,
  actor: profileActor,
  reason,
});

export const profileHistoryRequest = z.object({ profileId: id });
export const profileHistoryResponse = z.object({ entries: z.array(auditEntry) });

/** SPEC A4: the number's profile is deactivated and a new one made for the intended user. */
export const replaceProfileRequest = z.object({
  address: z.string().min(1).max(64),
  userId,
  actor: profileActor,
  reason,
});
export const replaceProfileResponse = z.object({
  profile: messagingProfile,
  deactivatedProfileId: id.nullable(),
  audit: auditEntry,
});

export const searchDirectoryRequest = z.object({
  /** A name or email prefix (case-insensitive), an exact external id or user id, or a phone number. */
  query: z.string().trim().min(1).max(200),
  limit: z.number().int().min(1).max(100).default(20),
});
export const searchDirectoryResponse = z.object({ users: z.array(directoryUser) });

export const importFormat = z.enum(['csv', 'json']);
export const importState = z.enum(['running', 'completed', 'stalled']);

export const importRejection = z.object({
  /** 1-based: the data row of a CSV (the header is not counted) or the array index + 1 in JSON. */
  rowNumber: z.number().int().positive(),
  field: z.string(),
  reason: z.string(),
});

export const importStatus = z.object({
  importId: id,
  format: importFormat,
  fileName: z.string().nullable(),
  requestedBy: userId,
  state: importState,
  totalRows: z.number().int().nonnegative(),
  processedRows: z.number().int().nonnegative(),
  acceptedRows: z.number().int().nonnegative(),
  rejectedRows: z.number().int().nonnegative(),
  createdAt: isoTime,
  updatedAt: isoTime,
  finishedAt: isoTime.nullable(),
});

export const beginImportRequest = z.object({
  importId: id,
  format: importFormat,
  fileName: z.string().max(255).nullable(),
  requestedBy: userId,
  totalRows: z.number().int().nonnegative(),
});
export const beginImportResponse = importStatus;

/** One row as the file gave it: field values as text (CSV) or as JSON values. */
export const importRow = z.object({
  rowNumber: z.number().int().positive(),
  fields: z.record(z.string(), z.unknown()),
});

export const importChunkRequest = z.object({
  importId: id,
  /** Chunks are numbered from 0; sending a chunk again has no second effect. */
  chunkIndex: z.number().int().nonnegative(),
  rows: z.array(importRow).max(2000),
  /** Rows the caller could not even read (broken CSV quoting, a JSON element that is not an object). */
  unreadable: z.array(importRejection).max(2000).default([]),
});
export const importChunkResponse = z.object({
  status: importStatus,
  rejections: z.array(importRejection),
});

export const finishImportRequest = z.object({ importId: id });
export const finishImportResponse = importStatus;

export const importStatusRequest = z.object({
  importId: id,
  /** Rejections are listed in row order, a page at a time. */
  rejectionsAfterRow: z.number().int().nonnegative().default(0),
  rejectionsLimit: z.number().int().min(1).max(1000).default(100),
});
export const importStatusResponse = z.object({
  status: importStatus,
  rejections: z.array(importRejection),
  /** Pass as rejectionsAfterRow for the next page; null when there is none. */
  nextRejectionsAfterRow: z.number().int().positive().nullable(),
});
