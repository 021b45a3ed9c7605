import { checkReadiness } from './readiness';

describe('checkReadiness', () => {
  it('is ready when every check answers', async () => {
    const result = await checkReadiness(
      { postgres: () => Promise.resolve(1), nats: () => Promise.resolve() },
      100,
    );
    expect(result.ready).toBe(true);
    expect(Object.keys(result.checks).sort()).toEqual(['nats', 'postgres']);
  });

  it('names the check that failed and why', async () => {
    const result = await checkReadiness(
      { postgres: () => Promise.resolve(), redis: () => Promise.reject(new Error('ECONNREFUSED')) },
      100,
    );
    expect(result.ready).toBe(false);
    expect(result.checks.redis).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
    expect(result.checks.postgres?.ok).toBe(true);
  });

  it('fails a check that does not answer in time', async () => {
    const result = await checkReadiness({ nats: () => new Promise(() => undefined) }, 20);
    expect(result.ready).toBe(false);
    expect(result.checks.nats?.error).toMatch(/no answer within 20 ms/);
  });

  it('stays ready, reporting it degraded, when only a check it does not require fails', async () => {
    const result = await checkReadiness(
      { postgres: () => Promise.resolve(), redis: () => Promise.reject(new Error('ECONNREFUSED')) },
      100,
      ['postgres'],
    );
    expect(result.ready).toBe(true);
    expect(result.degraded).toEqual(['redis']);
    expect(result.checks.redis).toMatchObject({ ok: false, required: false, error: 'ECONNREFUSED' });
    expect(result.checks.postgres).toMatchObject({ ok: true, required: true });
  });

  it('is not ready when a required check fails, whatever the others do', async () => {
    const result = await checkReadiness(
      { postgres: () => Promise.reject(new Error('ECONNREFUSED')), redis: () => Promise.resolve() },
      100,
      ['postgres'],
    );
    expect(result.ready).toBe(false);
    expect(result.degraded).toEqual([]);
  });
});
