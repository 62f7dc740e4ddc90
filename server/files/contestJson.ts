/**
 * A contest file as uploaded text: JSON first (a broken file is reported by line and column with
 * the offending line), then the contest file's own checks (server/protocol/contestFile.ts).
 */
import { parse as parseLoosely, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parseContestFile, type ContestFileResult } from '../protocol/contestFile';
import { contestProblem, type FileProblem } from '../protocol/problems';

/** The longest excerpt of the offending line sent back (a minified file is one long line). */
const EXCERPT_CHARS = 120;

/** Line and column (1-based, in characters) of an offset into `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number; lineText: string } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const end = text.indexOf('\n', start);
  const lineText = text.slice(start, end === -1 ? undefined : end).replace(/\r$/, '');
  return { line, column: offset - start + 1, lineText };
}

/**
 * Where and why JSON text does not parse. JSON.parse says only sometimes where (Node 20 gives a
 * position for some errors, an excerpt for others), so jsonc-parser's scanner, which always gives
 * the offset, locates the first error in strict JSON mode.
 */
export function jsonSyntaxProblem(text: string): FileProblem {
  const errors: ParseError[] = [];
  parseLoosely(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const offset = first?.offset ?? 0;
  const { line, column, lineText } = lineAndColumn(text, offset);
  // Keep the excerpt around the column when the line is long.
  const from = Math.max(0, Math.min(column - 1 - EXCERPT_CHARS / 2, lineText.length - EXCERPT_CHARS));
  const excerpt = lineText.slice(from, from + EXCERPT_CHARS);
  return contestProblem('(file)', 'json_syntax', {
    line,
    column,
    reason: first ? printParseErrorCode(first.error) : 'ValueExpected',
    excerpt,
    /** Column of the error within the excerpt (1-based), to point at it. */
    excerptColumn: column - from,
  });
}

/** Parses the text of a contest file (UTF-8, with or without a byte-order mark). */
export function parseContestText(text: string): ContestFileResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problems: [jsonSyntaxProblem(body)] };
  }
  return parseContestFile(json);
}
