import { AppError } from '@threadline/platform';
import type { WebhookRejection } from '../../domain/webhook-form';

/** A webhook the gateway refused to read, as the platform's 400 error. */
export function rejectionError(rejection: WebhookRejection): AppError {
  return new AppError(rejection.code, 400, rejection.message, rejection.details);
}
