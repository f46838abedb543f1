// The table lives with the scenarios so the k6 scripts share it (they import only scenarios/).
export { ALLOWED_ERROR_CODES, isAllowedError } from '../../scenarios/allowed-responses.ts';
