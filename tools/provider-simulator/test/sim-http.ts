/** Small JSON helpers for calling the simulator API directly in tests. */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

export async function callJson(method: string, url: string, body?: unknown): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** A string field of a JSON answer, or a failure naming what came instead. */
export function stringField(body: unknown, key: string): string {
  const value: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, key) : undefined;
  if (typeof value === 'string') return value;
  throw new Error(`no string ${key} in ${JSON.stringify(body)}`);
}

/** The messageSid of a `POST /sim/phones/{phone}/messages` answer. */
export function messageSidOf(answer: JsonAnswer): string {
  return stringField(answer.body, 'messageSid');
}
