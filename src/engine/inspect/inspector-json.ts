/**
 * JSON views of protobuf messages for the inspectors: payloads become inspectable nodes (decoded
 * value plus raw bytes), failures are tagged for cause-chain display, and payloads can first go
 * through a remote codec server.
 */
import { preservedJson } from '../history/events.ts';
import { codec, type Codec, type temporal } from '../proto/index.ts';
import { jsonView, type ViewHooks } from '../proto/json-view.ts';
import { inspectorHooks } from '../proto/payload-view.ts';
import { decodeWithCodecServer, decodeUrl, type CodecServerConfig } from '../proto/codec-server.ts';

type IPayload = temporal.api.common.v1.IPayload;

export const HistoryEventCodec = codec<temporal.api.history.v1.IHistoryEvent>(
  'temporal.api.history.v1.HistoryEvent',
);

export interface InspectorJson {
  json: Record<string, unknown>;
  /** Set when a codec server was configured but could not decode. */
  codecError?: string;
}

/** What loading kept of the input that the schema does not know, shown marked as unknown. */
const withUnknown = (hooks: ViewHooks): ViewHooks => ({
  ...hooks,
  unknown: (message) => preservedJson.get(message),
});

/** The view of a message, with payloads decoded by the codec server when one is configured. */
export async function inspectorJson<T>(
  type: Codec<T>,
  message: T,
  codecServer?: CodecServerConfig,
): Promise<InspectorJson> {
  if (!codecServer) return { json: jsonView(type, message, withUnknown(inspectorHooks())) };
  const found: IPayload[] = [];
  jsonView(type, message, {
    payload: (p) => {
      found.push(p as unknown as IPayload);
      return null;
    },
  });
  try {
    const decoded = await decodeWithCodecServer(codecServer, found);
    const replacement = new Map(found.map((p, i) => [p, decoded[i]!]));
    return {
      json: jsonView(
        type,
        message,
        withUnknown(
          inspectorHooks((p) => replacement.get(p), `codec server ${decodeUrl(codecServer)}`),
        ),
      ),
    };
  } catch (thrown) {
    return {
      json: jsonView(type, message, withUnknown(inspectorHooks())),
      codecError: thrown instanceof Error ? thrown.message : String(thrown),
    };
  }
}
