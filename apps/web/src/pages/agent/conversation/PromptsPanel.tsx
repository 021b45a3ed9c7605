// SPEC M5: what the messaging actions told the agent about this conversation, until dismissed.
import { unwrap } from '../../../api/client';
import type { AgentPrompt } from '../../../api/types';
import { useSession } from '../../../app/session';
import { useWorkspace } from '../../../app/workspace';
import { formatInstant } from '../../../domain/time';
import { useAction } from '../hooks';
import { ActionError } from './Controls';

export function PromptsPanel({ interactionId }: { interactionId: string }) {
  const { state } = useWorkspace();
  const prompts = state.prompts.filter((prompt) => prompt.interactionId === interactionId);
  if (prompts.length === 0) return null;
  return (
    <section className="prompts" aria-labelledby="prompts-title" aria-live="polite">
      <h2 id="prompts-title">Prompts</h2>
      <ul>
        {prompts.map((prompt) => (
          <PromptItem key={prompt.id} prompt={prompt} />
        ))}
      </ul>
    </section>
  );
}

function PromptItem({ prompt }: { prompt: AgentPrompt }) {
  const { api } = useSession();
  const { dispatch } = useWorkspace();
  const dismiss = useAction(async () => {
    const dismissed = await unwrap(
      api.POST('/me/prompts/{promptId}/dismiss', { params: { path: { promptId: prompt.id } } }),
    );
    // The gateway tells only this agent's other sockets; this one applies its own answer.
    dispatch({
      type: 'pushed',
      event: { type: 'prompt.dismissed', data: dismissed, at: new Date().toISOString() },
    });
  });
  return (
    <li className="prompt">
      <p>
        <strong>{prompt.actionName ?? 'Messaging action'}:</strong> {prompt.text}
      </p>
      <p className="muted">Due since {formatInstant(prompt.deadline)}</p>
      <button
        type="button"
        aria-label={`Dismiss the prompt “${prompt.text}”`}
        disabled={dismiss.busy}
        onClick={() => void dismiss.run()}
      >
        Dismiss
      </button>
      <ActionError error={dismiss.error} />
    </li>
  );
}
