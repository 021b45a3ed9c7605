import { AppError, ErrorCodes } from '@threadline/platform';
import { z } from 'zod';

/** `value` checked against `schema`, or a 400 VALIDATION_FAILED listing each problem by path. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value, { reportInput: false });
  if (result.success) return result.data;
  throw new AppError(
    ErrorCodes.VALIDATION_FAILED,
    400,
    `${what} is invalid`,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

const uuid = z.uuid();

/** A path id; one that is not a uuid is a client mistake (400), not an unknown record (404). */
export function parseId(value: string, name: string): string {
  return parseWith(uuid, value, `${name} (${JSON.stringify(value.slice(0, 64))}) is not a uuid, so it`);
}
