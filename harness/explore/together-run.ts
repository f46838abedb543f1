import { serialize } from 'pg-protocol';
import { errorText, transactionStatus } from './server-messages.ts';
import { readyForQuery } from './server-relay.ts';
import type { TogetherGroup } from './together-group.ts';
import type { WireMessage } from './wire-frames.ts';

// One co-released step on its connection (see together-group.ts for why this is legal): the
// proxy's BEGIN, the client's statement, then — when the group says so — the proxy's COMMIT
// (or ROLLBACK after an error). The proxy's own answers are swallowed and the statement's
// ReadyForQuery reaches the client only after the commit, rewritten to idle.

export interface TogetherHooks {
  /** Writes to PostgreSQL. */
  write(bytes: Buffer): void;
  answered(status: 'I'): void;
  failed(error: string): void;
  /** The run is over; the connection goes back to forwarding as usual. */
  ended(): void;
}

export class TogetherRun {
  private phase: 'begin' | 'statement' | 'finished' | 'commit' | 'rollback' = 'begin';

  constructor(private readonly stepId: number, private readonly group: TogetherGroup, private readonly hooks: TogetherHooks) {}

  /** Writes the proxy's BEGIN and the step, together. */
  start(step: Buffer): void {
    this.hooks.write(Buffer.concat([serialize.query('BEGIN'), step]));
  }

  filter(message: WireMessage): Buffer | null {
    const { type } = message;
    switch (this.phase) {
      case 'begin':
        if (type === 'Z') this.phase = 'statement';
        if (type === 'E') this.hooks.failed(`proxy BEGIN: ${errorText(message).text}`);
        return type === 'C' || type === 'Z' || type === 'E' ? null : message.bytes;
      case 'statement':
        if (type === 'E') this.hooks.failed(errorText(message).text);
        if (type !== 'Z') return message.bytes;
        if (transactionStatus(message) === 'E') {
          this.phase = 'rollback';
          this.hooks.write(serialize.query('ROLLBACK'));
          this.group.done(this.stepId);
        } else {
          this.phase = 'finished';
          this.group.finished(this.stepId, () => {
            this.phase = 'commit';
            this.hooks.write(serialize.query('COMMIT'));
          });
        }
        return null;
      case 'finished':
        return message.bytes;
      case 'commit':
      case 'rollback':
        if (type === 'C') return null;
        if (type === 'E') {
          // A failed COMMIT is the statement's error, as in autocommit; a failed ROLLBACK cannot happen.
          if (this.phase === 'rollback') return null;
          this.hooks.failed(errorText(message).text);
          return message.bytes;
        }
        if (type !== 'Z') return message.bytes;
        this.hooks.answered('I');
        this.hooks.ended();
        return readyForQuery('I');
    }
  }
}
