import { type RequestHandler, type Response } from 'express';
import { type SimulatorState } from '../app/simulator-state';

/**
 * Stands in front of a provider's send route during an outage (`PUT /sim/outage`): `error`
 * answers with the outage's 5xx in the provider's own error shape, `timeout` holds the request
 * unanswered until the outage ends and then drops the connection. Either way nothing is sent.
 */
export function outageGate(
  state: SimulatorState,
  answerError: (res: Response, status: number) => void,
): RequestHandler {
  return (req, res, next) => {
    const outage = state.currentOutage();
    if (!outage) {
      next();
      return;
    }
    if (outage.mode === 'error') {
      answerError(res, outage.status);
      return;
    }
    void state.outageEnded().then(() => req.socket.destroy());
  };
}
