import type { ConversationSummary } from '../../api/types';

/** SPEC P5: who is behind the number, with correction, history and undo. */
export function ProfilePanel({ conversation }: { conversation: ConversationSummary }) {
  return <aside aria-label="Requester profile">TODO {conversation.profileId}</aside>;
}
