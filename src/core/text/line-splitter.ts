// Turns text arriving in arbitrary chunks into whole lines. The one place where chunking
// is solved: every parser downstream receives complete lines.
// Accepts LF and CRLF endings; a lone CR inside a line is kept (log payloads contain them).

export interface LineSplitter {
  /** Feeds a chunk; calls `onLine` for every line it completes. */
  push(chunk: string): void
  /** Flushes the last line when the input did not end with a newline. */
  end(): void
  /** Characters held back waiting for a newline. */
  readonly pending: number
}

export interface LineSplitterOptions {
  /** A line longer than this is cut (and the rest still delivered as following text). */
  maxLineLength?: number
}

export function createLineSplitter(
  onLine: (line: string) => void,
  options: LineSplitterOptions = {},
): LineSplitter {
  const maxLineLength = options.maxLineLength ?? 1 << 20
  let carry = ''

  function emit(raw: string): void {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    while (line.length > maxLineLength) {
      onLine(line.slice(0, maxLineLength))
      line = line.slice(maxLineLength)
    }
    onLine(line)
  }

  return {
    push(chunk: string): void {
      const text = carry.length > 0 ? carry + chunk : chunk
      let start = 0
      let nl = text.indexOf('\n', start)
      while (nl !== -1) {
        emit(text.slice(start, nl))
        start = nl + 1
        nl = text.indexOf('\n', start)
      }
      carry = start === 0 ? text : text.slice(start)
      while (carry.length > maxLineLength) {
        onLine(carry.slice(0, maxLineLength))
        carry = carry.slice(maxLineLength)
      }
    },
    end(): void {
      if (carry.length > 0) emit(carry)
      carry = ''
    },
    get pending(): number {
      return carry.length
    },
  }
}

/** Calls `onLine` for each line of a whole text (LF or CRLF), without a trailing empty line. */
export function forEachLine(text: string, onLine: (line: string) => void): void {
  const splitter = createLineSplitter(onLine)
  splitter.push(text)
  splitter.end()
}

/** Whole-text convenience: the lines of `text`, without a trailing empty line. */
export function splitLines(text: string): string[] {
  const lines: string[] = []
  forEachLine(text, (line) => lines.push(line))
  return lines
}
