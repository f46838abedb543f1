// A statement's label for the scheduler: the SQL with every literal and every `$n` parameter
// replaced by `?`, comments dropped, whitespace collapsed and keywords lower-cased, so that the
// same statement with other values (or other parameter numbering) gets the same label — the
// idea of pg_stat_statements' query id, by a small tokenizer instead of the server's parser.

export function sqlFingerprint(sql: string): string {
  const out: string[] = [];
  const push = (token: string): void => {
    out.push(token);
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      i = skipBlockComment(sql, i);
      continue;
    }
    if (c === "'" || ((c === 'E' || c === 'e' || c === 'B' || c === 'b' || c === 'X' || c === 'x' || c === 'N' || c === 'n') && next === "'" && !isWordChar(sql[i - 1]))) {
      i = skipQuoted(sql, c === "'" ? i : i + 1, "'", c === 'E' || c === 'e');
      push('?');
      continue;
    }
    if (c === '"') {
      const end = skipQuoted(sql, i, '"', false);
      push(sql.slice(i, end));
      i = end;
      continue;
    }
    if (c === '$') {
      const param = /^\$\d+/.exec(sql.slice(i));
      if (param) {
        push('?');
        i += param[0].length;
        continue;
      }
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? sql.length : close + tag[0].length;
        push('?');
        continue;
      }
    }
    if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      const number = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(sql.slice(i))!;
      push('?');
      i += number[0].length;
      continue;
    }
    if (isWordChar(c)) {
      let end = i;
      while (end < sql.length && isWordChar(sql[end])) end++;
      push(sql.slice(i, end).toLowerCase());
      i = end;
      continue;
    }
    push(c);
    i++;
  }
  return joinTokens(out);
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_\u0080-\uffff]/.test(c);
}

function skipBlockComment(sql: string, start: number): number {
  // PostgreSQL block comments nest.
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

/** The offset after a quoted string starting at `start` (a doubled quote is an escaped quote). */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === quote && sql[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return sql.length;
}

/** One space between tokens, none inside calls, lists and qualified names: `count(*)`, `t.c`, `?::int`. */
function joinTokens(tokens: string[]): string {
  let text = '';
  let previous = '';
  for (const token of tokens) {
    const glued =
      previous === '' ||
      [',', ')', '.', ';', ']', ':'].includes(token) ||
      ['(', '.', '[', ':'].includes(previous) ||
      (token === '(' && /[\w"\u0080-\uffff]$/.test(previous));
    text += glued ? token : ` ${token}`;
    previous = token;
  }
  return text;
}
