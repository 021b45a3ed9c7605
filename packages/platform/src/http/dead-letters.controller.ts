import { Controller, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AppError, ErrorCodes } from '../errors/app-error';
import type { DeadLetter } from '../messaging/dead-letters';
import type { ServiceRuntime } from '../service/runtime';
import { RUNTIME } from '../service/tokens';
import { ApiErrors } from './openapi';
import { OperatorGuard } from './operator.guard';

function positiveInt(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new AppError(ErrorCodes.VALIDATION_FAILED, 400, `limit must be a whole number from 1 to ${max}`);
  }
  return value;
}

@ApiTags('operations')
@ApiBearerAuth()
@ApiErrors(
  { status: 401, codes: [ErrorCodes.UNAUTHENTICATED], description: 'Missing or wrong operator token' },
  { status: 403, codes: ['OPERATIONS_DISABLED'], description: 'OPERATOR_TOKEN is not configured' },
)
@UseGuards(OperatorGuard)
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
    const items = await this.runtime.deadLetters.list({ consumer, limit: positiveInt(limit, 100, 1_000) });
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
