import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AppError, ErrorCodes } from '../errors/app-error';
import { ApiAuth, ApiErrors } from './openapi';
import { OperatorGuard } from './operator.guard';

/**
 * An operations controller (`/ops/...`): behind OPERATOR_TOKEN, under the OpenAPI tag
 * `operations`, with the guard's two refusals documented. Every service's operations
 * endpoints are declared the same way.
 */
export function OperationsController(): ClassDecorator {
  return applyDecorators(
    ApiTags('operations'),
    ApiAuth('operator'),
    ApiErrors(
      { status: 401, codes: [ErrorCodes.UNAUTHENTICATED], description: 'Missing or wrong operator token' },
      { status: 403, codes: ['OPERATIONS_DISABLED'], description: 'OPERATOR_TOKEN is not configured' },
    ),
    UseGuards(OperatorGuard),
  );
}

/** A page size from a query string: `fallback` when absent, else a whole number from 1 to `max`. */
export function pageLimit(raw: unknown, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= max)) {
    throw new AppError(ErrorCodes.VALIDATION_FAILED, 400, `limit must be a whole number from 1 to ${max}`, {
      fields: ['limit'],
    });
  }
  return value;
}
