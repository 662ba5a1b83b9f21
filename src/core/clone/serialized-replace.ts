// Search and replace inside database values that may hold PHP-serialized data (WordPress
// options and meta, PrestaShop and Magento configuration). A plain replace would break the
// byte lengths of `s:N:"…";` strings and PHP would then refuse the whole value; here every
// string token is rewritten with its new length, and strings that are themselves serialized
// (it happens) are walked too.
//
// Values are byte strings: one character per byte (a Buffer read as latin1), because PHP counts
// bytes, and a site's tables may hold UTF-8 in latin1 columns: only the raw bytes are right.

/** True when the value looks like the output of PHP's serialize(). */
export function looksSerialized(value: string): boolean {
  return (
    /^(a:\d+:\{|O:\d+:"|s:\d+:"|i:-?\d+;|d:[^;]+;|b:[01];|N;)/.test(value) && /[;}]$/.test(value)
  )
}

/**
 * Replaces every `from` with `to` in a serialized value, fixing string lengths. Returns null
 * when the value is not well-formed serialized data (the caller then leaves it alone).
 */
export function replaceSerialized(value: string, from: string, to: string): string | null {
  let out = ''
  let i = 0
  let copyFrom = 0
  while (i < value.length) {
    // A string token, `s:LEN:"…";`, where a token may start.
    if (value.startsWith('s:', i) && (i === 0 || ';{}'.includes(value[i - 1]!))) {
      const m = /^s:(\d+):"/.exec(value.slice(i, i + 24))
      if (!m) return null
      const start = i + m[0].length
      const end = start + Number(m[1])
      if (value.slice(end, end + 2) !== '";') return null
      const inner = value.slice(start, end)
      let replaced = inner.split(from).join(to)
      if (looksSerialized(inner)) replaced = replaceSerialized(inner, from, to) ?? replaced
      out += value.slice(copyFrom, i) + `s:${replaced.length}:"${replaced}";`
      i = end + 2
      copyFrom = i
      continue
    }
    i++
  }
  return out + value.slice(copyFrom)
}

/** The value with `from` replaced: serialized data kept valid, other text replaced plainly. */
export function replaceInValue(value: string, from: string, to: string): string {
  if (!value.includes(from)) return value
  if (looksSerialized(value)) {
    const fixed = replaceSerialized(value, from, to)
    if (fixed !== null) return fixed
  }
  return value.split(from).join(to)
}
