import { withoutControlCharacters } from './control-characters';

describe('withoutControlCharacters', () => {
  it('removes NUL and the other C0 control characters from the named fields, counting them per field', () => {
    expect(
      withoutControlCharacters({ Body: 'a\u0000b\u0001c\u001fd\u0008', From: '+1555\u00001230001' }, [
        'Body',
        'From',
      ]),
    ).toEqual({ form: { Body: 'abcd', From: '+15551230001' }, removed: { Body: 4, From: 1 } });
  });

  it('keeps tab, line feed and carriage return, which people do type', () => {
    expect(withoutControlCharacters({ Body: 'one\ttwo\r\nthree\n' }, ['Body'])).toEqual({
      form: { Body: 'one\ttwo\r\nthree\n' },
      removed: {},
    });
  });

  it('keeps vertical tab and form feed out too (C0, but not tab, LF or CR)', () => {
    expect(withoutControlCharacters({ Body: 'a\u000bb\u000cc' }, ['Body']).form).toEqual({ Body: 'abc' });
  });

  it('leaves printable text, DEL, C1 controls and other scripts alone', () => {
    const body = 'héllo 😀 \u007f\u0085 日本 [1m';
    expect(withoutControlCharacters({ Body: body }, ['Body'])).toEqual({ form: { Body: body }, removed: {} });
  });

  it('leaves fields it was not asked about as sent', () => {
    const form = { Body: 'x\u0000', ToCity: 'y\u0000' };
    expect(withoutControlCharacters(form, ['Body'])).toEqual({
      form: { Body: 'x', ToCity: 'y\u0000' },
      removed: { Body: 1 },
    });
  });

  it('cleans every value of a repeated field and keeps it repeated', () => {
    expect(withoutControlCharacters({ From: ['a\u0000', 'b\u0000\u0000'] }, ['From'])).toEqual({
      form: { From: ['a', 'b'] },
      removed: { From: 3 },
    });
  });

  it('counts a field that was nothing but control characters, which then reads as blank', () => {
    expect(withoutControlCharacters({ MessageSid: '\u0000\u0000' }, ['MessageSid'])).toEqual({
      form: { MessageSid: '' },
      removed: { MessageSid: 2 },
    });
  });

  it('does not change the form it was given', () => {
    const form = { Body: 'x\u0000' };
    withoutControlCharacters(form, ['Body']);
    expect(form).toEqual({ Body: 'x\u0000' });
  });
});
