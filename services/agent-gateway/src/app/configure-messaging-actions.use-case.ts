import { Inject, Injectable } from '@nestjs/common';
import { queries, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { askOwner } from './ask-owner';

export type MessagingActionList = ResponseOf<typeof queries.listMessagingActions>;
export type MessagingAction = ResponseOf<typeof queries.createMessagingAction>;
export type CreateMessagingAction = RequestOf<typeof queries.createMessagingAction>;
export type UpdateMessagingAction = RequestOf<typeof queries.updateMessagingAction>;
export type DeletedMessagingAction = ResponseOf<typeof queries.deleteMessagingAction>;

/**
 * SPEC M1–M7: an admin's messaging actions. The timer service owns them and validates every
 * field, the filter included, so its refusals (400 MESSAGING_ACTION_INVALID with each error's
 * path, 404, 409) reach the admin as it gives them. Who may ask is checked before (RoleGuard).
 */
@Injectable()
export class ConfigureMessagingActionsUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  list(): Promise<MessagingActionList> {
    return askOwner(this.runtime, queries.listMessagingActions, {});
  }

  /** Idempotent by the caller's id: creating again with the same id answers the action it made. */
  create(request: CreateMessagingAction): Promise<MessagingAction> {
    return askOwner(this.runtime, queries.createMessagingAction, request);
  }

  update(request: UpdateMessagingAction): Promise<MessagingAction> {
    return askOwner(this.runtime, queries.updateMessagingAction, request);
  }

  /** The timer service disarms the action's armed timers with it. */
  delete(id: string): Promise<DeletedMessagingAction> {
    return askOwner(this.runtime, queries.deleteMessagingAction, { id });
  }
}
