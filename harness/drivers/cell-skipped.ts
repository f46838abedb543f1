/** A cell that cannot run against this target, for a reason that is not a failure (e.g. no page). */
export class CellSkipped extends Error {
  override readonly name = 'CellSkipped';
}
