import type { Subject } from '@threadline/contracts';
import type { MessageHandler } from '../messaging/consumer';
import type { ConsumerDeclaration } from '../nats/provisioning';

export interface ConsumerRegistration<S extends Subject = Subject> {
  declaration: ConsumerDeclaration & { filterSubject: S };
  handler: MessageHandler<S>;
}

/**
 * Where a service's NestJS providers put the consumers they implement (in `onModuleInit`);
 * the runtime provisions and starts them once the application is initialised.
 */
export class ConsumerRegistry {
  private readonly registrations: ConsumerRegistration[] = [];

  register<S extends Subject>(registration: ConsumerRegistration<S>): void {
    if (
      this.registrations.some((existing) => existing.declaration.durable === registration.declaration.durable)
    ) {
      throw new Error(`consumer ${registration.declaration.durable} is registered twice`);
    }
    this.registrations.push(registration as unknown as ConsumerRegistration);
  }

  all(): readonly ConsumerRegistration[] {
    return this.registrations;
  }
}
