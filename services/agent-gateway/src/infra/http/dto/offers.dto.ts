import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AcceptedOffer } from '../../../app/accept-offer.use-case';
import type { InboxOffer } from '../../../domain/views';

export class InboxOfferDto implements InboxOffer {
  @ApiProperty({ format: 'uuid' })
  workItemId!: string;

  @ApiProperty({ format: 'uuid' })
  interactionId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '+15551230001',
    description: 'Null until the conversation is known',
  })
  requesterAddress!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+15550100001' })
  companyAddress!: string | null;

  @ApiProperty({ type: String, nullable: true })
  requesterUserId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The first requester message' })
  firstMessage!: string | null;

  @ApiProperty({ format: 'date-time' })
  offeredAt!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ description: 'How long the requester has waited, in ms, since the conversation opened' })
  waitingSinceMs!: number;

  @ApiProperty({
    description: 'SPEC W6: how long the offer still stands, in ms; then it goes back to the queue',
  })
  expiresInMs!: number;
}

export class InboxOffersDto {
  @ApiProperty({ type: [InboxOfferDto], description: 'Oldest offer first' })
  items!: InboxOfferDto[];
}

export class AcceptedOfferDto implements AcceptedOffer {
  @ApiProperty({ format: 'uuid' })
  workItemId!: string;

  @ApiProperty({ format: 'uuid' })
  interactionId!: string;

  @ApiProperty()
  agentId!: string;
}

export class RejectOfferRequestDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Why, if the agent says' })
  reason?: string;
}

export class RejectedOfferDto {
  @ApiProperty({ format: 'uuid' })
  workItemId!: string;

  @ApiProperty({ format: 'uuid' })
  interactionId!: string;
}
