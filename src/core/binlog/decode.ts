// The one decode loop of mysqlbinlog's text: a filter's cheap part skips row events by their
// header, the rest is checked on the decoded event. The app (text streamed from the server) and
// the CLI (a file or stdin) both feed it chunks.
import type { ChangeEvent, ChangeFilter } from '../../shared/binlog'
import {
  createBinlogParser,
  headerMatches,
  matchesChange,
  type BinlogIssue,
  type BinlogParser,
} from './mysqlbinlog-text'

export interface DecodeSink {
  /** An event that matches the filter (its `file` as the parser knows it). */
  change(e: ChangeEvent): void
  /** Every decoded event (matching or not): to report progress by position. */
  seen?(e: ChangeEvent): void
  issue?(i: BinlogIssue): void
  /** The text moved on to the next binlog file. */
  file?(name: string): void
}

export function decodeBinlog(
  filter: ChangeFilter,
  sink: DecodeSink,
  /** The binlog file's name, when the text does not say it before its first event. */
  options: { file?: string } = {},
): BinlogParser {
  return createBinlogParser(
    {
      event: (e) => {
        sink.seen?.(e)
        if (matchesChange(e, filter)) sink.change(e)
      },
      issue: (i) => sink.issue?.(i),
      file: (name) => sink.file?.(name),
    },
    { ...(options.file ? { file: options.file } : {}), accept: (h) => headerMatches(h, filter) },
  )
}
