/** Keeps one failing panel (a slot another feature fills) from taking the whole app down. */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props { name: string; children: ReactNode }
interface State { error?: Error }

export class SlotBoundary extends Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`The ${this.props.name} panel failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="pw-slot-error" role="alert" data-testid={`slot-error-${this.props.name.toLowerCase()}`}>
        <strong>{this.props.name} failed to render.</strong> {this.state.error.message}
        <button type="button" className="pw-btn is-ghost" onClick={() => this.setState({ error: undefined })}>Retry</button>
      </div>
    );
  }
}
