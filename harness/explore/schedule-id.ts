// A schedule's id is its choice sequence over step refs (schedule-step.ts), printable and
// parseable, so `--schedule <id>` replays it: `r` release one step (for a held response: deliver
// it), `d` drop a held purchase response, `t` release steps together (`+` between them); choices
// are joined by `.`. Only [0-9a-z_+.] appear, so an id needs no quoting in a shell.

export type Choice =
  | { kind: 'release'; ref: string }
  | { kind: 'drop'; ref: string }
  | { kind: 'together'; refs: string[] };

export class ScheduleIdError extends Error {
  readonly code = 'E_EXPLORE_SCHEDULE_ID';
  constructor(readonly id: string, reason: string) {
    super(`--schedule ${JSON.stringify(id.slice(0, 80))} is not a schedule id: ${reason}; copy the id from the re-run command of a failing run`);
  }
}

const REF = /^\d+[aqtr][0-9a-f]{6}(_\d+)?$/;

export function choiceToken(c: Choice): string {
  if (c.kind === 'together') return `t${c.refs.join('+')}`;
  return `${c.kind === 'release' ? 'r' : 'd'}${c.ref}`;
}

export function formatScheduleId(choices: readonly Choice[]): string {
  return choices.map(choiceToken).join('.');
}

export function parseScheduleId(id: string): Choice[] {
  if (id.trim() === '') throw new ScheduleIdError(id, 'it is empty');
  return id.split('.').map((token, i) => {
    const op = token[0];
    const rest = token.slice(1);
    const refs = op === 't' ? rest.split('+') : [rest];
    const bad = refs.find((r) => !REF.test(r));
    if (bad !== undefined || (op !== 'r' && op !== 'd' && op !== 't')) throw new ScheduleIdError(id, `choice ${i + 1} (${JSON.stringify(token.slice(0, 40))}) is not r<step>, d<step> or t<step>+<step>`);
    if (op === 't') {
      if (refs.length < 2) throw new ScheduleIdError(id, `choice ${i + 1} releases fewer than two steps together`);
      return { kind: 'together', refs };
    }
    return { kind: op === 'r' ? 'release' : 'drop', ref: rest };
  });
}
