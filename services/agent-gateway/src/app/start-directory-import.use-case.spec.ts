import { type QueryDefinition, queries } from '@threadline/contracts';
import { AppError, type ServiceRuntime } from '@threadline/platform';
import { version } from 'uuid';
import type { AgentRole, AuthenticatedAgent } from '../domain/agent';
import { importIdForKey } from '../domain/import-chunks';
import type { DirectoryImportSender } from './directory-import-sender';
import { type ImportStatus, StartDirectoryImportUseCase } from './start-directory-import.use-case';

const agent = (role: AgentRole): AuthenticatedAgent => ({
  id: '01970000-0000-7000-8000-00000000a004',
  username: role,
  displayName: role,
  role,
});
const csv = (text: string) => new TextEncoder().encode(text);
const FILE = csv('external_id,name\nE1,Ada\nE2,Grace\n');

function setUp(state: ImportStatus['state'] = 'running') {
  const begun: unknown[] = [];
  const started: Array<{ importId: string; chunks: number; totalRows: number }> = [];
  const runtime = {
    ask<Request, Response>(query: QueryDefinition<Request, Response>, request: Request): Promise<Response> {
      if (query !== (queries.beginImport as QueryDefinition)) return Promise.reject(new Error('unexpected'));
      begun.push(request);
      return Promise.resolve({ ...request, state } as Response);
    },
  } as unknown as ServiceRuntime;
  const sender = {
    start: (importId: string, chunks: Iterable<unknown>, totalRows: number) =>
      started.push({ importId, chunks: [...chunks].length, totalRows }),
  } as unknown as DirectoryImportSender;
  return { useCase: new StartDirectoryImportUseCase(runtime, sender), begun, started };
}

const command = { format: 'csv' as const, bytes: FILE, fileName: 'users.csv', idempotencyKey: null };

describe('starting a directory import', () => {
  it.each<AgentRole>(['agent', 'manager'])(
    'refuses a(n) %s with 403 ROLE_NOT_ALLOWED, reading nothing',
    async (role) => {
      const { useCase, begun } = setUp();
      await expect(useCase.execute(agent(role), command)).rejects.toMatchObject({
        code: 'ROLE_NOT_ALLOWED',
        status: 403,
      });
      expect(begun).toEqual([]);
    },
  );

  it.each([
    ['IMPORT_EMPTY', 'csv' as const, 'external_id,name\n'],
    ['IMPORT_HEADER_INVALID', 'csv' as const, 'id,name\n1,Ada'],
    ['IMPORT_FORMAT_INVALID', 'json' as const, '{}'],
  ])('refuses a file it cannot import with 400 %s, starting nothing', async (code, format, text) => {
    const { useCase, begun, started } = setUp();
    const attempt = useCase.execute(agent('admin'), { ...command, format, bytes: csv(text) });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code, status: 400 });
    expect(begun).toEqual([]);
    expect(started).toEqual([]);
  });

  it('begins the import with profile and sends its rows in the background', async () => {
    const { useCase, begun, started } = setUp();
    const status = await useCase.execute(agent('admin'), command);
    expect(begun).toEqual([
      {
        importId: status.importId,
        format: 'csv',
        fileName: 'users.csv',
        requestedBy: agent('admin').id,
        totalRows: 2,
      },
    ]);
    expect(version(status.importId)).toBe(7);
    expect(started).toEqual([{ importId: status.importId, chunks: 1, totalRows: 2 }]);
  });

  it('names the import after the Idempotency-Key and the agent', async () => {
    const { useCase } = setUp();
    const status = await useCase.execute(agent('admin'), { ...command, idempotencyKey: 'k-1' });
    expect(status.importId).toBe(importIdForKey('k-1', agent('admin').id));
  });

  it('sends nothing for an import profile says is complete, and resumes a stalled one', async () => {
    const completed = setUp('completed');
    await completed.useCase.execute(agent('admin'), { ...command, idempotencyKey: 'k-1' });
    expect(completed.started).toEqual([]);
    const stalled = setUp('stalled');
    await stalled.useCase.execute(agent('admin'), { ...command, idempotencyKey: 'k-1' });
    expect(stalled.started).toHaveLength(1);
  });
});
