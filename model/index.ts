// The leaf model: result and history types, the contract's names, and the one judgement of a
// cell. It imports nothing of ours; harness/, scenarios/ and reports/ all read it.
export * from './names.ts';
export type * from './result-types.ts';
export type * from './history-types.ts';
export {
  brokenCodes, unevaluatedCodes, failingChecks, unrunChecks, verdictOfInvariants, verdictOfCell, isExpectedFailCaught, compareCell, compareWithExpectation,
  type CellComparison, type CellExpectation,
} from './cell-judgement.ts';
