/**
 * Keeps a rendering bug, or code that did not download (a lazy chunk, offline or after a
 * deploy replaced it), in one part of the page from blanking the rest: that part shows the error
 * in place, with a way to try again.
 */
import { Component, type ReactNode } from 'react';

/** What the browser says when a lazily imported module (or one it imports) does not download. */
export function isLoadFailure(error: Error): boolean {
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported/i.test(
    error.message,
  );
}

export class ErrorBoundary extends Component<
  {
    name: string;
    children: ReactNode;
    /** Runs before trying again (e.g. a fresh lazy import after a failed one). */
    onRetry?: () => void;
    /** Drawn instead of the default banner. */
    fallback?: (error: Error, retry: () => void) => ReactNode;
  },
  { error?: Error }
> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  retry = () => {
    this.props.onRetry?.();
    this.setState({ error: undefined });
  };

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (this.props.fallback) return this.props.fallback(error, this.retry);
    const loading = isLoadFailure(error);
    return (
      <div className="error-banner" role="alert" data-error-code={loading ? 'load' : 'render'}>
        <div className="error-head">
          <strong>
            The {this.props.name} {loading ? 'could not load' : 'failed to draw'}
          </strong>
          <button type="button" className="link" onClick={this.retry}>
            Try again
          </button>
        </div>
        <p className="mono">{error.message}</p>
        {loading && (
          <p className="muted">
            Its code did not download: the network may be down, or a newer version of the page was
            deployed (reload the page then). Everything else still works.
          </p>
        )}
      </div>
    );
  }
}

/** The last resort, around the whole page: something outside every panel's boundary failed. */
export function PageFailure({ error, retry }: { error: Error; retry: () => void }) {
  return (
    <div className="page-failure error-banner" role="alert" data-error-code="render">
      <div className="error-head">
        <strong>Workflow Playground failed to draw</strong>
        <button type="button" className="link" onClick={retry}>
          Try again
        </button>
        <button type="button" className="link" onClick={() => location.reload()}>
          Reload the page
        </button>
      </div>
      <p className="mono">{error.message}</p>
      <p className="muted">The loaded session is kept: reloading restores it.</p>
    </div>
  );
}
