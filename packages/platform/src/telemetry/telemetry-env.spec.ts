import {
  resourceAttributesFromEnv,
  samplerFromEnv,
  sdkDisabled,
  TelemetryConfigError,
} from './telemetry-env';

describe('OTEL_SDK_DISABLED', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    [' true ', true],
    ['false', false],
    ['1', false],
    ['', false],
    [undefined, false],
  ])('%s turns tracing off: %s', (value, disabled) => {
    expect(sdkDisabled({ OTEL_SDK_DISABLED: value })).toBe(disabled);
  });
});

describe('OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG', () => {
  it('keeps a tenth of the traces that start here, following a parent’s decision, when unset (decision 51)', () => {
    expect(samplerFromEnv({})).toEqual({ root: 'ratio', ratio: 0.1, parentBased: true });
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: '' })).toEqual(samplerFromEnv({}));
    // The argument alone does not change the default's share, as it names no sampler.
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER_ARG: '0.5' })).toEqual(samplerFromEnv({}));
  });

  it.each([
    ['always_on', { root: 'always_on', ratio: 1, parentBased: false }],
    ['always_off', { root: 'always_off', ratio: 0, parentBased: false }],
    ['parentbased_always_on', { root: 'always_on', ratio: 1, parentBased: true }],
    ['parentbased_always_off', { root: 'always_off', ratio: 0, parentBased: true }],
    ['PARENTBASED_ALWAYS_OFF', { root: 'always_off', ratio: 0, parentBased: true }],
  ])('reads %s', (name, choice) => {
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: name })).toEqual(choice);
  });

  it('reads a ratio for traceidratio and parentbased_traceidratio, 1 when the argument is unset', () => {
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' })).toEqual({
      root: 'ratio',
      ratio: 0.1,
      parentBased: false,
    });
    expect(
      samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }),
    ).toEqual({ root: 'ratio', ratio: 0, parentBased: true });
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' })).toMatchObject({ ratio: 1 });
  });

  it.each(['1.5', '-0.1', 'ten percent', 'NaN'])('refuses the ratio %s', (ratio) => {
    expect(() =>
      samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: ratio }),
    ).toThrow(new TelemetryConfigError(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1; got ${ratio}`));
  });

  it('refuses a sampler the specification does not name, listing those it does', () => {
    expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(
      /OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, .*; got jaeger_remote/,
    );
  });
});

describe('OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES', () => {
  it('names the service by its own name when neither is set', () => {
    expect(resourceAttributesFromEnv({}, 'routing')).toEqual({ 'service.name': 'routing' });
  });

  it('reads key=value pairs, percent-decoding the values and trimming blanks', () => {
    expect(
      resourceAttributesFromEnv(
        { OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod, k8s.pod.name=routing%2D7f ,team=a%2Cb,' },
        'routing',
      ),
    ).toEqual({
      'deployment.environment': 'prod',
      'k8s.pod.name': 'routing-7f',
      team: 'a,b',
      'service.name': 'routing',
    });
  });

  it('takes the service name from OTEL_SERVICE_NAME first, then the attributes, then the service', () => {
    const attributes = 'service.name=from-attributes';
    expect(
      resourceAttributesFromEnv(
        { OTEL_SERVICE_NAME: 'from-name', OTEL_RESOURCE_ATTRIBUTES: attributes },
        'routing',
      )['service.name'],
    ).toBe('from-name');
    expect(
      resourceAttributesFromEnv({ OTEL_RESOURCE_ATTRIBUTES: attributes }, 'routing')['service.name'],
    ).toBe('from-attributes');
  });

  it.each([
    ['novalue', /key=value pairs; got "novalue"/],
    ['=orphan', /key=value pairs; got "=orphan"/],
    ['team=%E0%A4%A', /badly encoded value for team/],
  ])('refuses %s', (value, message) => {
    expect(() => resourceAttributesFromEnv({ OTEL_RESOURCE_ATTRIBUTES: value }, 'routing')).toThrow(message);
  });
});
