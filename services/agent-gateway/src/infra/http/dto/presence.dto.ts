import { ApiProperty } from '@nestjs/swagger';
import { schemas } from '@threadline/contracts';
import { z } from 'zod';
import type { Heartbeat } from '../../../app/report-presence.use-case';
import type { Presence, PresenceAnswer } from '../../../app/set-presence.use-case';

/**
 * SPEC W3: a presence is a name, not a fixed list. `available`, `away` and `offline` are built in;
 * admins add states of their own (PUT /admin/presence-states/{name}), so the pattern is documented
 * and routing says whether the name exists.
 */
export const PRESENCE_NAME_PATTERN = z.toJSONSchema(schemas.presenceName).pattern;

export const PRESENCE_NAME_PROPERTY = {
  type: String,
  pattern: PRESENCE_NAME_PATTERN,
  example: 'available',
} as const;

const PRESENCE_NAME_DESCRIPTION =
  'A presence state: the built-in `available`, `away` or `offline`, or one an admin added (GET /admin/presence-states lists them)';

export class PresenceRequestDto {
  @ApiProperty({ ...PRESENCE_NAME_PROPERTY, description: PRESENCE_NAME_DESCRIPTION })
  presence!: Presence;
}

export class PresenceResponseDto implements PresenceAnswer {
  @ApiProperty()
  agentId!: string;

  @ApiProperty({ ...PRESENCE_NAME_PROPERTY, description: PRESENCE_NAME_DESCRIPTION })
  presence!: Presence;

  @ApiProperty({ description: 'Work the agent can hold on SMS (SPEC W1)' })
  capacity!: number;

  @ApiProperty({ description: 'Sum of the sizes of the work items offered to or held by the agent' })
  load!: number;
}

export class HeartbeatDto implements Heartbeat {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'How many of the agents named routing recorded as present',
  })
  seen!: number;
}
