import { Module } from '@nestjs/common';
import { mediaStorageProvider } from '@threadline/platform';
import { KeepInboundMedia } from './app/keep-inbound-media';
import { MediaUrlSigner } from './app/media-url-signer';
import { ApplyStatusCallbackUseCase } from './app/apply-status-callback.use-case';
import { KeepRejectedInboundSmsUseCase } from './app/keep-rejected-inbound-sms.use-case';
import { ReceiveInboundSmsUseCase } from './app/receive-inbound-sms.use-case';
import { ProviderSend } from './app/provider-send';
import { SendSmsUseCase } from './app/send-sms.use-case';
import { WaitSendTurnUseCase } from './app/wait-send-turn.use-case';
import { MediaController } from './infra/http/media.controller';
import { InboundSmsController } from './infra/http/inbound-sms.controller';
import { RejectedInboundController } from './infra/http/rejected-inbound.controller';
import { StatusCallbackController } from './infra/http/status-callback.controller';
import { TelnyxSignatureGuard } from './infra/http/telnyx-signature.guard';
import { TelnyxWebhookController } from './infra/http/telnyx-webhook.controller';
import { TwilioSignatureGuard } from './infra/http/twilio-signature.guard';
import { WebhookFormReader } from './infra/http/webhook-form-reader';
import { OutboundSendConsumer } from './infra/outbound-send.consumer';
import { smsProvidersFactory } from './infra/providers/sms-providers.factory';
import { SendRateLimiter } from './infra/send-rate-limiter';
import { SmsGatewayMetrics } from './infra/sms-gateway.metrics';

@Module({
  controllers: [
    InboundSmsController,
    StatusCallbackController,
    RejectedInboundController,
    TelnyxWebhookController,
    MediaController,
  ],
  providers: [
    smsProvidersFactory,
    mediaStorageProvider,
    KeepInboundMedia,
    MediaUrlSigner,
    TwilioSignatureGuard,
    TelnyxSignatureGuard,
    WebhookFormReader,
    SmsGatewayMetrics,
    ReceiveInboundSmsUseCase,
    KeepRejectedInboundSmsUseCase,
    ProviderSend,
    SendSmsUseCase,
    SendRateLimiter,
    WaitSendTurnUseCase,
    ApplyStatusCallbackUseCase,
    OutboundSendConsumer,
  ],
})
export class SmsGatewayModule {}
