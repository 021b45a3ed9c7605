import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// OpenAPI descriptions of Twilio's webhook forms. They document the wire format only: the
// forms are read and checked by src/domain, since Twilio's field names are not ours to rename.

export class InboundSmsForm {
  @ApiProperty({ description: "Twilio's id of the message", example: 'SM0123456789abcdef0123456789abcdef' })
  MessageSid!: string;

  @ApiProperty({ description: 'Must be our Twilio account', example: 'AC00000000000000000000000000000001' })
  AccountSid!: string;

  @ApiProperty({ description: 'The requester; normalised to E.164', example: '+15551230001' })
  From!: string;

  @ApiProperty({ description: 'An active company number; normalised to E.164', example: '+15550100001' })
  To!: string;

  @ApiProperty({
    description: 'The text; may be empty (MMS). At most SMS_MAX_BODY_BYTES bytes of UTF-8',
    example: 'My order has not arrived',
  })
  Body!: string;

  @ApiPropertyOptional({ description: 'How many media items follow (0 to 10)', example: '0' })
  NumMedia?: string;

  @ApiPropertyOptional({
    description: 'URL of media item 0; likewise MediaUrl1 ... MediaUrl9',
    example: 'https://api.twilio.com/2010-04-01/Accounts/AC.../Messages/MM.../Media/ME...',
  })
  MediaUrl0?: string;

  @ApiPropertyOptional({
    description: 'Content type of media item 0; likewise MediaContentType1 ...',
    example: 'image/jpeg',
  })
  MediaContentType0?: string;
}

export class StatusCallbackForm {
  @ApiProperty({
    description: "Twilio's id of the message we sent",
    example: 'SM0123456789abcdef0123456789abcdef',
  })
  MessageSid!: string;

  @ApiProperty({
    description:
      'accepted, queued, sending, sent, delivered, read, undelivered or failed; others are recorded only',
    example: 'delivered',
  })
  MessageStatus!: string;

  @ApiPropertyOptional({ description: "Twilio's error code, for undelivered and failed", example: '30003' })
  ErrorCode?: string;

  @ApiPropertyOptional({ description: 'When present, must be our Twilio account' })
  AccountSid?: string;
}
