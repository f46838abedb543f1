import { readCString } from './wire-frames.ts';
import type { WireMessage } from './wire-frames.ts';
import type { StepEnd } from './client-step.ts';

// Reading one batch of client messages: which SQL it runs (the text of each executed portal's
// statement, remembered from the `Parse` that named it, maybe in an earlier batch) and which
// server message answers each of its messages, so that a `Flush` step is known to be answered
// without a `ReadyForQuery`.

/** The server message types that complete a client message's response ('' = none expected). */
const ANSWERED_BY: Record<string, string> = {
  P: '1', // ParseComplete
  B: '2', // BindComplete
  C: '3', // CloseComplete
  D: 'Tn', // RowDescription or NoData (after an optional ParameterDescription)
  E: 'CsI', // CommandComplete, PortalSuspended, EmptyQueryResponse (or an error)
};

/** Per connection: statement and portal names to their SQL text. */
export class PreparedNames {
  readonly statements = new Map<string, string>();
  readonly portals = new Map<string, string>();
}

export interface BatchSummary {
  sql: string[];
  endsWith: StepEnd;
  /** For a `Flush` step: the server message types that end each message's response, in order. */
  awaited: string[];
}

export function summariseBatch(messages: WireMessage[], names: PreparedNames): BatchSummary {
  const executed: string[] = [];
  const parsed: string[] = [];
  const awaited: string[] = [];
  let endsWith: StepEnd = 'sync';
  for (const { type, bytes } of messages) {
    const answeredBy = ANSWERED_BY[type];
    if (answeredBy) awaited.push(answeredBy);
    switch (type) {
      case 'Q':
        executed.push(readCString(bytes, 5).value);
        endsWith = 'query';
        break;
      case 'F':
        executed.push('(function call)');
        endsWith = 'function-call';
        break;
      case 'P': {
        const name = readCString(bytes, 5);
        const text = readCString(bytes, name.next).value;
        names.statements.set(name.value, text);
        parsed.push(text);
        break;
      }
      case 'B': {
        const portal = readCString(bytes, 5);
        const statement = readCString(bytes, portal.next).value;
        names.portals.set(portal.value, names.statements.get(statement) ?? `(unknown statement ${statement})`);
        break;
      }
      case 'E':
        executed.push(names.portals.get(readCString(bytes, 5).value) ?? '(unknown portal)');
        break;
      case 'C': {
        const name = readCString(bytes, 6).value;
        (bytes[5] === 0x53 ? names.statements : names.portals).delete(name);
        break;
      }
      case 'H':
        endsWith = 'flush';
        break;
      case 'S':
        endsWith = 'sync';
        break;
    }
  }
  return { sql: executed.length > 0 ? executed : parsed, endsWith, awaited: endsWith === 'flush' ? awaited : [] };
}

/** Client message types that end a step. */
export function endsStep(type: string): boolean {
  return type === 'S' || type === 'H' || type === 'Q' || type === 'F';
}

/** COPY FROM STDIN data flows inside the step that started it, never as a step of its own. */
export function isCopyMessage(type: string): boolean {
  return type === 'd' || type === 'c' || type === 'f';
}
