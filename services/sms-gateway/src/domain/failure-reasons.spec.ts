import { failureReasonOf } from './failure-reasons';

describe('failureReasonOf (S3: provider error codes to stable reasons)', () => {
  it.each([
    ['21211', 'INVALID_NUMBER'],
    ['21408', 'BLOCKED'],
    ['21610', 'RECIPIENT_OPTED_OUT'],
    ['21612', 'LANDLINE_OR_UNSUPPORTED'],
    ['21614', 'LANDLINE_OR_UNSUPPORTED'],
    ['30003', 'UNREACHABLE'],
    ['30004', 'BLOCKED'],
    ['30005', 'INVALID_NUMBER'],
    ['30006', 'LANDLINE_OR_UNSUPPORTED'],
    ['30007', 'CARRIER_FILTERED'],
    ['30008', 'UNKNOWN'],
    ['30034', 'BLOCKED'],
    ['12345', 'UNKNOWN'],
  ])('S3: Twilio %s is %s', (code, reason) => {
    expect(failureReasonOf('twilio', code)).toBe(reason);
  });

  it.each([
    ['40300', 'RECIPIENT_OPTED_OUT'],
    ['40301', 'BLOCKED'],
    ['40399', 'BLOCKED'],
    ['40001', 'LANDLINE_OR_UNSUPPORTED'],
    ['40002', 'CARRIER_FILTERED'],
    ['40008', 'UNREACHABLE'],
    ['10002', 'INVALID_NUMBER'],
    ['40400', 'UNKNOWN'],
  ])('S3: Telnyx %s is %s', (code, reason) => {
    expect(failureReasonOf('telnyx', code)).toBe(reason);
  });

  it.each(['twilio', 'telnyx'])('S3: our own transient codes are PROVIDER_UNAVAILABLE for %s', (provider) => {
    for (const code of ['PROVIDER_UNAVAILABLE', 'HTTP_429', 'HTTP_500', 'HTTP_503'])
      expect(failureReasonOf(provider, code)).toBe('PROVIDER_UNAVAILABLE');
  });

  it('S3: a provider refusal without a code of its own (HTTP_400), or our UNKNOWN_COMPANY_NUMBER, is UNKNOWN', () => {
    expect(failureReasonOf('twilio', 'HTTP_400')).toBe('UNKNOWN');
    expect(failureReasonOf('twilio', 'UNKNOWN_COMPANY_NUMBER')).toBe('UNKNOWN');
  });

  it('does not read one provider’s code with the other’s table', () => {
    expect(failureReasonOf('twilio', '40300')).toBe('UNKNOWN');
    expect(failureReasonOf('telnyx', '21610')).toBe('UNKNOWN');
  });

  it('has no reason without an error code', () => {
    expect(failureReasonOf('twilio', null)).toBeNull();
  });
});
