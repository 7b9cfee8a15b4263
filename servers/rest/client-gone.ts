/** An AbortSignal that fires when the client's connection closes before its answer was sent. */
import type { IncomingMessage, ServerResponse } from 'node:http';

const GONE = new Error('the client closed the connection'); // one reason object: no DOMException per abort

export function clientGoneSignal(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) controller.abort(GONE);
  };
  res.once('close', onClose);
  req.once('error', onClose);
  return controller.signal;
}
