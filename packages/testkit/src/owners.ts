import type { QueryDefinition } from '@threadline/contracts';
import { connectNats, Namespace, type QueryHandler, serveQuery } from '@threadline/platform';
import type { IsolatedEnvironment } from '@threadline/platform/testing';
import pino from 'pino';

const silent = pino({ level: 'silent' });

type NatsConnection = Awaited<ReturnType<typeof connectNats>>;
type Subscription = ReturnType<typeof serveQuery>;

/**
 * Plays the services that own queries (routing, interaction, timer): answers them in
 * the test's namespace with whatever the test says, and records what was asked.
 */
export class FakeOwners {
  readonly asked: Array<{ subject: string; request: unknown }> = [];
  private subscriptions: Subscription[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly ns: Namespace,
  ) {}

  static async start(environment: IsolatedEnvironment): Promise<FakeOwners> {
    const nc = await connectNats({ url: environment.servers.natsUrl, name: 'fake-owners' }, silent);
    return new FakeOwners(nc, new Namespace(environment.namespace));
  }

  /**
   * Answers `query` from now on. Resolves once the server has the subscription (a flush), so a
   * request the gateway sends right after never finds nobody listening.
   */
  async answer<Request, Response>(
    query: QueryDefinition<Request, Response>,
    handler: QueryHandler<Request, Response>,
  ): Promise<void> {
    const owner = query.subject.split('.')[0] ?? 'owner';
    this.subscriptions.push(
      serveQuery(
        this.nc,
        this.ns,
        owner,
        query,
        (request, logger) => {
          this.asked.push({ subject: query.subject, request });
          return handler(request, logger);
        },
        silent,
      ),
    );
    await this.nc.flush();
  }

  /** Stops answering everything: the owners are "down". */
  async silence(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
    this.asked.length = 0;
    await this.nc.flush();
  }

  async stop(): Promise<void> {
    await this.silence();
    await this.nc.close();
  }
}
