/**
 * A remote codec server, as the Temporal Web UI and CLI use one: `POST {endpoint}/decode` with a
 * proto3 JSON body `{"payloads": [...]}` (every bytes field, metadata values included, base64)
 * and an `X-Namespace` header; the answer has the same shape, payloads decoded, in the same order.
 */
import { Payload, type temporal } from './index.ts';

type IPayload = temporal.api.common.v1.IPayload;

export interface CodecServerConfig {
  /** Base URL; `{namespace}` in it is replaced, as the Temporal CLI's --codec-endpoint allows. */
  endpoint: string;
  namespace: string;
  /** Sent as the Authorization header when set (e.g. `Bearer …`). */
  authorization?: string;
  /** More headers for every request (the Temporal CLI's --codec-header). */
  headers?: Record<string, string>;
  /** Send cookies with the request (the Web UI's "include cross-origin credentials"). */
  includeCredentials?: boolean;
}

export class CodecServerError extends Error {
  override readonly name = 'CodecServerError';
}

export function decodeUrl(config: CodecServerConfig): string {
  const base = config.endpoint.replaceAll('{namespace}', encodeURIComponent(config.namespace));
  return `${base.replace(/\/+$/, '')}/decode`;
}

/** Decodes payloads through the server; the result is index-aligned with the input. */
export async function decodeWithCodecServer(
  config: CodecServerConfig,
  payloads: IPayload[],
): Promise<IPayload[]> {
  if (payloads.length === 0) return [];
  const url = decodeUrl(config);
  const headers: Record<string, string> = {
    ...config.headers,
    'Content-Type': 'application/json',
    'X-Namespace': config.namespace,
  };
  if (config.authorization) headers['Authorization'] = config.authorization;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      credentials: config.includeCredentials ? 'include' : 'same-origin',
      body: JSON.stringify({ payloads: payloads.map((p) => Payload.toJSON(p)) }),
    });
  } catch (thrown) {
    throw new CodecServerError(
      `codec server ${url}: request failed (${thrown instanceof Error ? thrown.message : String(thrown)}); is it running, and does it allow this origin (CORS)?`,
    );
  }
  if (!response.ok) {
    throw new CodecServerError(
      `codec server ${url} answered ${response.status} ${response.statusText}`.trim(),
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new CodecServerError(`codec server ${url} did not answer with JSON`);
  }
  const decoded = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(decoded) || decoded.length !== payloads.length) {
    throw new CodecServerError(
      `codec server ${url} answered with ${Array.isArray(decoded) ? decoded.length : 'no'} payloads for ${payloads.length} sent`,
    );
  }
  return decoded.map((p, i) => {
    try {
      return Payload.type.fromObject(p as Record<string, unknown>) as IPayload;
    } catch (thrown) {
      throw new CodecServerError(
        `codec server ${url}: payload ${i} of the answer is not a Payload: ${(thrown as Error).message}`,
      );
    }
  });
}
