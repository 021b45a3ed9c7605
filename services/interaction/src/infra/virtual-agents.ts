import type { Logger } from 'pino';
import type { CompanyNumberSettings, VirtualAgentSettings } from '../domain/company-number-settings';
import { classifyKeyword } from '../domain/opt-out-keywords';
import { BuiltInVirtualAgent } from '../domain/virtual-agent/built-in-virtual-agent';
import type { VirtualAgent } from '../domain/virtual-agent/virtual-agent';
import { HttpVirtualAgent } from './http-virtual-agent';

export function createVirtualAgent(settings: VirtualAgentSettings, logger: Logger): VirtualAgent {
  switch (settings.kind) {
    case 'builtin':
      return new BuiltInVirtualAgent(settings);
    case 'http':
      return new HttpVirtualAgent(settings, logger);
  }
}

/** The virtual agent of each company number, made once from the settings read at start-up. */
export class VirtualAgents {
  private readonly agents = new Map<string, VirtualAgent | null>();

  constructor(
    private readonly settings: CompanyNumberSettings,
    private readonly logger: Logger,
  ) {}

  /** The company number's virtual agent, or null when it has none (SPEC R1: straight to routing). */
  for(companyAddress: string): VirtualAgent | null {
    if (!this.agents.has(companyAddress)) {
      const configured = this.settings.for(companyAddress).virtualAgent;
      this.agents.set(companyAddress, configured ? createVirtualAgent(configured, this.logger) : null);
    }
    return this.agents.get(companyAddress) ?? null;
  }

  /**
   * SPEC S2: opt-out and help keywords are answered by the number's own texts, not the virtual
   * agent. Opt-in keywords ("YES") are ordinary answers too, so the virtual agent still sees them.
   */
  answersKeyword(companyAddress: string, body: string): boolean {
    const { intent } = classifyKeyword(body, this.settings.for(companyAddress).optOut);
    return intent === 'opt_out' || intent === 'help';
  }
}
