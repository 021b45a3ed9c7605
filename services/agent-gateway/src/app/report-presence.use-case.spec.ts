import { type QueryDefinition, queries, schemas } from '@threadline/contracts';
import { QueryError, QueryErrorCodes, type ServiceRuntime } from '@threadline/platform';
import { HEARTBEAT_BATCH_SIZE, ReportPresenceUseCase } from './report-presence.use-case';

const ids = (count: number) => Array.from({ length: count }, (_, i) => `agent-${i}`);

/** Routing as far as heartbeats go: records each request; refuses those `fails` picks. */
function setUp(fails: (agentIds: string[]) => boolean = () => false) {
  const asked: string[][] = [];
  const runtime = {
    ask<Request, Response>(query: QueryDefinition<Request, Response>, request: Request): Promise<Response> {
      if (query !== (queries.heartbeat as QueryDefinition)) return Promise.reject(new Error('unexpected'));
      const { agentIds } = schemas.heartbeatRequest.parse(request);
      asked.push(agentIds);
      if (fails(agentIds)) {
        return Promise.reject(new QueryError(QueryErrorCodes.QUERY_NO_RESPONDERS, 'nobody answers'));
      }
      return Promise.resolve({ seen: agentIds.length } as Response);
    },
  } as unknown as ServiceRuntime;
  return { useCase: new ReportPresenceUseCase(runtime), asked };
}

describe('reporting present agents to routing (SPEC W3)', () => {
  it('sends one heartbeat with the agents, and answers how many routing saw', async () => {
    const { useCase, asked } = setUp();
    await expect(useCase.execute(['a', 'b'])).resolves.toEqual({ seen: 2 });
    expect(asked).toEqual([['a', 'b']]);
  });

  it('batches at the most ids routing’s heartbeat request takes, and adds up what it saw', async () => {
    expect(schemas.heartbeatRequest.safeParse({ agentIds: ids(HEARTBEAT_BATCH_SIZE) }).success).toBe(true);
    expect(schemas.heartbeatRequest.safeParse({ agentIds: ids(HEARTBEAT_BATCH_SIZE + 1) }).success).toBe(
      false,
    );
    const { useCase, asked } = setUp();
    const agents = ids(2 * HEARTBEAT_BATCH_SIZE + 1);
    await expect(useCase.execute(agents)).resolves.toEqual({ seen: agents.length });
    expect(asked.map((batch) => batch.length)).toEqual([HEARTBEAT_BATCH_SIZE, HEARTBEAT_BATCH_SIZE, 1]);
    expect(asked.flat()).toEqual(agents);
  });

  it('asks nothing for no agents', async () => {
    const { useCase, asked } = setUp();
    await expect(useCase.execute([])).resolves.toEqual({ seen: 0 });
    expect(asked).toEqual([]);
  });

  it('sends every batch even when one fails, then fails as routing being away does (503)', async () => {
    const { useCase, asked } = setUp((agentIds) => agentIds[0] === 'agent-0');
    await expect(useCase.execute(ids(HEARTBEAT_BATCH_SIZE + 1))).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      status: 503,
    });
    expect(asked).toHaveLength(2);
  });
});
