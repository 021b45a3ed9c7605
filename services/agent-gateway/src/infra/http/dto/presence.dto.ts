import { ApiProperty } from '@nestjs/swagger';
import { schemas } from '@threadline/contracts';
import type { Presence, PresenceAnswer } from '../../../app/set-presence.use-case';

export class PresenceRequestDto {
  @ApiProperty({ enum: schemas.agentPresence.options })
  presence!: Presence;
}

export class PresenceResponseDto implements PresenceAnswer {
  @ApiProperty()
  agentId!: string;

  @ApiProperty({ enum: schemas.agentPresence.options })
  presence!: Presence;

  @ApiProperty({ description: 'Work the agent can hold on SMS (SPEC W1)' })
  capacity!: number;

  @ApiProperty({ description: 'Sum of the sizes of the work items offered to or held by the agent' })
  load!: number;
}
