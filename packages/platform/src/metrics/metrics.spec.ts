import { Metrics } from './metrics';

describe('Metrics', () => {
  it("serves a service's own counter on the service's registry, with the service label", async () => {
    const metrics = new Metrics('sms-gateway', { defaultMetrics: false });
    const rejected = metrics.counter({
      name: 'sms_inbound_rejected_total',
      help: 'test',
      labelNames: ['code'],
    });
    rejected.inc({ code: 'PHONE_NUMBER_INVALID' });
    expect(await metrics.registry.getSingleMetricAsString('sms_inbound_rejected_total')).toContain(
      'sms_inbound_rejected_total{code="PHONE_NUMBER_INVALID",service="sms-gateway"} 1',
    );
  });

  it('refuses a second counter of the same name in one registry', () => {
    const metrics = new Metrics('sms-gateway', { defaultMetrics: false });
    metrics.counter({ name: 'twice_total', help: 'test', labelNames: [] });
    expect(() => metrics.counter({ name: 'twice_total', help: 'test', labelNames: [] })).toThrow(
      /twice_total/,
    );
  });
});
