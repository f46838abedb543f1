// An error the control API answers with instead of acting: a stable code, what was wrong
// (with the bad value) and what to do. Answered as JSON `{ error: { code, message, fix } }`.

export class PgProxyControlError extends Error {
  override readonly name = 'PgProxyControlError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }

  toJSON(): { error: { code: string; message: string; fix: string } } {
    return { error: { code: this.code, message: this.message, fix: this.fix } };
  }
}
