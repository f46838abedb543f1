import type { BatchSummary } from './client-batch.ts';
import { errorText, transactionStatus } from './server-messages.ts';
import type { WireMessage } from './wire-frames.ts';

// Which sent step the server is answering, from the order of its replies. A `Sync`, `Query` or
// `FunctionCall` step ends at its `ReadyForQuery`. A `Flush` step ends when the message that
// answers its last message arrives (`ParseComplete`, `CommandComplete`, `PortalSuspended`, …);
// after an error in the extended protocol PostgreSQL discards every message up to the next
// `Sync`, so the steps whose messages it discarded are answered by that error.

type Awaiting = { stepId: number; kind: 'ready' } | { stepId: number; kind: 'message'; accepts: string; last: boolean };

export interface StepOutcome {
  stepId: number;
  transactionStatus: 'I' | 'T' | 'E' | null;
}

export interface ResponseObserver {
  answered(outcome: StepOutcome): void;
  failed(stepId: number, error: string): void;
}

export class ResponseTracker {
  private awaiting: Awaiting[] = [];
  /** An extended-protocol error happened: PostgreSQL ignores messages until the next Sync. */
  private discarding = false;

  constructor(private readonly observer: ResponseObserver) {}

  /** A step was written to the server. */
  sent(stepId: number, summary: BatchSummary): void {
    if (summary.endsWith !== 'flush') {
      this.awaiting.push({ stepId, kind: 'ready' });
      return;
    }
    // Nothing will come back for a Flush step PostgreSQL discards, or one with nothing to answer.
    if (summary.awaited.length === 0 || (this.discarding && !this.awaiting.some((a) => a.kind === 'message'))) {
      this.observer.answered({ stepId, transactionStatus: null });
      return;
    }
    summary.awaited.forEach((accepts, i) => this.awaiting.push({ stepId, kind: 'message', accepts, last: i === summary.awaited.length - 1 }));
  }

  /** Steps sent and not answered, oldest first. */
  inFlight(): number[] {
    return [...new Set(this.awaiting.map((a) => a.stepId))];
  }

  observe(message: WireMessage): void {
    const head = this.awaiting[0];
    switch (message.type) {
      case 'Z': {
        this.discarding = false;
        const status = transactionStatus(message);
        // Flush steps before this ReadyForQuery were discarded by an error.
        while (this.awaiting.length > 0) {
          const next = this.awaiting.shift()!;
          if (next.kind === 'ready') {
            this.observer.answered({ stepId: next.stepId, transactionStatus: status });
            break;
          }
          if (next.last) this.observer.answered({ stepId: next.stepId, transactionStatus: null });
        }
        return;
      }
      case 'E': {
        if (!head) return;
        this.observer.failed(head.stepId, errorText(message).text);
        if (head.kind === 'ready') return;
        this.discarding = true;
        while (this.awaiting[0]?.kind === 'message') {
          const next = this.awaiting.shift()!;
          if (next.kind === 'message' && next.last) this.observer.answered({ stepId: next.stepId, transactionStatus: null });
        }
        return;
      }
      default:
        if (head?.kind === 'message' && head.accepts.includes(message.type)) {
          this.awaiting.shift();
          if (head.last) this.observer.answered({ stepId: head.stepId, transactionStatus: null });
        }
    }
  }

  /** The connection ended: every step still waiting will never be answered. */
  abandon(): number[] {
    const left = this.inFlight();
    this.awaiting = [];
    return left;
  }
}
