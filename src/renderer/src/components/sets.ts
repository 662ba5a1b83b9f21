/** A copy of `set` with `item` in it or not (a ticked or cleared checkbox of a set filter). */
export function withMember<T>(set: ReadonlySet<T>, item: T, present: boolean): Set<T> {
  const next = new Set(set)
  if (present) next.add(item)
  else next.delete(item)
  return next
}
