import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorCodes } from '../errors/app-error';

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

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

export interface DocumentedError {
  status: number;
  /** The stable codes this endpoint answers with at this status. */
  codes: string[];
  description?: string;
}

/** The error body schema narrowed to the given codes, so OpenAPI lists them as an enum. */
export function errorSchemaFor(codes: string[]): SchemaObject {
  return {
    allOf: [
      { $ref: '#/components/schemas/ErrorBody' },
      {
        type: 'object',
        properties: { error: { type: 'object', properties: { code: { type: 'string', enum: codes } } } },
      },
    ],
  };
}

/**
 * Documents the errors an endpoint answers with: per status, the codes it may carry, each in
 * the one error shape. Codes are the contract clients program against, so they are listed
 * exactly rather than described in prose.
 */
export function ApiErrors(...errors: DocumentedError[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...errors.map((error) =>
      ApiResponse({
        status: error.status,
        description: `${error.description ? `${error.description}. ` : ''}Codes: ${error.codes.join(', ')}`,
        schema: errorSchemaFor(error.codes),
      }),
    ),
  );
}
