// A terminal for one agent: logs in to the agent-gateway, becomes available, shows offers and
// messages as they arrive over the WebSocket, and lets the agent accept, reply, start a
// conversation (SPEC A1–A4), hold, resume and end one.
//
//   node scripts/agent-console.mjs alice [password]     (AGENT_GATEWAY_URL, default http://127.0.0.1:3000)
//
// It uses the same client as the tests (packages/testkit), so run `npm start` (which builds) first.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './lib.mjs';
import { runOnPinnedNode } from './runtime.mjs';

await runOnPinnedNode();

const require = createRequire(import.meta.url);
const { AgentClient } = require(join(ROOT, 'packages', 'testkit', 'dist', 'agent-client.js'));

const [username, password = 'threadline-demo'] = process.argv.slice(2);
if (!username) {
  process.stderr.write('usage: node scripts/agent-console.mjs <username> [password]\n');
  process.exit(2);
}
const baseUrl = process.env.AGENT_GATEWAY_URL ?? 'http://127.0.0.1:3000';

/** Short numbers for interactions, so the agent can type `reply 2 ...` instead of a uuid. */
const numbers = new Map();
const byNumber = new Map();
function numberOf(interactionId) {
  if (!numbers.has(interactionId)) {
    numbers.set(interactionId, numbers.size + 1);
    byNumber.set(numbers.size, interactionId);
  }
  return numbers.get(interactionId);
}
const offers = new Map();
/** A start waiting for the agent's `yes` (SPEC A3/A4 warn before sending). */
let pendingStart = null;

function print(line) {
  process.stdout.write(`\r${line}\n> `);
}

let agent;
try {
  agent = await AgentClient.login(baseUrl, username, password);
} catch (error) {
  process.stderr.write(`cannot log in as ${username} at ${baseUrl}: ${error.message}\n`);
  process.exit(1);
}
await agent.connect();
await agent.setPresence('available');
print(`logged in as ${username}; you are available. Type "help" for commands.`);

agent.onEvent(async (event) => {
  const data = event.data;
  const n = typeof data.interactionId === 'string' ? numberOf(data.interactionId) : '?';
  switch (event.type) {
    case 'offer.created': {
      offers.set(n, data.workItemId);
      const offer = await offerDetails(data);
      const from = offer.requesterAddress ? `${offer.requesterAddress} → ${offer.companyAddress}` : '';
      const first = offer.firstMessage ? `: "${offer.firstMessage}"` : '';
      print(`[${n}] new offer ${from}${first}   (accept ${n} | reject ${n})`);
      break;
    }
    case 'offer.withdrawn':
      offers.delete(n);
      print(`[${n}] offer withdrawn (rejected, timed out, or the conversation ended)`);
      break;
    case 'interaction.updated':
      print(`[${n}] ${data.state ?? 'updated'}${data.assigneeId === agent.agentId ? ' (yours)' : ''}`);
      break;
    case 'message.appended':
      if (data.direction === 'inbound') print(`[${n}] requester: ${data.body}`);
      break;
    case 'prompt.created':
      // SPEC M5: a messaging action reminds the agent holding the conversation.
      print(`[${n}] reminder: ${data.text}`);
      break;
    case 'message.status-changed':
      print(`[${n}] your message is ${data.deliveryStatus}${data.errorCode ? ` (${data.errorCode})` : ''}`);
      break;
    default:
      break;
  }
});

/**
 * The offer as the Inbox shows it. The push can come before the gateway learnt the
 * conversation's details (events travel independently), so ask the Inbox for a moment.
 */
async function offerDetails(pushed) {
  for (let attempt = 0; attempt < 10 && !pushed.firstMessage; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const inbox = await agent.call('GET', '/inbox/offers');
    const found = inbox.body?.items?.find((offer) => offer.workItemId === pushed.workItemId);
    if (found) pushed = found;
  }
  return pushed;
}

function errorOf(answer) {
  return answer.body?.error ? `${answer.body.error.code}: ${answer.body.error.message}` : '';
}

/** A company number as typed, or by its label ("Support"); "-" is the pre-filled one. */
async function companyNumber(typed) {
  const answer = await agent.call('GET', '/me/company-numbers');
  if (answer.status !== 200) return print(`company numbers: ${answer.status} ${errorOf(answer)}`);
  const { items, default: prefilled } = answer.body;
  if (typed === '-') {
    if (prefilled) return prefilled;
    return print(`pick one of: ${items.map((n) => `${n.label} ${n.address}`).join(', ') || 'none allowed'}`);
  }
  const found = items.find((n) => n.label.toLowerCase() === typed.toLowerCase());
  if (found) return found.address;
  if (!/[0-9]/.test(typed)) {
    return print(
      `no company number "${typed}"; yours: ${items.map((n) => `${n.label} ${n.address}`).join(', ')}`,
    );
  }
  // A number goes to the gateway as typed: it normalises it and says whether it is yours.
  return typed;
}

async function sendStart(request) {
  const answer = await agent.call('POST', '/outbound/conversations', request);
  if (answer.status !== 201) return print(`start: ${answer.status} ${errorOf(answer)}`);
  const { rule, interactionId, closedInteractionId } = answer.body;
  const closed = closedInteractionId ? `; closed [${numberOf(closedInteractionId)}]` : '';
  print(`[${numberOf(interactionId)}] ${rule}: sending…${closed}`);
}

async function lifecycle(n, action, body) {
  const interactionId = byNumber.get(Number(n));
  if (!interactionId) return print(`no conversation [${n}]`);
  const answer = await agent.call('POST', `/interactions/${interactionId}/${action}`, body);
  print(answer.status === 200 ? `[${n}] ${answer.body.state}` : `[${n}] ${answer.status} ${errorOf(answer)}`);
}

const commands = {
  help: () =>
    print(
      [
        'accept N | reject N [reason] | reply N text | show N | ongoing | available | away | quit',
        '                                   (N: the number in [brackets])',
        'start NUMBER-OR-LABEL PHONE text   (e.g. start Support 555-123-0001 Hello: the phone without spaces;',
        '                                    "-" for your one company number) | hold N | resume N | wrapup N',
        'end N [abandoned] [note] | timers N (messaging-action deadlines) | prompts (reminders) | dismiss ID',
      ].join('\n'),
    ),
  accept: async ([n]) => {
    const workItemId = offers.get(Number(n));
    if (!workItemId) return print(`no offer [${n}]`);
    const answer = await agent.call('POST', `/offers/${workItemId}/accept`);
    print(answer.status === 200 ? `[${n}] accepted` : `[${n}] ${answer.status} ${answer.body?.error?.code}`);
  },
  reject: async ([n, ...words]) => {
    const workItemId = offers.get(Number(n));
    if (!workItemId) return print(`no offer [${n}]`);
    const answer = await agent.call(
      'POST',
      `/offers/${workItemId}/reject`,
      words.length > 0 ? { reason: words.join(' ') } : {},
    );
    print(answer.status === 200 ? `[${n}] rejected` : `[${n}] ${answer.status} ${answer.body?.error?.code}`);
  },
  reply: async ([n, ...words]) => {
    const interactionId = byNumber.get(Number(n));
    if (!interactionId || words.length === 0) return print('usage: reply N text');
    const answer = await agent.call('POST', `/interactions/${interactionId}/messages`, {
      body: words.join(' '),
    });
    print(answer.status === 202 ? `[${n}] sending…` : `[${n}] ${answer.status} ${answer.body?.error?.code}`);
  },
  start: async ([company, to, ...words]) => {
    if (!company || !to || words.length === 0) return print('usage: start NUMBER-OR-LABEL PHONE text');
    const companyAddress = await companyNumber(company);
    if (!companyAddress) return;
    const target = { companyAddress, to };
    const check = await agent.call('POST', '/outbound/precheck', target);
    if (check.status !== 200) return print(`start: ${check.status} ${errorOf(check)}`);
    const plan = check.body;
    const lines = [
      `${plan.requesterAddress} from ${plan.companyLabel} (${plan.companyAddress}): ${plan.rule}`,
    ];
    for (const active of plan.active) {
      const who =
        active.assigneeName ??
        active.assigneeId ??
        (active.handledBy === 'virtual_agent' ? 'the virtual agent' : 'nobody');
      lines.push(
        `  ongoing [${numberOf(active.interactionId)}] ${active.state}, with ${who}, about ${active.requesterName ?? 'a guest'}`,
      );
    }
    const request = { ...target, body: words.join(' '), clientMessageId: randomUUID() };
    if (!plan.confirmationRequired) {
      print(lines.join('\n'));
      return sendStart(request);
    }
    pendingStart = { ...request, acknowledgeWarning: true };
    print([...lines, `  ${plan.warning}`, '  type "yes" to send, anything else to cancel'].join('\n'));
  },
  hold: ([n]) => lifecycle(n, 'hold'),
  resume: ([n]) => lifecycle(n, 'resume'),
  wrapup: ([n]) => lifecycle(n, 'wrap-up'),
  end: ([n, ...rest]) => {
    const abandoned = rest[0] === 'abandoned';
    const note = (abandoned ? rest.slice(1) : rest).join(' ');
    return lifecycle(n, 'end', { outcome: abandoned ? 'abandoned' : 'complete', ...(note ? { note } : {}) });
  },
  show: async ([n]) => {
    const interactionId = byNumber.get(Number(n));
    if (!interactionId) return print(`no conversation [${n}]`);
    const answer = await agent.call('GET', `/interactions/${interactionId}`);
    if (answer.status !== 200) return print(`[${n}] ${answer.status} ${answer.body?.error?.code}`);
    const { interaction, messages } = answer.body;
    const lines = messages.map(
      (m) =>
        `  ${m.direction === 'inbound' ? 'requester' : 'agent    '}: ${m.body}${m.deliveryStatus ? `  (${m.deliveryStatus})` : ''}`,
    );
    print([`[${n}] ${interaction.requesterAddress} (${interaction.state})`, ...lines].join('\n'));
  },
  timers: async ([n]) => {
    const interactionId = byNumber.get(Number(n));
    if (!interactionId) return print(`no conversation [${n}]`);
    const answer = await agent.call('GET', `/interactions/${interactionId}/timers`);
    if (answer.status !== 200) return print(`[${n}] ${answer.status} ${errorOf(answer)}`);
    const { timers } = answer.body;
    print(
      timers.length === 0
        ? `[${n}] no messaging-action timer armed`
        : timers.map((t) => `[${n}] ${t.actionName ?? t.actionId} at ${t.dueAt}`).join('\n'),
    );
  },
  prompts: async () => {
    const answer = await agent.call('GET', '/me/prompts');
    const list = answer.body?.prompts ?? [];
    print(
      list.length === 0
        ? 'no reminders'
        : list.map((p) => `[${numberOf(p.interactionId)}] ${p.text}   (dismiss ${p.id})`).join('\n'),
    );
  },
  dismiss: async ([id]) => {
    const answer = await agent.call('POST', `/me/prompts/${id}/dismiss`);
    print(answer.status === 200 ? 'dismissed' : `dismiss: ${answer.status} ${errorOf(answer)}`);
  },
  ongoing: async () => {
    const answer = await agent.call('GET', '/interactions/ongoing');
    const list = answer.body?.items ?? [];
    print(
      list.length === 0
        ? 'nothing ongoing'
        : list
            .map((c) => `[${numberOf(c.interactionId)}] ${c.requesterAddress} unread ${c.unreadCount}`)
            .join('\n'),
    );
  },
  available: async () => print(JSON.stringify(await agent.setPresence('available'))),
  away: async () => print(JSON.stringify(await agent.setPresence('away'))),
  quit: async () => {
    await agent.setPresence('offline').catch(() => undefined);
    agent.close();
    process.exit(0);
  },
};

const input = createInterface({ input: process.stdin });
process.stdout.write('> ');
input.on('line', async (line) => {
  if (pendingStart) {
    const request = pendingStart;
    pendingStart = null;
    if (line.trim().toLowerCase() !== 'yes') return print('not sent');
    return sendStart(request).catch((error) => print(`failed: ${error.message}`));
  }
  const [name, ...args] = line.trim().split(/\s+/);
  if (!name) return process.stdout.write('> ');
  const command = commands[name];
  if (!command) return print(`unknown command ${name}; type help`);
  try {
    await command(args);
  } catch (error) {
    print(`failed: ${error.message}`);
  }
});
input.on('close', () => commands.quit());
