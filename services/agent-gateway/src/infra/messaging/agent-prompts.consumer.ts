import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { CONSUMERS, type ConsumerRegistry, consumerOf, NOTHING_TO_DO } from '@threadline/platform';
import { AgentPromptsUseCase } from '../../app/agent-prompts.use-case';
import { promptOf } from '../../domain/agent-prompts';
import { AgentEventBus } from '../push/agent-event-bus';

export const agentPromptsConsumer = () =>
  consumerOf('agent-gateway', 'timer.action.fired.v1', {
    description: 'agent-gateway prompts for agents (SPEC M5) from timer.action.fired.v1',
  });

/**
 * SPEC M5 "Prompt agent": a fired messaging action of kind `prompt_agent` becomes a prompt for
 * the agent who held the conversation, pushed to their sockets once committed. Every other
 * firing (other kinds, which other services carry out, or nobody to prompt) is let go without a
 * transaction.
 */
@Injectable()
export class AgentPromptsConsumer implements OnModuleInit {
  constructor(
    @Inject(CONSUMERS) private readonly registry: ConsumerRegistry,
    private readonly prompts: AgentPromptsUseCase,
    private readonly bus: AgentEventBus,
  ) {}

  onModuleInit(): void {
    this.registry.registerPrepared({
      declaration: agentPromptsConsumer(),
      prepare: (envelope) => Promise.resolve(promptOf(envelope.data) ?? NOTHING_TO_DO),
      handler: async (_envelope, handling) => {
        const pushes = await this.prompts.record(handling.manager, handling.prepared);
        if (pushes.length === 0) return;
        // The consumer's span, so the push joins the trace of the firing that caused it.
        const origin = context.active();
        handling.afterCommit(() => this.bus.publish(pushes, origin));
      },
    });
  }
}
