import type { OpenAPIObject } from '@nestjs/swagger';

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
import { ErrorCodes } from '../errors/app-error';

/** The one error body, as an OpenAPI schema that every service's document includes. */
export const errorBodySchema: SchemaObject = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          description: 'Stable, machine-readable',
          example: ErrorCodes.VALIDATION_FAILED,
        },
        message: { type: 'string', description: 'For people; may change' },
        details: { description: 'Structured context, e.g. the fields that failed validation' },
      },
    },
  },
};
