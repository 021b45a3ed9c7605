import { ApiProperty } from '@nestjs/swagger';
import type {
  HistoryEntry,
  SearchHit,
  SearchMatch,
  SnippetPart,
  SupervisedConversation,
} from '../../../domain/supervision-views';
import { ConversationOverviewDto, TranscriptMessageDto } from './interactions.dto';

const NEXT_CURSOR = 'Pass as cursor for the next page; null on the last';

export class SupervisedConversationDto extends ConversationOverviewDto implements SupervisedConversation {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'How long it has waited, in ms: ongoing work since the first unanswered requester message (null when answered), queued work since it entered routing',
  })
  waitingMs!: number | null;
}

export class SupervisedPageDto {
  @ApiProperty({ type: [SupervisedConversationDto], description: 'Waiting longest first' })
  items!: SupervisedConversationDto[];

  @ApiProperty({ type: String, nullable: true, description: NEXT_CURSOR })
  nextCursor!: string | null;
}

export class SnippetPartDto implements SnippetPart {
  @ApiProperty()
  text!: string;

  @ApiProperty({ description: 'A searched word: show it highlighted' })
  match!: boolean;
}

export class SearchMatchDto implements SearchMatch {
  @ApiProperty({ format: 'uuid', description: 'The first message, in transcript order, with the words' })
  messageId!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({
    type: [SnippetPartDto],
    description: 'Its text around the words, in parts (plain text, never markup)',
  })
  snippet!: SnippetPartDto[];
}

export class SearchHitDto extends ConversationOverviewDto implements SearchHit {
  @ApiProperty({ type: () => SearchMatchDto, nullable: true, description: 'Only when q was given' })
  match!: SearchMatchDto | null;
}

export class SearchPageDto {
  @ApiProperty({ type: [SearchHitDto], description: 'Newest first (by when the conversation was opened)' })
  items!: SearchHitDto[];

  @ApiProperty({ type: String, nullable: true, description: NEXT_CURSOR })
  nextCursor!: string | null;
}

export class HistoryEntryDto extends ConversationOverviewDto implements HistoryEntry {
  @ApiProperty({ type: [TranscriptMessageDto], description: 'Its transcript, in order' })
  messages!: TranscriptMessageDto[];
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEntryDto], description: 'Newest first' })
  items!: HistoryEntryDto[];

  @ApiProperty({ type: String, nullable: true, description: NEXT_CURSOR })
  nextCursor!: string | null;
}
