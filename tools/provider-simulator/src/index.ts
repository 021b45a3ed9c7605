export { startProviderSimulator, type ProviderSimulator, type ProviderSimulatorOptions } from './simulator';
export { loadSimulatorConfig, ConfigError, type SimulatorConfig, type LogLevel } from './config';
export { type FailureRule, type FailureStatus } from './domain/failure-rules';
export { type SendFromPhoneResult } from './app/send-from-phone.use-case';
export { type InboxEntryView, type MessageView, type ThreadEntryView } from './infra/sim-views';
export { DEMO_PHONE_BOOK, type PhoneBook, type PhoneBookEntry } from './domain/demo-phone-book';
export { SimErrorCode, type SimErrorBody } from './infra/sim-api-error';
export { type TwilioMessageResource } from './domain/twilio-message-resource';
export { type TwilioErrorBody } from './domain/twilio-error';
