import { ApiProperty } from '@nestjs/swagger';
import { schemas } from '@threadline/contracts';
import type { z } from 'zod';
import { AGENT_ROLES, type AgentRole } from '../../../domain/agent';

type DirectoryUser = z.infer<typeof schemas.directoryUser>;
type MessagingProfile = z.infer<typeof schemas.messagingProfile>;
type RequesterLookup = z.infer<typeof schemas.lookupRequesterResponse>;
type AuditEntry = z.infer<typeof schemas.auditEntry>;
type ProfileActor = z.infer<typeof schemas.profileActor>;

export class DirectoryUserDto implements DirectoryUser {
  @ApiProperty({ description: 'The id other services refer to the user by' })
  userId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The id in the source directory (imports upsert by it)',
  })
  externalId!: string | null;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+15551230001' })
  mobile!: string | null;

  @ApiProperty({ type: [String], example: ['+15551230009'] })
  otherPhones!: string[];

  @ApiProperty()
  active!: boolean;
}

export class MessagingProfileDto implements MessagingProfile {
  @ApiProperty({ format: 'uuid' })
  profileId!: string;

  @ApiProperty({ enum: ['sms'] })
  channel!: 'sms';

  @ApiProperty({ example: '+15551230001', description: 'E.164' })
  address!: string;

  @ApiProperty({ description: 'At most one active profile per address' })
  active!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Null: a guest profile' })
  userId!: string | null;

  @ApiProperty({ type: () => DirectoryUserDto, nullable: true })
  user!: DirectoryUserDto | null;

  @ApiProperty({
    description: 'The requester its interactions show: the user when active, else the guest user',
  })
  requesterUserId!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set once an agent chose the association (SPEC P5); the directory no longer raises P4 on it',
  })
  verifiedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class RequesterLookupDto implements RequesterLookup {
  @ApiProperty({ example: '+15551230001', description: 'The number, normalised to E.164' })
  address!: string;

  @ApiProperty({
    type: () => MessagingProfileDto,
    nullable: true,
    description: 'The active profile of the number',
  })
  profile!: MessagingProfileDto | null;

  @ApiProperty({ type: [DirectoryUserDto], description: 'Active directory users with this number' })
  directoryUsers!: DirectoryUserDto[];

  @ApiProperty({ description: 'Who an SMS from the number would be attributed to now' })
  requesterUserId!: string;

  @ApiProperty({ description: 'SPEC P4: the directory and the profile disagree' })
  identityConflict!: boolean;

  @ApiProperty({ enum: schemas.identityConflictReason.options, nullable: true })
  identityConflictReason!: RequesterLookup['identityConflictReason'];

  @ApiProperty({ enum: schemas.resolutionRule.options, description: 'The SPEC row that decides it' })
  rule!: RequesterLookup['rule'];
}

export class ProfileActorDto implements ProfileActor {
  @ApiProperty({ enum: ['agent', 'system'] })
  kind!: ProfileActor['kind'];

  @ApiProperty({ type: String, nullable: true, description: 'The agent id' })
  id!: string | null;

  @ApiProperty({ enum: AGENT_ROLES, nullable: true, description: 'The role that allowed the change' })
  role!: AgentRole | null;
}

export class AuditEntryDto implements AuditEntry {
  @ApiProperty({ format: 'uuid' })
  auditId!: string;

  @ApiProperty({ format: 'uuid' })
  profileId!: string;

  @ApiProperty({ enum: schemas.auditEntry.shape.action.options })
  action!: AuditEntry['action'];

  @ApiProperty({ type: String, nullable: true, description: 'Null: the guest' })
  fromUserId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Null: the guest' })
  toUserId!: string | null;

  @ApiProperty({ type: () => ProfileActorDto })
  actor!: ProfileActorDto;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The entry this one undid' })
  undoesAuditId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The entry that undid this one' })
  undoneByAuditId!: string | null;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
}

export class ProfileChangeDto {
  @ApiProperty({ type: () => MessagingProfileDto })
  profile!: MessagingProfileDto;

  @ApiProperty({
    type: () => AuditEntryDto,
    nullable: true,
    description: 'Null when nothing changed (the profile already said so)',
  })
  audit!: AuditEntryDto | null;
}

export class ProfileHistoryDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first' })
  entries!: AuditEntryDto[];
}

export class ProfileUserRequestDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The directory user the profile should point to; null makes it a guest profile (required)',
  })
  userId!: string | null;

  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Kept in the audit trail' })
  reason!: string;
}

export class UndoProfileChangeRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Kept in the audit trail' })
  reason!: string;
}

export class DirectoryUsersDto {
  @ApiProperty({ type: [DirectoryUserDto] })
  users!: DirectoryUserDto[];
}
