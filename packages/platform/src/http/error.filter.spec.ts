import { NotFoundException } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { toErrorResponse } from './error.filter';

describe('toErrorResponse', () => {
  it('keeps the code, status and details of an AppError', () => {
    const error = new AppError('PHONE_NUMBER_INVALID', 400, 'From is not a phone number', { field: 'From' });
    expect(toErrorResponse(error)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'PHONE_NUMBER_INVALID',
          message: 'From is not a phone number',
          details: { field: 'From' },
        },
      },
    });
  });

  it('maps framework exceptions to a code by status', () => {
    expect(toErrorResponse(new NotFoundException('no such route'))).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'no such route' } },
    });
  });

  it('hides the details of an unexpected error behind INTERNAL_ERROR', () => {
    const { status, body } = toErrorResponse(new Error('connection to 10.0.0.3 refused'));
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'internal error' } });
  });
});
