import { describe, expect, it } from 'vitest';
import { explainConnectError } from '../../src/node/bridge/connection.ts';

// Messages as core-bridge's client printed them when pointed at a plain HTTP server, collected by
// running the bridge against one many times under CPU load: which one appears depends on timing.
const NOT_GRPC = [
  `Failed to call GetSystemInfo: code: 'Unknown error', message: "h2 protocol error: http2 error", source: tonic::transport::Error(Transport, hyper::Error(Http2, Error { kind: GoAway(b"", FRAME_SIZE_ERROR, Library) }))`,
  `Failed to call GetSystemInfo: code: 'Unknown error', message: "transport error", source: tonic::transport::Error(Transport, hyper::Error(Io, Custom { kind: BrokenPipe, error: "stream closed because of a broken pipe" }))`,
  `Failed to call GetSystemInfo: code: 'The operation was cancelled', message: "operation was canceled", source: tonic::transport::Error(Transport, hyper::Error(Canceled, "connection closed"))`,
  `Failed to call GetSystemInfo: code: 'The operation was cancelled', message: "operation was canceled", source: tonic::transport::Error(Transport, hyper::Error(Canceled, "connection was not ready"))`,
  // A wording no run has shown yet: the conclusion must not depend on it.
  'something new',
];

describe('explainConnectError', () => {
  it.each(NOT_GRPC)('says a non-gRPC answer hung up, whatever the timing: %s', (message) => {
    const said = explainConnectError('127.0.0.1:8080', message);
    expect(said).toContain('what answers there hung up or does not speak gRPC');
    expect(said).toContain(message);
  });

  it('tells apart what is known before blaming the protocol', () => {
    expect(
      explainConnectError('h:1', 'tcp connect error: Connection refused (os error 111)'),
    ).toMatch(/nothing is listening there/);
    expect(explainConnectError('h:1', 'dns error: failed to lookup address information')).toMatch(
      /the host name does not resolve/,
    );
    expect(explainConnectError('h:1', 'Timeout expired: deadline exceeded')).toMatch(
      /no answer in time/,
    );
    expect(explainConnectError('h:1', 'status: Unauthenticated, message: "bad key"')).toMatch(
      /refused the credentials/,
    );
    expect(explainConnectError('h:1', 'invalid peer certificate: UnknownIssuer')).toMatch(
      /TLS handshake failed/,
    );
  });
});
