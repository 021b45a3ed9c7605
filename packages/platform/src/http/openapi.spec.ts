import type { OpenAPIObject } from '@nestjs/swagger';
import { completeDocument, errorBodySchema, securitySchemes, withBodyParserCodes } from './openapi';

function documentWith(paths: OpenAPIObject['paths']): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas: {} } };
}

const answered = { responses: { '200': { description: 'ok' } } };

describe('completeDocument', () => {
  it('writes a public operation as needing no security', () => {
    const document = completeDocument(documentWith({ '/healthz': { get: { ...answered, security: [{}] } } }));
    expect(document.paths['/healthz']?.get?.security).toEqual([]);
  });

  it('keeps a requirement that names a scheme, next to an empty one (optional auth)', () => {
    const document = completeDocument(
      documentWith({ '/x': { get: { ...answered, security: [{ agent: [] }, {}] } } }),
    );
    expect(document.paths['/x']?.get?.security).toEqual([{ agent: [] }, {}]);
  });

  it('declares exactly the schemes the operations name', () => {
    const document = completeDocument(
      documentWith({
        '/ops/dead-letters': { get: { ...answered, security: [{ operator: [] }] } },
        '/healthz': { get: { ...answered, security: [{}] } },
      }),
    );
    expect(document.components?.securitySchemes).toEqual({ operator: securitySchemes.operator });
  });

  it('leaves a scheme it does not know undeclared, for the linter to report', () => {
    const document = completeDocument(
      documentWith({ '/x': { post: { ...answered, security: [{ bearer: [] }] } } }),
    );
    expect(document.components?.securitySchemes).toEqual({});
  });

  it('adds the error body schema and leaves the built document as it was', () => {
    const built = documentWith({ '/healthz': { get: { ...answered, security: [{}] } } });
    const document = completeDocument(built);
    expect(document.components?.schemas?.ErrorBody).toEqual(errorBodySchema);
    expect(built.paths['/healthz']?.get?.security).toEqual([{}]);
    expect(built.components?.schemas).toEqual({});
  });
});

describe('withBodyParserCodes', () => {
  it("keeps an endpoint's own codes first and adds what the body parsers answer at that status", () => {
    expect(withBodyParserCodes(400, ['WEBHOOK_FIELD_MISSING'])).toEqual([
      'WEBHOOK_FIELD_MISSING',
      'MALFORMED_BODY',
    ]);
    expect(withBodyParserCodes(413, ['PAYLOAD_TOO_LARGE'])).toEqual([
      'PAYLOAD_TOO_LARGE',
      'TOO_MANY_FORM_FIELDS',
    ]);
    expect(withBodyParserCodes(415, ['MEDIA_TYPE_NOT_ALLOWED'])).toEqual([
      'MEDIA_TYPE_NOT_ALLOWED',
      'UNSUPPORTED_MEDIA_TYPE',
    ]);
  });

  it('lists a code once, and leaves statuses the parsers never answer alone', () => {
    expect(withBodyParserCodes(400, ['MALFORMED_BODY', 'VALIDATION_FAILED'])).toEqual([
      'MALFORMED_BODY',
      'VALIDATION_FAILED',
    ]);
    expect(withBodyParserCodes(404, ['NOT_FOUND'])).toEqual(['NOT_FOUND']);
  });
});
