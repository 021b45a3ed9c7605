import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { queries } from '@threadline/contracts';
import {
  CONFIG,
  CONSUMERS,
  type ConsumerRegistry,
  consumerOf,
  DATA_SOURCE,
  OUTBOX,
  type Outbox,
  QUERIES,
  type QueryRegistry,
} from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { DirectoryImportUseCase } from '../app/directory-import.use-case';
import { ProfileChangesUseCase } from '../app/profile-changes.use-case';
import { ProfileQueriesUseCase } from '../app/profile-queries.use-case';
import { ResolveInboundUseCase } from '../app/resolve-inbound.use-case';
import type { ProfileConfig } from '../profile.config';

/** What the profile service listens to and answers, each wired to its use case. */
@Injectable()
export class ProfileHandlers implements OnModuleInit {
  constructor(
    @Inject(CONSUMERS) private readonly consumers: ConsumerRegistry,
    @Inject(QUERIES) private readonly queryRegistry: QueryRegistry,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: ProfileConfig,
  ) {}

  onModuleInit(): void {
    const region = this.config.SMS_DEFAULT_REGION;
    const resolveInbound = new ResolveInboundUseCase(this.outbox);
    const read = new ProfileQueriesUseCase(this.dataSource, region);
    const changes = new ProfileChangesUseCase(this.dataSource, this.outbox, region);
    const imports = new DirectoryImportUseCase(
      this.dataSource,
      region,
      this.config.PROFILE_IMPORT_STALL_AFTER_MS,
    );

    // Every inbound SMS: who sent it (SPEC P1–P4), announced as profile.requester.resolved.v1.
    this.consumers.register({
      declaration: consumerOf('profile', 'sms.inbound.received.v1'),
      handler: (envelope, { manager, logger }) => resolveInbound.execute(envelope, manager, logger),
    });

    this.queryRegistry.answer(queries.getProfile, (request) => read.get(request));
    this.queryRegistry.answer(queries.profileHistory, (request) => read.history(request));
    this.queryRegistry.answer(queries.lookupRequester, (request) => read.lookup(request));
    this.queryRegistry.answer(queries.searchDirectory, (request) => read.search(request));
    this.queryRegistry.answer(queries.reassociateProfile, (request) => changes.reassociate(request));
    this.queryRegistry.answer(queries.undoProfileChange, (request) => changes.undo(request));
    this.queryRegistry.answer(queries.replaceProfile, (request) => changes.replace(request));
    this.queryRegistry.answer(queries.beginImport, (request) => imports.begin(request));
    this.queryRegistry.answer(queries.importChunk, (request, logger) => imports.chunk(request, logger));
    this.queryRegistry.answer(queries.finishImport, (request, logger) => imports.finish(request, logger));
    this.queryRegistry.answer(queries.importStatus, (request) => imports.statusOf(request));
  }
}
