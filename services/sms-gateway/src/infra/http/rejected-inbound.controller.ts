import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import {
  AppError,
  ApiErrors,
  DATA_SOURCE,
  ErrorCodes,
  OperationsController,
  pageLimit,
} from '@threadline/platform';
import type { DataSource } from 'typeorm';
import {
  type RejectedInboundMessage,
  RejectedInboundMessageRepository,
} from '../persistence/rejected-inbound-message.repository';
import { RejectedInboundPageDoc } from './rejected-inbound.doc';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

export interface RejectedInboundPage {
  items: RejectedInboundMessage[];
  nextCursor: string | null;
}

/** Inbound messages the webhook refused for their content (see KeepRejectedInboundSmsUseCase). */
@OperationsController()
@Controller('ops/inbound/rejected')
export class RejectedInboundController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({
    summary: 'Inbound messages refused for their content, newest first',
    description:
      'Each was answered with the 400 and code it shows, was not announced, and is kept once ' +
      'however often the provider delivered it. Page with the nextCursor of the previous answer.',
  })
  @ApiQuery({ name: 'limit', required: false, description: `1 to ${MAX_LIMIT}, default ${DEFAULT_LIMIT}` })
  @ApiQuery({ name: 'cursor', required: false, description: 'The nextCursor of the previous page' })
  @ApiOkResponse({ type: RejectedInboundPageDoc })
  @ApiErrors({
    status: 400,
    codes: [ErrorCodes.VALIDATION_FAILED],
    description: 'limit out of range, or a cursor this endpoint did not give',
  })
  async list(
    @Query('limit') limit?: unknown,
    @Query('cursor') cursor?: unknown,
  ): Promise<RejectedInboundPage> {
    const pageSize = pageLimit(limit, DEFAULT_LIMIT, MAX_LIMIT);
    // One more than asked says whether another page follows.
    const rows = await new RejectedInboundMessageRepository(this.dataSource.manager).newestFirst(
      pageSize + 1,
      parseCursor(cursor),
    );
    const items = rows.slice(0, pageSize);
    return { items, nextCursor: rows.length > pageSize ? items[items.length - 1]!.id : null };
  }
}

/** A cursor is the id of the last message of a page: a positive bigint. */
function parseCursor(raw: unknown): string | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,17}$/.test(raw)) {
    throw new AppError(
      ErrorCodes.VALIDATION_FAILED,
      400,
      'cursor must be the nextCursor of a previous page',
      {
        fields: ['cursor'],
      },
    );
  }
  return raw;
}
