/** Keeps a rendering bug in one panel from blanking the page: the panel shows the error instead. */
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<
  { name: string; children: ReactNode },
  { error?: Error }
> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="error-banner" role="alert" data-error-code="render">
        <div className="error-head">
          <strong>The {this.props.name} failed to draw</strong>
          <button
            type="button"
            className="link"
            onClick={() => this.setState({ error: undefined })}
          >
            Try again
          </button>
        </div>
        <p className="mono">{this.state.error.message}</p>
      </div>
    );
  }
}
