import fc from 'fast-check';
import { anyJson, hostileBytes, hostileRawBody, hostileString } from './hostile';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface OpenApiSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  nullable?: boolean;
  additionalProperties?: boolean | OpenApiSchema;
}

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: OpenApiSchema;
}

interface OpenApiResponse {
  content?: Record<string, { schema?: OpenApiSchema }>;
}

interface OpenApiOperationObject {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: OpenApiSchema }> };
  responses: Record<string, OpenApiResponse>;
  security?: Array<Record<string, string[]>>;
}

export interface OpenApiDocument {
  /** Path items: operations under their methods, beside other fields (parameters, summary). */
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

/** One operation of a document, as the fuzzer walks them. */
export interface ApiOperation {
  method: string;
  /** The templated path, `/interactions/{id}/end`. */
  path: string;
  /** `METHOD /path`, for messages and test names. */
  name: string;
  parameters: OpenApiParameter[];
  body?: { required: boolean; content: Record<string, { schema?: OpenApiSchema }> };
  responses: Record<string, OpenApiResponse>;
  /** The security schemes it names; empty for a public operation. */
  securitySchemes: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation of the document: what the fuzzer sends requests to, so a new one is fuzzed too. */
export function listOperations(document: OpenApiDocument): ApiOperation[] {
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as OpenApiOperationObject | undefined;
      if (!operation) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        name: `${method.toUpperCase()} ${path}`,
        parameters: operation.parameters ?? [],
        body: operation.requestBody
          ? { required: operation.requestBody.required ?? false, content: operation.requestBody.content }
          : undefined,
        responses: operation.responses,
        securitySchemes: (operation.security ?? []).flatMap((requirement) => Object.keys(requirement)),
      });
    }
  }
  return operations;
}

function resolve(document: OpenApiDocument, schema: OpenApiSchema | undefined): OpenApiSchema {
  if (!schema) return {};
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = document.components?.schemas?.[name];
  if (!target) throw new Error(`the document has no schema ${schema.$ref}`);
  return resolve(document, target);
}

/** The error codes a response schema lists (its `error.code` enum), or undefined when it lists none. */
function documentedCodes(document: OpenApiDocument, schema: OpenApiSchema | undefined): string[] | undefined {
  const resolved = resolve(document, schema);
  const parts = resolved.allOf ? resolved.allOf.map((part) => resolve(document, part)) : [resolved];
  for (const part of parts) {
    const code = part.properties?.error?.properties?.code;
    if (code?.enum) return code.enum.map(String);
  }
  return undefined;
}

export interface Answer {
  status: number;
  /** The body as text; errors are parsed from it. */
  text: string;
}

/**
 * Why an answer breaks the rules for fuzzed input, or undefined when it keeps them: no 5xx;
 * a 4xx is a status the operation documents, in the error shape, with a code listed for that
 * status (or, where the document lists none, one of `knownCodes`).
 */
export function undocumentedAnswer(
  document: OpenApiDocument,
  operation: ApiOperation,
  answer: Answer,
  knownCodes: readonly string[] = [],
): string | undefined {
  const where = `${operation.name} answered ${answer.status} ${answer.text.slice(0, 300)}`;
  if (answer.status >= 500) return `${where}: a server error`;
  if (answer.status < 400) return undefined;
  const documented = operation.responses[String(answer.status)];
  if (!documented) return `${where}: status ${answer.status} is not documented for the operation`;
  let code: unknown;
  try {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.message !== 'string') return `${where}: not the error shape`;
    code = body.error.code;
  } catch {
    return `${where}: the body is not JSON`;
  }
  if (typeof code !== 'string') return `${where}: the error has no code`;
  // An operation that produces another type (TwiML) documents its errors under that type.
  const listed = Object.values(documented.content ?? {})
    .map((media) => documentedCodes(document, media.schema))
    .find((codes) => codes !== undefined);
  if (listed ? !listed.includes(code) : !knownCodes.includes(code)) {
    return `${where}: code ${code} is not documented for ${answer.status} (${(listed ?? knownCodes).join(', ')})`;
  }
  return undefined;
}

const MAX_DEPTH = 4;

/** A value shaped like `schema`: sometimes valid, sometimes a near miss, sometimes the wrong type. */
export function schemaShaped(
  document: OpenApiDocument,
  schemaOrRef: OpenApiSchema | undefined,
  depth = 0,
): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(hostileString(), anyJson());
  if (depth > MAX_DEPTH) return wrong;
  const schema = resolve(document, schemaOrRef);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    return fc.oneof(...alternatives.map((one) => schemaShaped(document, one, depth + 1)), wrong);
  }
  if (schema.allOf) {
    const merged: OpenApiSchema = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf.map((one) => resolve(document, one))) {
      Object.assign(merged.properties!, part.properties);
      merged.required!.push(...(part.required ?? []));
    }
    return schemaShaped(document, merged, depth + 1);
  }
  const shaped = fc.oneof(
    { weight: 4, arbitrary: shapedByType(document, schema, depth) },
    { weight: 1, arbitrary: wrong },
  );
  return schema.nullable ? fc.oneof(shaped, fc.constant(null)) : shaped;
}

function shapedByType(
  document: OpenApiDocument,
  schema: OpenApiSchema,
  depth: number,
): fc.Arbitrary<unknown> {
  if (schema.enum)
    return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...schema.enum) }, hostileString());
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return shapedString(schema);
    case 'integer':
    case 'number':
      return shapedNumber(schema, type === 'integer');
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1));
    case 'array':
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(schemaShaped(document, schema.items, depth + 1), { maxLength: 4 }) },
        {
          weight: 1,
          arbitrary: fc.array(schemaShaped(document, schema.items, depth + 1), {
            minLength: (schema.maxItems ?? 1000) + 1,
            maxLength: (schema.maxItems ?? 1000) + 1,
            size: 'small',
          }),
        },
      );
    case 'object':
    default:
      if (!schema.properties) return anyJson();
      return shapedObject(document, schema, depth);
  }
}

function shapedString(schema: OpenApiSchema): fc.Arbitrary<unknown> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 40;
  const byFormat: Array<fc.Arbitrary<unknown>> = [];
  if (schema.format === 'uuid') byFormat.push(fc.uuid());
  if (schema.format === 'date-time') {
    byFormat.push(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()));
  }
  return fc.oneof(
    ...byFormat,
    fc.string({ minLength: min, maxLength: Math.min(max, min + 40) }),
    // Just over the documented length.
    fc.constant('x'.repeat(max + 1)),
    hostileString(),
  );
}

function shapedNumber(schema: OpenApiSchema, integer: boolean): fc.Arbitrary<unknown> {
  const bounds = [schema.minimum, schema.maximum]
    .filter((bound): bound is number => bound !== undefined)
    .flatMap((bound) => [bound - 1, bound, bound + 1]);
  return fc.oneof(
    fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53 + 2, -(2 ** 53) - 2, 1e308, 0.5, ...bounds),
    integer ? fc.integer() : fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom('1', '', '0x10'),
  );
}

function shapedObject(
  document: OpenApiDocument,
  schema: OpenApiSchema,
  depth: number,
): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = Object.fromEntries(
    properties.map(([name, property]) => [
      name,
      // A required field is mostly there, an optional one half the time; both may go missing.
      fc.option(schemaShaped(document, property, depth + 1), {
        freq: required.has(name) ? 8 : 2,
        nil: undefined,
      }),
    ]),
  );
  const extra = fc.dictionary(
    fc.oneof(hostileString({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor')),
    anyJson(),
    { maxKeys: 2 },
  );
  return fc.tuple(fc.record(fields), fc.option(extra, { freq: 4, nil: undefined })).map(([record, added]) => {
    const value: Record<string, unknown> = {};
    // defineProperty, so a `__proto__` key is an own field as JSON would carry it.
    for (const [key, field] of Object.entries({ ...added, ...record })) {
      if (field !== undefined)
        Object.defineProperty(value, key, {
          value: field,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return value;
  });
}

/** One fuzzed request: the path with its parameters filled, query, headers and body. */
export interface FuzzedRequest {
  method: string;
  pathAndQuery: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** A path or query value as it goes on the wire: mostly encoded, sometimes raw percent oddities. */
function urlValue(value: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: value.map((one) =>
        // Under Node's 16 KiB limit on a request head, which its HTTP parser enforces (431) before any service code runs.
        encodeForUrl(typeof one === 'string' ? one : (JSON.stringify(one) ?? '')).slice(0, MAX_URL_VALUE),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%C0%AF', '%E2%82', '%00', '%2F', '%25') },
  );
}

const headerSafe = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 300,
});

const OVERSIZED_BYTES = 1024 * 1024 + 1;

/**
 * A value percent-encoded for a URL. A lone surrogate has no UTF-8 form, so it goes as U+FFFD
 * (encodeURIComponent would throw); raw percent oddities are sent by urlValue's other branch.
 */
export function encodeForUrl(value: string): string {
  return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));
}

/** The longest encoded path or query value sent. */
const MAX_URL_VALUE = 2000;

/**
 * Requests for `operation`: its path parameters filled with hostile or schema-shaped values,
 * its query parameters given, omitted, repeated or joined by unknown ones, and a body that is
 * schema-shaped, arbitrary JSON, not JSON, of another content type, empty or oversized.
 */
export function fuzzedRequest(
  document: OpenApiDocument,
  operation: ApiOperation,
): fc.Arbitrary<FuzzedRequest> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const headerParameters = operation.parameters.filter((parameter) => parameter.in === 'header');
  const pathValues = fc.tuple(
    ...pathParameters.map((parameter) =>
      urlValue(fc.oneof(schemaShaped(document, parameter.schema), fc.uuid(), hostileString())).filter(
        (one) => one !== '',
      ),
    ),
  );
  const queryPairs = fc.tuple(
    ...queryParameters.map((parameter) =>
      fc
        .option(
          fc.array(urlValue(schemaShaped(document, parameter.schema)), { minLength: 1, maxLength: 2 }),
          { nil: undefined },
        )
        .map((values) => (values ?? []).map((value) => `${encodeForUrl(parameter.name)}=${value}`)),
    ),
    fc.array(
      fc
        .tuple(urlValue(hostileString({ maxLength: 8 })), urlValue(hostileString({ maxLength: 8 })))
        .map(([name, value]) => `${name}=${value}`),
      { maxLength: 1 },
    ),
  );
  const headers = fc.tuple(
    ...headerParameters.map((parameter) =>
      fc.option(
        headerSafe.map((value) => [parameter.name, value] as const),
        { nil: undefined },
      ),
    ),
  );
  return fc
    .tuple(pathValues, queryPairs, headers, fuzzedBody(document, operation))
    .map(([values, pairs, headerPairs, body]) => {
      let index = 0;
      const path = operation.path.replace(/\{[^}]+\}/g, () => values[index++] ?? 'x');
      const query = pairs.flat().join('&');
      const allHeaders: Record<string, string> = { ...body.headers };
      for (const pair of headerPairs) if (pair) allHeaders[pair[0]] = pair[1];
      return {
        method: operation.method,
        pathAndQuery: query ? `${path}?${query}` : path,
        headers: allHeaders,
        body: body.body,
      };
    });
}

function fuzzedBody(
  document: OpenApiDocument,
  operation: ApiOperation,
): fc.Arbitrary<{ headers: Record<string, string>; body?: string | Buffer }> {
  // fetch sends no body with GET or HEAD.
  if (operation.method === 'GET') return fc.constant({ headers: {} });
  const declared = Object.entries(operation.body?.content ?? {});
  const json = (value: unknown) => ({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value) ?? 'null',
  });
  const options: Array<fc.Arbitrary<{ headers: Record<string, string>; body?: string | Buffer }>> = [
    fc.constant({ headers: {} }),
    anyJson().map(json),
    fc
      .tuple(
        fc.constantFrom(
          'application/json',
          'application/x-www-form-urlencoded',
          'text/plain',
          'application/json; charset=latin-9',
          'multipart/form-data',
        ),
        hostileRawBody(),
      )
      .map(([contentType, body]) => ({ headers: { 'content-type': contentType }, body })),
    fc.constant({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(OVERSIZED_BYTES) }),
    }),
  ];
  for (const [contentType, media] of declared) {
    if (contentType === 'application/json') {
      options.push(
        schemaShaped(document, media.schema).map(json),
        schemaShaped(document, media.schema).map(json),
      );
    } else {
      options.push(
        fc
          .oneof(hostileRawBody(), hostileBytes({ maxLength: 2048 }))
          .map((body) => ({ headers: { 'content-type': contentType }, body })),
      );
    }
  }
  return fc.oneof(...options);
}
