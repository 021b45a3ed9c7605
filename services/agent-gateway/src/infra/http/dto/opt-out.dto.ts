import { ApiProperty } from '@nestjs/swagger';
import { schemas } from '@threadline/contracts';
import type { RequesterOptOutView } from '../../../infra/database/opt-out-view.repository';

/** SPEC S2: since when and how a requester number opted out of a company number. */
export class RequesterOptOutDto implements RequesterOptOutView {
  @ApiProperty({ format: 'date-time' })
  since!: string;

  @ApiProperty({
    enum: schemas.optOutSource.options,
    description: 'keyword: the requester texted it; provider: the provider refused a send (Twilio 21610)',
  })
  source!: RequesterOptOutView['source'];

  @ApiProperty({ type: String, nullable: true, example: 'STOP', description: 'The keyword texted' })
  keyword!: string | null;
}
