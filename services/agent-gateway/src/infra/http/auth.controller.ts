import type { IncomingMessage } from 'node:http';
import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPublic, CONFIG, errorSchemaFor } from '@threadline/platform';
import { AgentErrorCodes } from '../../app/error-codes';
import { LoginUseCase } from '../../app/login.use-case';
import type { AgentGatewayConfig } from '../../config';
import { clientAddress } from '../../domain/login-limits';
import { bodyErrors } from './api-errors';
import { LoginRequestDto, LoginResponseDto } from './dto/auth.dto';
import { loginRequest } from './requests';
import { parseWith } from './validation';

@ApiTags('auth')
@ApiPublic()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LoginUseCase,
    @Inject(CONFIG) private readonly config: AgentGatewayConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with username and password; returns a bearer token' })
  @ApiBody({ type: LoginRequestDto })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors(bodyErrors('Username or password missing'), {
    status: 401,
    codes: [AgentErrorCodes.INVALID_CREDENTIALS],
    description: 'The same answer for an unknown username and a wrong password',
  })
  @ApiResponse({
    status: 429,
    description:
      'Codes: TOO_MANY_LOGIN_ATTEMPTS. Too many failed logins for this username or from this address ' +
      '(LOGIN_MAX_FAILURES_PER_USERNAME, LOGIN_MAX_FAILURES_PER_ADDRESS per LOGIN_FAILURE_WINDOW_SECONDS); ' +
      'no password is checked until the window ends',
    headers: {
      'Retry-After': {
        description: 'Seconds until a login may be tried again',
        schema: { type: 'integer', minimum: 1 },
      },
    },
    schema: errorSchemaFor([AgentErrorCodes.TOO_MANY_LOGIN_ATTEMPTS]),
  })
  async logIn(@Body() body: unknown, @Req() request: IncomingMessage): Promise<LoginResponseDto> {
    const { username, password } = parseWith(loginRequest, body, 'the login request');
    const address = clientAddress(
      request.socket.remoteAddress,
      request.headers['x-forwarded-for'],
      this.config.TRUST_PROXY_HOPS,
    );
    return this.login.execute({ username, password, address });
  }
}
