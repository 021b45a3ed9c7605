import { Module } from '@nestjs/common';
import { ApplyStatusCallbackUseCase } from './app/apply-status-callback.use-case';
import { ReceiveInboundSmsUseCase } from './app/receive-inbound-sms.use-case';
import { SendSmsUseCase } from './app/send-sms.use-case';
import { InboundSmsController } from './infra/http/inbound-sms.controller';
import { StatusCallbackController } from './infra/http/status-callback.controller';
import { TwilioSignatureGuard } from './infra/http/twilio-signature.guard';
import { OutboundSendConsumer } from './infra/outbound-send.consumer';
import { smsProviderFactory } from './infra/providers/sms-provider.factory';

@Module({
  controllers: [InboundSmsController, StatusCallbackController],
  providers: [
    smsProviderFactory,
    TwilioSignatureGuard,
    ReceiveInboundSmsUseCase,
    SendSmsUseCase,
    ApplyStatusCallbackUseCase,
    OutboundSendConsumer,
  ],
})
export class SmsGatewayModule {}
