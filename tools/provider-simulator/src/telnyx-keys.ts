/**
 * The simulator's fixed Ed25519 key pair for signing Telnyx webhooks, public like the Twilio
 * auth token: anyone can sign as the simulator, so sms-gateway refuses the public half as its
 * TELNYX_PUBLIC_KEY when NODE_ENV=production (its SIMULATOR_TELNYX_PUBLIC_KEY is this one).
 * Both are base64 of the raw 32 bytes, as Telnyx's portal shows a public key.
 */
export const SIMULATOR_TELNYX_PRIVATE_KEY = 'FsskTSVu0FqzCCI/54SldN+7L5JxBG0O2aVFOBzZi1g=';
export const SIMULATOR_TELNYX_PUBLIC_KEY = 'ZAAjTWXzDt8TfboBMLaIRcJOy5Ex2VF9idMwphjQXZw=';

/** The simulator's Telnyx API key (Authorization: Bearer), as sms-gateway's development default. */
export const SIMULATOR_TELNYX_API_KEY = 'KEYthreadline-simulator';

/** The company numbers at the simulator's Telnyx account unless configured: the demo's Orders. */
export const DEFAULT_TELNYX_NUMBERS = ['+15550100003'];
