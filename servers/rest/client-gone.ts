/** An AbortSignal that fires when the client's connection closes before its answer was sent. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function clientGoneSignal(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) controller.abort();
  };
  res.once('close', onClose);
  req.once('error', onClose);
  return controller.signal;
}
