/**
 * Named errors of the CSV line reader (`lines.ts`). Each names the file, says what is
 * wrong and what to do.
 */
import { UnreadableFileError, UsageError } from '../errors.ts';

/** A file is not UTF-8 (and no `--encoding` was given), or not valid in the encoding given. */
export class NotUtf8Error extends UnreadableFileError {}

/** More than the allowed share of a file's lines cannot be parsed: the file is refused whole. */
export class TooManyBadLinesError extends UnreadableFileError {}

/** `--encoding` names no encoding Node's TextDecoder knows. */
export class UnknownEncodingError extends UsageError {}
