import { ConfigError } from '../config/config';
import { serverTimeouts } from './slow-clients';

const defaults = {
  HTTP_HEADERS_TIMEOUT_MS: 10_000,
  HTTP_BODY_TIMEOUT_MS: 30_000,
  HTTP_REQUEST_TIMEOUT_MS: 600_000,
  HTTP_KEEP_ALIVE_TIMEOUT_MS: 5_000,
};

describe('serverTimeouts', () => {
  it('gives the server its limits, checked every tenth of the shortest', () => {
    expect(serverTimeouts(defaults)).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 600_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1_000,
    });
  });

  it('checks at least every 100 ms and at most every 30 s (Node’s default)', () => {
    expect(
      serverTimeouts({ ...defaults, HTTP_HEADERS_TIMEOUT_MS: 200, HTTP_BODY_TIMEOUT_MS: 200 })
        .connectionsCheckingInterval,
    ).toBe(100);
    expect(
      serverTimeouts({
        ...defaults,
        HTTP_HEADERS_TIMEOUT_MS: 3_000_000,
        HTTP_BODY_TIMEOUT_MS: 3_000_000,
        HTTP_REQUEST_TIMEOUT_MS: 3_600_000,
      }).connectionsCheckingInterval,
    ).toBe(30_000);
  });

  it('refuses headers or a body allowed longer than the whole request, naming the variables', () => {
    const refused = () =>
      serverTimeouts({
        ...defaults,
        HTTP_HEADERS_TIMEOUT_MS: 60_000,
        HTTP_BODY_TIMEOUT_MS: 90_000,
        HTTP_REQUEST_TIMEOUT_MS: 50_000,
      });
    expect(refused).toThrow(ConfigError);
    try {
      refused();
    } catch (error) {
      expect((error as ConfigError).problems.map((problem) => problem.variable)).toEqual([
        'HTTP_HEADERS_TIMEOUT_MS',
        'HTTP_BODY_TIMEOUT_MS',
      ]);
    }
  });
});
