// First and last event times of a MySQL/MariaDB binary log, from its first and last bytes
// only (a DBA picks the file that covers the moment without decoding gigabytes).
//
// Binlog v4: the 4-byte magic `\xfebin`, then events, each with a 19-byte header:
// timestamp (4, little-endian, seconds UTC), type (1), server id (4), event length (4),
// next position (4, the end of this event in the file), flags (2).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html

export const BINLOG_MAGIC = [0xfe, 0x62, 0x69, 0x6e]
const HEADER = 19

const u32 = (b: Uint8Array, at: number): number =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0

export function isBinlog(head: Uint8Array): boolean {
  return BINLOG_MAGIC.every((m, i) => head[i] === m)
}

/** The first event's time (the Format_description event, written when the file was opened). */
export function binlogFirstTime(head: Uint8Array): number | null {
  if (!isBinlog(head) || head.length < 4 + HEADER) return null
  const t = u32(head, 4)
  return t > 0 ? t : null
}

/**
 * The last event's time, from the last bytes of the file (`tail` starts at byte `tailStart` of
 * a `size`-byte file). An event is recognised by its header: its next position is exactly its
 * own end. The last one that ends at or before the end of the file wins (a file being written
 * may end with half an event).
 */
export function binlogLastTime(tail: Uint8Array, tailStart: number, size: number): number | null {
  let best: { at: number; time: number } | null = null
  for (let i = 0; i + HEADER <= tail.length; i++) {
    const length = u32(tail, i + 9)
    if (length < HEADER || length > 1 << 30) continue
    const at = tailStart + i
    if (u32(tail, i + 13) !== at + length || at + length > size) continue
    const type = tail[i + 4]!
    if (type === 0 || type > 200) continue
    const time = u32(tail, i)
    if (time === 0) continue
    if (!best || at > best.at) best = { at, time }
  }
  return best?.time ?? null
}
