import { preparable, statementName } from './prepared-statements';

describe('which statements stay prepared', () => {
  it.each([
    'SELECT seq, id FROM outbox WHERE seq = $1',
    'INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
    'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND seq > $1',
    'UPDATE work_item SET state = $2 WHERE id = $1 RETURNING id, state',
  ])('keeps named columns prepared: %s', (text) => {
    expect(preparable(text)).toBe(true);
  });

  it.each([
    'SELECT * FROM offer_view WHERE agent_id = $1',
    'select distinct * from offer_view where agent_id = $1',
    'SELECT o.* FROM offer_view o WHERE o.agent_id = $1',
    'UPDATE agent SET presence = $2 WHERE id = $1 RETURNING *',
  ])('leaves what selects or returns every column unnamed (a new column would break it): %s', (text) => {
    expect(preparable(text)).toBe(false);
  });
});

describe('statement names', () => {
  it('are the same for the same text and differ for another, within Postgres’s 63 characters', () => {
    const name = statementName('SELECT $1::int AS n');
    expect(name).toBe(statementName('SELECT $1::int AS n'));
    expect(name).not.toBe(statementName('SELECT $1::int AS m'));
    expect(name).toMatch(/^tl_[0-9a-f]{24}$/);
  });
});
