/** The TwiML answer that tells Twilio we took the request and want nothing sent back. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export const TWIML_CONTENT_TYPE = 'text/xml';
