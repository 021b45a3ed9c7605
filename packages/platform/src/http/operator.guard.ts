import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { PlatformConfig } from '../config/config';
import { AppError, ErrorCodes } from '../errors/app-error';
import { CONFIG } from '../service/tokens';

function sameSecret(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Lets through requests bearing OPERATOR_TOKEN. While no token is configured the operations
 * endpoints are off altogether, so a forgotten setting never leaves them open.
 */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(@Inject(CONFIG) private readonly config: PlatformConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.OPERATOR_TOKEN;
    if (!expected) {
      throw new AppError(
        'OPERATIONS_DISABLED',
        403,
        'operations endpoints are disabled: OPERATOR_TOKEN is not set',
      );
    }
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    if (!token || !sameSecret(token, expected)) {
      throw new AppError(ErrorCodes.UNAUTHENTICATED, 401, 'a valid operator bearer token is required');
    }
    return true;
  }
}
