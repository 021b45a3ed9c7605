import { ApiProperty } from '@nestjs/swagger';
import { KEPT_REJECTION_CODES } from '../../domain/inbound-rejection';

// OpenAPI descriptions of GET /ops/inbound/rejected; the shapes themselves are the domain's.

class RejectedMediaDoc {
  @ApiProperty({ type: String, nullable: true, description: 'MediaUrlN as sent' })
  url!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'MediaContentTypeN as sent' })
  contentType!: string | null;
}

export class RejectedInboundMessageDoc {
  @ApiProperty({ description: 'Grows with each message kept', example: '42' })
  id!: string;

  @ApiProperty({ example: 'twilio' })
  provider!: string;

  @ApiProperty({ description: "The provider's id of the message (MessageSid)" })
  providerMessageId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'From as sent, not normalised; null when absent',
    example: 'not-a-number',
  })
  from!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'To as sent; null when absent',
    example: '+15550100001',
  })
  to!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'At most SMS_MAX_BODY_BYTES bytes of UTF-8; null when absent',
  })
  body!: string | null;

  @ApiProperty({ description: 'The body was longer and is cut to the limit' })
  bodyTruncated!: boolean;

  @ApiProperty({ type: [RejectedMediaDoc] })
  media!: RejectedMediaDoc[];

  @ApiProperty({ enum: KEPT_REJECTION_CODES, description: 'The code the webhook was answered with' })
  code!: string;

  @ApiProperty({
    description: 'What was wrong, for people',
    example: 'From is not a phone number, even read as a national number of US',
  })
  reason!: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;
}

export class RejectedInboundPageDoc {
  @ApiProperty({ type: [RejectedInboundMessageDoc], description: 'Newest first' })
  items!: RejectedInboundMessageDoc[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor for the next (older) page; null on the last page',
  })
  nextCursor!: string | null;
}
