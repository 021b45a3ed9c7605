import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// OpenAPI description of Telnyx's messaging webhook (Messaging API v2). It documents the wire
// format only, the parts the gateway reads: src/domain/telnyx-webhook.ts reads and checks it.

class TelnyxPhoneDoc {
  @ApiProperty({ example: '+15551230001' })
  phone_number!: string;

  @ApiPropertyOptional({
    description:
      'On delivery events: queued, sending, sent, delivered, delivery_failed, sending_failed or delivery_unconfirmed',
    example: 'delivered',
  })
  status?: string;
}

class TelnyxMediaDoc {
  @ApiProperty({ example: 'https://media.telnyx.com/example.jpg' })
  url!: string;

  @ApiPropertyOptional({ example: 'image/jpeg' })
  content_type?: string;
}

class TelnyxErrorDoc {
  @ApiProperty({
    description: "Telnyx's error code, kept with undelivered and failed messages",
    example: '40300',
  })
  code!: string;

  @ApiPropertyOptional()
  title?: string;
}

class TelnyxMessageDoc {
  @ApiProperty({ description: "Telnyx's id of the message", example: 'b0c7e8cb-6227-4c74-9f32-c7f80c30934b' })
  id!: string;

  @ApiPropertyOptional({ type: TelnyxPhoneDoc, description: 'The requester (message.received)' })
  from?: TelnyxPhoneDoc;

  @ApiProperty({
    type: [TelnyxPhoneDoc],
    description: 'The company number (received), or the requester with the status (sent, finalized)',
  })
  to!: TelnyxPhoneDoc[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'My order has not arrived' })
  text?: string | null;

  @ApiPropertyOptional({ type: [TelnyxMediaDoc] })
  media?: TelnyxMediaDoc[];

  @ApiPropertyOptional({ type: [TelnyxErrorDoc] })
  errors?: TelnyxErrorDoc[];
}

class TelnyxEventDataDoc {
  @ApiProperty({
    description: 'message.received, message.sent or message.finalized; others are acknowledged and ignored',
    example: 'message.received',
  })
  event_type!: string;

  @ApiProperty({ type: TelnyxMessageDoc })
  payload!: TelnyxMessageDoc;
}

export class TelnyxEventDoc {
  @ApiProperty({ type: TelnyxEventDataDoc })
  data!: TelnyxEventDataDoc;
}

export class TelnyxEventAnswerDoc {
  @ApiProperty({
    enum: ['accepted', 'duplicate', 'moved', 'unchanged', 'ignored'],
    description:
      'accepted / duplicate: an inbound message stored now / before; moved / unchanged: a delivery event ' +
      'recorded that moved the status or not (also when recorded before); ignored: an event type the gateway does not use',
  })
  outcome!: string;
}
