import { Module } from '@nestjs/common';
import { mediaStorageProvider } from '@threadline/platform';
import { KeepInboundMedia } from './app/keep-inbound-media';
import { MediaUrlSigner } from './app/media-url-signer';
import { ApplyStatusCallbackUseCase } from './app/apply-status-callback.use-case';
import { KeepRejectedInboundSmsUseCase } from './app/keep-rejected-inbound-sms.use-case';
import { ReceiveInboundSmsUseCase } from './app/receive-inbound-sms.use-case';
import { SendSmsUseCase } from './app/send-sms.use-case';
import { MediaController } from './infra/http/media.controller';
import { InboundSmsController } from './infra/http/inbound-sms.controller';
import { RejectedInboundController } from './infra/http/rejected-inbound.controller';
import { StatusCallbackController } from './infra/http/status-callback.controller';
import { TwilioSignatureGuard } from './infra/http/twilio-signature.guard';
import { WebhookFormReader } from './infra/http/webhook-form-reader';
import { OutboundSendConsumer } from './infra/outbound-send.consumer';
import { smsProviderFactory } from './infra/providers/sms-provider.factory';
import { SmsGatewayMetrics } from './infra/sms-gateway.metrics';

@Module({
  controllers: [InboundSmsController, StatusCallbackController, RejectedInboundController, MediaController],
  providers: [
    smsProviderFactory,
    mediaStorageProvider,
    KeepInboundMedia,
    MediaUrlSigner,
    TwilioSignatureGuard,
    WebhookFormReader,
    SmsGatewayMetrics,
    ReceiveInboundSmsUseCase,
    KeepRejectedInboundSmsUseCase,
    SendSmsUseCase,
    ApplyStatusCallbackUseCase,
    OutboundSendConsumer,
  ],
})
export class SmsGatewayModule {}
