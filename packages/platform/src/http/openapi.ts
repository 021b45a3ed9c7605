import { applyDecorators } from '@nestjs/common';
import { ApiResponse, ApiSecurity, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorCodes } from '../errors/app-error';

type Components = NonNullable<OpenAPIObject['components']>;
type SchemaObject = NonNullable<Components['schemas']>[string];
type SecuritySchemeObject = NonNullable<Components['securitySchemes']>[string];

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
    ...errors.map((error) => {
      const codes = withBodyParserCodes(error.status, error.codes);
      return ApiResponse({
        status: error.status,
        description: `${error.description ? `${error.description}. ` : ''}Codes: ${codes.join(', ')}`,
        schema: errorSchemaFor(codes),
      });
    }),
  );
}

/**
 * What the platform's body parsers answer on every route, before any guard or handler runs
 * (bodyParsers): a body that is not the JSON it claims, one too large or with too many form
 * fields, a charset they cannot read. The service's global responses list them; an endpoint
 * that documents its own errors at one of these statuses replaces the global entry, so its
 * list keeps them too (fuzzing found a Telnyx webhook answering an undocumented MALFORMED_BODY).
 */
export const BODY_PARSER_CODES: Readonly<Record<number, readonly string[]>> = {
  400: [ErrorCodes.MALFORMED_BODY],
  413: [ErrorCodes.PAYLOAD_TOO_LARGE, ErrorCodes.TOO_MANY_FORM_FIELDS],
  415: [ErrorCodes.UNSUPPORTED_MEDIA_TYPE],
};

/** An endpoint's codes at `status`, followed by the body parsers' codes at that status it did not list. */
export function withBodyParserCodes(status: number, codes: readonly string[]): string[] {
  return [...codes, ...(BODY_PARSER_CODES[status] ?? []).filter((code) => !codes.includes(code))];
}

/**
 * The callers of Threadline's HTTP APIs, as OpenAPI security schemes. An operation names the
 * one it needs with ApiAuth or says it needs none with ApiPublic; each served document
 * declares the schemes its operations name (completeDocument).
 */
export const securitySchemes = {
  agent: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "An agent's access token, from `POST /auth/login` on the agent-gateway",
  },
  operator: {
    type: 'http',
    scheme: 'bearer',
    description: 'The OPERATOR_TOKEN the service is configured with, for the `/ops` endpoints',
  },
} as const satisfies Record<string, SecuritySchemeObject>;

export type SecuritySchemeName = keyof typeof securitySchemes;

/** The endpoint (or every endpoint of the controller) needs this caller's bearer token. */
export function ApiAuth(scheme: SecuritySchemeName): MethodDecorator & ClassDecorator {
  return ApiSecurity(scheme);
}

/**
 * The endpoint needs no token: log-in, health and metrics, and webhooks that prove themselves
 * by signature. @nestjs/swagger drops an empty `security` list, so this records one empty
 * requirement, which completeDocument writes as `security: []`.
 */
export function ApiPublic(): MethodDecorator & ClassDecorator {
  return ApiSecurity({});
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * A copy of the document @nestjs/swagger built, with what it cannot produce: the error body
 * schema, the security schemes the operations name, and `security: []` on public operations.
 * A scheme name that is not in `securitySchemes` stays undeclared, so linting the document
 * reports it.
 */
export function completeDocument(built: OpenAPIObject): OpenAPIObject {
  const document = structuredClone(built);
  const named = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation?.security) continue;
      if (operation.security.every((requirement) => Object.keys(requirement).length === 0)) {
        operation.security = [];
      }
      for (const requirement of operation.security) {
        for (const name of Object.keys(requirement)) named.add(name);
      }
    }
  }
  const declared = Object.entries(securitySchemes).filter(([name]) => named.has(name));
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ErrorBody: errorBodySchema },
    securitySchemes: { ...document.components?.securitySchemes, ...Object.fromEntries(declared) },
  };
  return document;
}
