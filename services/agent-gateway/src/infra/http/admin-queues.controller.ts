import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ApiErrors } from '@threadline/platform';
import { ConfigureQueuesUseCase } from '../../app/configure-queues.use-case';
import { AgentErrorCodes as Codes } from '../../app/error-codes';
import { bodyErrors } from './api-errors';
import {
  CreateQueueRequestDto,
  OrderQueuesRequestDto,
  QueueDto,
  QueueListDto,
  UpdateQueueRequestDto,
} from './dto/routing-admin.dto';
import { RoutingAdminApi, routingUnavailable } from './routing-admin-api';
import { createQueueBody, orderQueuesBody, updateQueueBody } from './routing-requests';
import { parseId, parseWith } from './validation';

const queueInvalid = (shape: string) =>
  bodyErrors(
    `${shape}; QUEUE_INVALID: the condition or schedule is wrong, \`details\` lists every error as { path, code, message }; PRESENCE_UNKNOWN: no presence state named offerTimeoutPresence`,
    [Codes.QUEUE_INVALID, Codes.PRESENCE_UNKNOWN],
  );

/** SPEC W2, W5, W7: the queues, their conditions, schedules, assignment rules and members. */
@RoutingAdminApi()
@Controller('admin/queues')
export class AdminQueuesController {
  constructor(private readonly queues: ConfigureQueuesUseCase) {}

  @Get()
  @ApiOperation({ summary: 'Every queue, in routing order (admins)' })
  @ApiOkResponse({ type: QueueListDto })
  @ApiErrors(routingUnavailable)
  list(): Promise<QueueListDto> {
    return this.queues.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create a queue (admins; SPEC W2, W5, W7)',
    description:
      'Idempotent by `id`, which the client chooses: creating again with the same id answers the queue already made. ' +
      'Routing validates the condition and the schedule and answers every error at once, each with its path. See docs/routing.md.',
  })
  @ApiBody({ type: CreateQueueRequestDto })
  @ApiCreatedResponse({ type: QueueDto })
  @ApiErrors(
    queueInvalid('A setting missing or out of range, id not a uuid, or an unknown setting'),
    { status: 409, codes: [Codes.QUEUE_NAME_TAKEN], description: 'Another queue has this name' },
    routingUnavailable,
  )
  create(@Body() body: unknown): Promise<QueueDto> {
    return this.queues.create(parseWith(createQueueBody, body, 'the queue'));
  }

  // PUT /admin/queues/order and PATCH /admin/queues/{queueId} differ by method, so "order" is
  // never read as an id.
  @Put('order')
  @ApiOperation({
    summary: 'Put the queues in a new routing order (admins; SPEC W2)',
    description:
      'The first active queue whose condition matches a waiting item takes it. Answers the queues in their new order.',
  })
  @ApiBody({ type: OrderQueuesRequestDto })
  @ApiOkResponse({ type: QueueListDto })
  @ApiErrors(
    bodyErrors('No queueIds, or one that is not a uuid; QUEUE_ORDER_MISMATCH: not every queue, each once', [
      Codes.QUEUE_ORDER_MISMATCH,
    ]),
    { status: 409, codes: [Codes.FALLBACK_QUEUE_FIXED], description: 'The order moves the fallback queue' },
    routingUnavailable,
  )
  order(@Body() body: unknown): Promise<QueueListDto> {
    return this.queues.order(parseWith(orderQueuesBody, body, 'the order'));
  }

  @Patch(':queueId')
  @ApiOperation({
    summary: 'Change a queue (admins; SPEC W2, W5, W7)',
    description:
      'Only the settings given change; `active: false` deactivates the queue, `members` replaces its members. ' +
      'The condition and the schedule are validated as on creation. See docs/routing.md.',
  })
  @ApiParam({ name: 'queueId', format: 'uuid' })
  @ApiBody({ type: UpdateQueueRequestDto })
  @ApiOkResponse({ type: QueueDto })
  @ApiErrors(
    queueInvalid('queueId not a uuid, a setting out of range, or an unknown setting'),
    { status: 404, codes: [Codes.QUEUE_NOT_FOUND] },
    {
      status: 409,
      codes: [Codes.QUEUE_NAME_TAKEN, Codes.FALLBACK_QUEUE_FIXED],
      description:
        'Another queue has this name, or the change would keep the fallback queue from catching every unmatched item',
    },
    routingUnavailable,
  )
  update(@Param('queueId') queueId: string, @Body() body: unknown): Promise<QueueDto> {
    const id = parseId(queueId, 'queueId');
    return this.queues.update({ ...parseWith(updateQueueBody, body, 'the change'), id });
  }
}
