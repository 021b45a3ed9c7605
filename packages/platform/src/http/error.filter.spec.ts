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

describe('toErrorResponse for an unreachable dependency', () => {
  const unavailable = {
    status: 503,
    body: {
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: 'a server this service needs is unavailable; nothing was done, retry later',
      },
    },
    headers: { 'Retry-After': '5' },
  };

  it('answers 503 with Retry-After when Postgres refuses the connection', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    expect(toErrorResponse(refused)).toEqual(unavailable);
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['53300', 'sorry, too many clients already'],
  ])('recognises SQLSTATE %s wrapped by TypeORM as its driverError', (code, message) => {
    const driverError = Object.assign(new Error(message), { code });
    const wrapped = Object.assign(new Error(message), { name: 'QueryFailedError', driverError });
    expect(toErrorResponse(wrapped)).toEqual(unavailable);
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
  ])('recognises node-postgres saying "%s"', (message) => {
    expect(toErrorResponse(new Error(message))).toEqual(unavailable);
  });

  it('answers a Redis command refused while Redis is away the same way', () => {
    const offline = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    expect(toErrorResponse(offline)).toEqual(unavailable);
  });

  it('looks through causes and the members of an AggregateError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' });
    const aggregate = new AggregateError([refused], 'all addresses refused');
    expect(toErrorResponse(new Error('query failed', { cause: aggregate }))).toEqual(unavailable);
  });

  it('keeps a failing statement an internal error', () => {
    const uniqueViolation = Object.assign(new Error('duplicate key value'), { code: '23505' });
    expect(toErrorResponse(uniqueViolation).status).toBe(500);
  });
});
