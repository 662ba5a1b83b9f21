/** Where a list that follows its last line stands after a scroll event. */
export interface ScrollSpot {
  top: number
  height: number
  client: number
}

/**
 * Whether a scroll event takes the view away from the last line (true), back to it (false),
 * or leaves that as it was (null). Only the user going up takes it away: lines that arrive
 * grow the list under a scroll event still queued from the last stick to the bottom, and
 * that event must not read as the user leaving.
 */
export function scrolledAway(previousTop: number, now: ScrollSpot, slack: number): boolean | null {
  if (now.height - now.top - now.client <= slack) return false
  if (now.top < previousTop) return true
  return null
}
