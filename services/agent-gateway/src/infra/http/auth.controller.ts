import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPublic } from '@threadline/platform';
import { AgentErrorCodes } from '../../app/error-codes';
import { LoginUseCase } from '../../app/login.use-case';
import { bodyErrors } from './api-errors';
import { LoginRequestDto, LoginResponseDto } from './dto/auth.dto';
import { loginRequest } from './requests';
import { parseWith } from './validation';

@ApiTags('auth')
@ApiPublic()
@Controller('auth')
export class AuthController {
  constructor(private readonly login: LoginUseCase) {}

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
  async logIn(@Body() body: unknown): Promise<LoginResponseDto> {
    return this.login.execute(parseWith(loginRequest, body, 'the login request'));
  }
}
