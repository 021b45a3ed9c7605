import { ApiProperty } from '@nestjs/swagger';
import type { AgentPrompt } from '../../../domain/agent-prompts';

/** SPEC M5 "Prompt agent": a notice a messaging action left for the agent holding a conversation. */
export class AgentPromptDto implements AgentPrompt {
  @ApiProperty({ format: 'uuid', description: 'The id of the timer that fired (one prompt per timer)' })
  id!: string;

  @ApiProperty({ format: 'uuid', description: 'The conversation it is about' })
  interactionId!: string;

  @ApiProperty({ format: 'uuid', description: 'The messaging action that made it' })
  actionId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Nudge the agent', description: 'The action’s name' })
  actionName!: string | null;

  @ApiProperty({ example: 'The requester is waiting for your answer.', description: 'What the action says' })
  text!: string;

  @ApiProperty({ format: 'date-time', description: 'When the silence the action waited for ran out' })
  deadline!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null until dismissed' })
  dismissedAt!: string | null;
}

export class AgentPromptsDto {
  @ApiProperty({ type: [AgentPromptDto], description: 'Not dismissed yet, newest first' })
  prompts!: AgentPromptDto[];
}
