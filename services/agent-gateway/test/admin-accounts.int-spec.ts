import type { RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import { ADMIN, ALICE, BOB, call, login, MARIA, seedAgents, startGateway } from './support/gateway';

const agentOf = ({ id, username, displayName }: typeof ALICE) => ({ id, username, displayName });

describe('the agent accounts and company numbers admins read', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  const tokens = { alice: '', maria: '', admin: '' };

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment);
    await seedAgents(service);
    // An account that can no longer sign in is still listed: it may still be a queue member.
    await service.runtime.dataSource.query(
      `INSERT INTO agent_account (id, username, display_name, role, password_hash, active)
       VALUES ('01970000-0000-7000-8000-00000000a0ff', 'zed', 'Aaron (left)', 'agent', 'x', false)`,
    );
    for (const name of ['alice', 'maria', 'admin'] as const) tokens[name] = await login(service, name);
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
  });

  it('GET /admin/agents lists every account by display name, inactive ones too', async () => {
    expect(await call(service, 'GET', '/admin/agents', { token: tokens.admin })).toEqual({
      status: 200,
      body: {
        agents: [
          {
            id: '01970000-0000-7000-8000-00000000a0ff',
            username: 'zed',
            displayName: 'Aaron (left)',
            role: 'agent',
            active: false,
          },
          ...[ADMIN, ALICE, BOB, MARIA].map((agent) => ({ ...agent, active: true })),
        ],
      },
    });
  });

  it('GET /admin/company-numbers lists each number once, by label, with the agents it is listed for', async () => {
    expect(await call(service, 'GET', '/admin/company-numbers', { token: tokens.admin })).toEqual({
      status: 200,
      body: {
        items: [
          {
            address: '+15550100002',
            label: 'Billing',
            agents: [ADMIN, BOB, MARIA].map(agentOf),
          },
          {
            address: '+15550100003',
            label: 'Orders',
            agents: [ADMIN, BOB, MARIA].map(agentOf),
          },
          {
            address: '+15550100001',
            label: 'Support',
            agents: [ADMIN, ALICE, BOB, MARIA].map(agentOf),
          },
        ],
        everyNumberRoles: ['manager', 'admin'],
      },
    });
  });

  it.each([
    ['/admin/agents', 'alice'],
    ['/admin/agents', 'maria'],
    ['/admin/company-numbers', 'alice'],
    ['/admin/company-numbers', 'maria'],
  ] as const)('GET %s: %s gets 403 ROLE_NOT_ALLOWED', async (path, who) => {
    expect(await call(service, 'GET', path, { token: tokens[who] })).toMatchObject({
      status: 403,
      body: { error: { code: 'ROLE_NOT_ALLOWED', details: { allowed: ['admin'] } } },
    });
  });

  it.each(['/admin/agents', '/admin/company-numbers'])('GET %s without a token: 401', async (path) => {
    expect(await call(service, 'GET', path)).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
  });
});
