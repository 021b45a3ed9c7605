import { receivesWorkOn } from './presence';

describe('receivesWorkOn (SPEC W3)', () => {
  it('a state that receives work does so on every channel, or on those it names', () => {
    expect(receivesWorkOn({ receivesWork: true, channels: null }, 'sms')).toBe(true);
    expect(receivesWorkOn({ receivesWork: true, channels: ['sms'] }, 'sms')).toBe(true);
    expect(receivesWorkOn({ receivesWork: true, channels: ['chat'] }, 'sms')).toBe(false);
  });

  it('a state that receives no work receives none, whatever its channels', () => {
    expect(receivesWorkOn({ receivesWork: false, channels: null }, 'sms')).toBe(false);
    expect(receivesWorkOn({ receivesWork: false, channels: ['sms'] }, 'sms')).toBe(false);
  });
});
