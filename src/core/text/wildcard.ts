/**
 * A pattern where `*` stands for any run of characters (`any`, any at all by default: `[^/]*`
 * keeps it within a path's name) as an anchored regular expression; every other character is
 * itself.
 */
export function wildcard(pattern: string, any = '.*'): RegExp {
  const source = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, any)
  return new RegExp(`^${source}$`, 's')
}
