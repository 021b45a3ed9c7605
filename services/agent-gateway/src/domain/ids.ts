const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `text` can be one of our ids. Other services pass user and agent ids as plain strings,
 * and Postgres refuses a non-uuid where a uuid is compared: such a text is simply not found.
 */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
