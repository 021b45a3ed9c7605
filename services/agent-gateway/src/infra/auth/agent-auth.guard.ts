import type { IncomingHttpHeaders } from 'node:http';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthenticateUseCase } from '../../app/authenticate.use-case';
import type { AuthenticatedAgent } from '../../domain/agent';
import { bearerToken } from './bearer-token';

/** The parts of an HTTP request the guard reads and writes. */
export interface AgentRequest {
  headers: IncomingHttpHeaders;
  agent?: AuthenticatedAgent;
}

/** Lets through requests with a valid bearer token of an active agent, and remembers who it is. */
@Injectable()
export class AgentAuthGuard implements CanActivate {
  constructor(private readonly authenticate: AuthenticateUseCase) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AgentRequest>();
    request.agent = await this.authenticate.execute(bearerToken(request.headers));
    return true;
  }
}
