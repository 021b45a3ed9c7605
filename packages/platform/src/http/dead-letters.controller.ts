import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { AppError, ErrorCodes } from '../errors/app-error';
import type { DeadLetter } from '../messaging/dead-letters';
import type { ServiceRuntime } from '../service/runtime';
import { RUNTIME } from '../service/tokens';
import { ApiErrors } from './openapi';
import { OperationsController, pageLimit } from './operations';

@OperationsController()
@Controller('ops/dead-letters')
export class DeadLettersController {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get()
  @ApiOperation({ summary: 'Messages this service’s consumers gave up on, oldest first' })
  @ApiQuery({ name: 'consumer', required: false, description: 'Only this durable consumer' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  @ApiOkResponse({ description: 'The dead letters, with reason, payload and delivery count' })
  @ApiErrors({ status: 400, codes: [ErrorCodes.VALIDATION_FAILED], description: 'limit out of range' })
  async list(
    @Query('consumer') consumer?: string,
    @Query('limit') limit?: string,
  ): Promise<{ items: DeadLetter[] }> {
    const items = await this.runtime.deadLetters.list({ consumer, limit: pageLimit(limit, 100, 1_000) });
    return { items };
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Publish a dead letter again on its subject',
    description:
      'Consumers that already handled the event ignore it (inbox); the one that failed gets another go. A letter is replayed once.',
  })
  @ApiOkResponse({ description: 'Queued for publishing through the outbox' })
  @ApiErrors(
    { status: 404, codes: ['DEAD_LETTER_NOT_FOUND'] },
    { status: 409, codes: ['DEAD_LETTER_ALREADY_REPLAYED', 'DEAD_LETTER_NOT_REPLAYABLE'] },
  )
  async replay(@Param('id') id: string): Promise<{ id: string; replayedAs: string }> {
    if (!/^[1-9][0-9]{0,17}$/.test(id))
      throw new AppError('DEAD_LETTER_NOT_FOUND', 404, `no dead letter ${id}`);
    const replayedAs = await this.runtime.deadLetters.replay(id);
    return { id, replayedAs };
  }
}
