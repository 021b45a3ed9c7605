import { Page } from '../../ui/kit';

export function ConversationPage({ interactionId }: { interactionId: string }) {
  return <Page title="Conversation">TODO {interactionId}</Page>;
}
