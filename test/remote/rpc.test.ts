/**
 * The RPC helper on its own: answers matched to requests by id whatever order they come in,
 * progress notes before the answer, and a request of another protocol version refused, not
 * misread.
 */
import { describe, expect, it } from 'vitest';
import {
  RequestError,
  RpcClient,
  serveRpc,
  type RpcReply,
  type RpcRequest,
} from '../../src/engine/rpc/rpc.ts';

type Calls = {
  slow: { request: { ms: number }; result: string; progress: number };
  echo: { request: string; result: string };
};
type Err = { code: string; message: string };

function pair(serverVersion: number, clientVersion: number) {
  const wired: { client?: RpcClient<Calls, Err> } = {};
  const serve = serveRpc<Calls, Err>(
    { send: (reply: RpcReply<Calls, Err>) => queueMicrotask(() => wired.client!.receive(reply)) },
    {
      slow: async ({ ms }, progress) => {
        progress(1);
        await new Promise((resolve) => setTimeout(resolve, ms));
        return `slept ${ms}`;
      },
      echo: (text) => text,
    },
    {
      version: serverVersion,
      toError: (thrown) => ({ code: 'failed', message: String(thrown) }),
      serial: (call) => call === 'slow',
    },
  );
  wired.client = new RpcClient<Calls, Err>(
    { send: (request: RpcRequest<Calls>) => queueMicrotask(() => serve(request)) },
    clientVersion,
  );
  return wired.client;
}

describe('the RPC helper', () => {
  it('matches answers to requests by id, with progress notes before the answer', async () => {
    const client = pair(1, 1);
    const notes: number[] = [];
    const slow = client.request('slow', { ms: 20 }, { progress: (n) => notes.push(n) });
    // Not serial: answered while the slow one is still running.
    const order: string[] = [];
    await Promise.all([
      slow.then((r) => order.push(r)),
      client.request('echo', 'hi').then((r) => order.push(r)),
    ]);
    expect(order).toEqual(['hi', 'slept 20']);
    expect(notes).toEqual([1]);
    expect(client.pending).toBe(0);
  });

  it('refuses a request of another protocol version with an error saying so', async () => {
    const client = pair(2, 1);
    const thrown = await client.request('echo', 'hi').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(RequestError);
    expect((thrown as RequestError).error).toEqual({
      code: 'bad-request',
      message: 'The engine speaks protocol version 2, the request version 1: reload the page.',
    });
  });
});
