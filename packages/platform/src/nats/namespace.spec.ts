import { Namespace } from './namespace';

describe('Namespace', () => {
  it('changes nothing when empty, as in production', () => {
    const ns = new Namespace('');
    expect(ns.subject('sms.inbound.received.v1')).toBe('sms.inbound.received.v1');
    expect(ns.stream('SMS')).toBe('SMS');
    expect(ns.durable('profile_sms_inbound_received_v1')).toBe('profile_sms_inbound_received_v1');
    expect(ns.contractSubject('sms.inbound.received.v1')).toBe('sms.inbound.received.v1');
  });

  it('prefixes subjects, streams and durables', () => {
    const ns = new Namespace('t1a2');
    expect(ns.subject('sms.>')).toBe('t1a2.sms.>');
    expect(ns.stream('SMS')).toBe('T1A2_SMS');
    expect(ns.durable('x_v1')).toBe('t1a2_x_v1');
  });

  it('strips its prefix from wire subjects and disowns foreign ones', () => {
    const ns = new Namespace('t1');
    expect(ns.contractSubject('t1.sms.inbound.received.v1')).toBe('sms.inbound.received.v1');
    expect(ns.contractSubject('t2.sms.inbound.received.v1')).toBeUndefined();
  });

  it('refuses a namespace that would break subject tokens', () => {
    expect(() => new Namespace('a.b')).toThrow(/lower-case/);
    expect(() => new Namespace('Prod')).toThrow(/lower-case/);
  });
});
