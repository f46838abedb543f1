import { PgProxyControlError } from './control-error.ts';
import type { ConnectionSnapshot, ProxyEvent, ProxyMode, StepSnapshot, StepState } from './client-step.ts';

// A typed client of the proxy's control API (control-server.ts), for the scheduler and tests.

/** What the control API refused, as the client sees it: the server's own error, code and fix. */
export { PgProxyControlError as PgProxyControlClientError } from './control-error.ts';

export interface ProxyState {
  mode: ProxyMode;
  connections: ConnectionSnapshot[];
  steps: StepSnapshot[];
}

export class PgProxyControl {
  private readonly base: string;
  /** Events seen by waitForStep, so one event is found by a later wait too. */
  private cursor = 0;
  private readonly latest = new Map<number, StepSnapshot>();

  constructor(controlUrl: string) {
    this.base = controlUrl.replace(/\/$/, '');
  }

  state(): Promise<ProxyState> {
    return this.request('GET', '/state');
  }
  setMode(mode: ProxyMode): Promise<{ mode: ProxyMode; released: StepSnapshot[] }> {
    return this.request('PUT', '/mode', { mode });
  }
  /** Releases held steps, in this order. */
  release(...steps: number[]): Promise<{ released: StepSnapshot[] }> {
    return this.request('POST', '/release', { steps });
  }
  releaseTogether(...steps: number[]): Promise<{ released: StepSnapshot[] }> {
    return this.request('POST', '/release-together', { steps });
  }
  /** Long-poll: events after `after`, waiting up to `waitMs` (capped at 30 s by the proxy) for one. */
  events(after: number, waitMs: number): Promise<{ events: ProxyEvent[]; last: number; missed: number }> {
    return this.request('GET', `/events?after=${after}&wait=${Math.max(0, Math.floor(waitMs))}`);
  }

  /**
   * The latest state of the first step (since this client was made) that satisfies `predicate`
   * once it is in one of `states`; follows the event long-poll until `timeoutMs`.
   */
  async waitForStep(predicate: (step: StepSnapshot) => boolean, states: StepState[], timeoutMs: number): Promise<StepSnapshot> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const step of this.latest.values()) if (predicate(step) && states.includes(step.state)) return step;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`pg-proxy: no step reached ${states.join('/')} within ${timeoutMs} ms; pending: ${JSON.stringify((await this.state()).steps.map((s) => [s.id, s.label, s.state]))}`);
      const { events, last } = await this.events(this.cursor, Math.min(left, 10_000));
      this.cursor = last;
      for (const event of events) if (event.kind === 'step') this.latest.set(event.step.id, event.step);
    }
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const data = (await res.json()) as { error?: { code: string; message: string; fix: string } };
    if (!res.ok) {
      const error = data.error ?? { code: 'E_PG_PROXY_HTTP', message: JSON.stringify(data), fix: 'see the proxy log' };
      throw new PgProxyControlError(res.status, error.code, `pg-proxy ${method} ${path} answered ${res.status}: ${error.message}`, error.fix);
    }
    return data as T;
  }
}
