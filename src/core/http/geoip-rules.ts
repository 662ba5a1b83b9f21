// GeoIP rules in .htaccess on this platform: mod_maxminddb sets the visitor's country in an
// environment variable (MM_COUNTRY_CODE, or GEOIP_COUNTRY_CODE as configured), and rules redirect
// or block by it. Two platform conventions: the MEDIA host (media.DOMAIN, the CDN's origin) must
// be left alone, and the supervision probes, which the platform marks with BTW_FORBIDDEN_GEOIP,
// must never be redirected or blocked (a probe that fails sets off an alert).
import { splitLines } from '../text'

/** ISO 3166-1 alpha-2 codes, as GeoIP2 databases give them. */
export const ISO_COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR ' +
    'BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ ' +
    'EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW ' +
    'GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY ' +
    'KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV ' +
    'MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY ' +
    'QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG ' +
    'TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
)

/** Codes GeoIP2 databases give besides ISO 3166: Kosovo (user-assigned XK). */
const DATABASE_CODES = new Set(['XK'])

const knownCode = (code: string): boolean => ISO_COUNTRIES.has(code) || DATABASE_CODES.has(code)

/** Codes people write that are not ISO 3166, and the right one. */
const KNOWN_MISTAKES: Record<string, string> = {
  UK: 'GB',
  EL: 'GR',
  EN: 'GB',
  SP: 'ES',
}

export const COUNTRY_VARIABLES = ['MM_COUNTRY_CODE', 'GEOIP_COUNTRY_CODE']
export const SUPERVISION_GUARD = 'BTW_FORBIDDEN_GEOIP'

export type GeoipIssueCode =
  | 'NOT_ISO'
  | 'NO_MEDIA_EXCLUSION'
  | 'NO_SUPERVISION_GUARD'
  | 'APACHE22_SYNTAX'
  | 'UNREACHABLE'
  | 'GLUED_DIRECTIVES'

export interface GeoipIssue {
  code: GeoipIssueCode
  severity: 'error' | 'warning'
  /** 1-based line of the .htaccess. */
  line: number
  message: string
  /** A corrected line or block, when there is an obvious one. */
  fix?: string
}

/** A rule and the conditions that guard it (`RewriteCond…` lines then `RewriteRule`). */
interface Block {
  conditions: { line: number; text: string }[]
  rule: { line: number; text: string }
}

const COUNTRY_VAR = new RegExp(`(?:${COUNTRY_VARIABLES.join('|')})`)

/** Two-letter codes in a pattern such as `^(FR|UK)$` or `FR|BE`. */
function codesIn(pattern: string): string[] {
  return [...pattern.matchAll(/(?<![A-Za-z])([A-Z]{2})(?![A-Za-z])/g)].map((m) => m[1]!)
}

/**
 * The pattern a line tests the country against: after the variable, without the flags, and for
 * a RewriteCond glued to a RewriteRule, without the rule.
 */
function conditionPattern(line: string): string {
  const glued = gluedDirective(line)
  return (glued ? line.slice(0, glued.at) : line)
    .replace(/^.*?(?:MM_COUNTRY_CODE|GEOIP_COUNTRY_CODE)\}?\s*/, '')
    .replace(FLAGS, '')
    .trim()
}

function rewriteBlocks(lines: string[]): Block[] {
  const blocks: Block[] = []
  let conditions: Block['conditions'] = []
  lines.forEach((raw, i) => {
    const text = raw.trim()
    if (/^RewriteCond\s/i.test(text)) conditions.push({ line: i + 1, text })
    else if (/^RewriteRule\s/i.test(text)) {
      blocks.push({ conditions, rule: { line: i + 1, text } })
      conditions = []
    }
  })
  return blocks
}

/**
 * A second directive on a RewriteCond's or RewriteRule's line (line breaks lost in a copy): the
 * first directive, the glued one and where it starts. A directive's name inside a path
 * (`/rewriterule-docs`) is not one.
 */
function gluedDirective(line: string): { first: string; second: string; at: number } | null {
  const m =
    /^(RewriteCond|RewriteRule)\s.*?(?<![\w/.-])(RewriteCond|RewriteRule|RewriteEngine)(?=\s|$)/i.exec(
      line,
    )
  return m ? { first: m[1]!, second: m[2]!, at: m[0].length - m[2]!.length } : null
}

/** A directive's trailing flags (`[NC]`, `[OR,NC]`, `[L,R=302]`): not part of any pattern. */
const FLAGS = /\s+\[[^\]]*\]\s*$/

/** What is wrong with the GeoIP rules of an .htaccess (nothing when it has none). */
export function lintGeoipRules(text: string): GeoipIssue[] {
  const lines = splitLines(text)
  const issues: GeoipIssue[] = []
  // A RewriteCond with more on its line (a RewriteRule glued to it, line breaks lost in a copy):
  // Apache refuses the whole .htaccess, and every page of the site answers 500.
  lines.forEach((raw, i) => {
    const line = raw.trim()
    if (line.startsWith('#')) return
    const glued = gluedDirective(line)
    if (!glued) return
    issues.push({
      code: 'GLUED_DIRECTIVES',
      severity: 'error',
      line: i + 1,
      message: `${glued.first} and ${glued.second} on one line: Apache refuses the .htaccess and the whole site answers 500. Put each directive on its own line.`,
      fix: `${line.slice(0, glued.at).trimEnd()}\n${line.slice(glued.at)}`,
    })
  })
  // Country codes wherever the country variable is tested (in its pattern, not in the flags).
  lines.forEach((raw, i) => {
    const line = raw.trim()
    if (line.startsWith('#') || !COUNTRY_VAR.test(line)) return
    const pattern = conditionPattern(line)
    for (const code of codesIn(pattern)) {
      if (knownCode(code)) continue
      const right = KNOWN_MISTAKES[code]
      issues.push({
        code: 'NOT_ISO',
        severity: 'error',
        line: i + 1,
        message: right
          ? `"${code}" is not an ISO 3166 country code: the database says ${right}.`
          : `"${code}" is not an ISO 3166 country code: no visitor will ever have it.`,
        ...(right ? { fix: raw.replace(new RegExp(`\\b${code}\\b`), right) } : {}),
      })
    }
  })
  // Apache 2.2 access control on Apache 2.4, for a variable a country test sets.
  lines.forEach((raw, i) => {
    const line = raw.trim()
    const deny = /^(Deny|Allow)\s+from\s+env=(\S+)/i.exec(line)
    if (!deny) return
    // `SetEnvIf MM_COUNTRY_CODE … Blocked` then `Deny from env=Blocked`.
    if (!new RegExp(`SetEnvIf\\s+${COUNTRY_VAR.source}[^\\n]*\\s${deny[2]}\\b`).test(text)) return
    issues.push({
      code: 'APACHE22_SYNTAX',
      severity: 'warning',
      line: i + 1,
      message: `"${deny[1]} from env=" is Apache 2.2 syntax (mod_access_compat); Apache 2.4 uses Require inside <RequireAll>.`,
      fix: `<RequireAll>\n  Require all granted\n  Require ${deny[1]!.toLowerCase() === 'deny' ? 'not ' : ''}env ${deny[2]}\n</RequireAll>`,
    })
  })
  for (const block of rewriteBlocks(lines)) {
    const geo = block.conditions.filter((c) => COUNTRY_VAR.test(c.text))
    if (geo.length === 0) continue
    const at = block.rule.line
    if (!block.conditions.some((c) => /%\{HTTP_HOST\}\s+!\^?media\\?\./i.test(c.text))) {
      issues.push({
        code: 'NO_MEDIA_EXCLUSION',
        severity: 'warning',
        line: at,
        message:
          'This country rule also applies to the MEDIA host (media.DOMAIN): the CDN fetching images from a country you redirect or block gets the redirect or the error. Add the exclusion before it.',
        fix: 'RewriteCond %{HTTP_HOST} !^media\\. [NC]',
      })
    }
    if (!block.conditions.some((c) => c.text.includes(SUPERVISION_GUARD))) {
      issues.push({
        code: 'NO_SUPERVISION_GUARD',
        severity: 'error',
        line: at,
        message: `This country rule also catches the platform's supervision probes: they would see a redirect or an error and raise an alert. Guard it with ${SUPERVISION_GUARD}.`,
        fix: `RewriteCond %{ENV:${SUPERVISION_GUARD}} !=1`,
      })
    }
    // Positive conditions on the country, ANDed, with no code in common: never all true.
    const positive = geo.filter(
      (c) => !conditionPattern(c.text).startsWith('!') && !/\[[^\]]*\bOR\b/i.test(c.text),
    )
    for (let k = 1; k < positive.length; k++) {
      const a = new Set(codesIn(conditionPattern(positive[k - 1]!.text)))
      const b = codesIn(conditionPattern(positive[k]!.text))
      if (a.size > 0 && b.length > 0 && !b.some((c) => a.has(c))) {
        issues.push({
          code: 'UNREACHABLE',
          severity: 'error',
          line: at,
          message: `Lines ${positive[k - 1]!.line} and ${positive[k]!.line} require the country to be in two lists with nothing in common: this rule never applies (use [OR], or one list).`,
        })
      }
    }
  }
  return issues.sort((a, b) => a.line - b.line)
}

export interface GeoipRuleSpec {
  /** Redirect visitors of these countries to `target`, or block them (403). */
  action: 'redirect' | 'block'
  countries: string[]
  /** Only for redirects: where to. */
  target?: string
  /** The variable mod_maxminddb sets (MM_COUNTRY_CODE by default). */
  variable?: string
  /** Apply to everyone except these countries. */
  except?: boolean
}

/** .htaccess lines for a country rule, with the MEDIA host exclusion and the supervision guard. */
export function buildGeoipRules(spec: GeoipRuleSpec): string {
  const codes = spec.countries.map((c) => c.trim().toUpperCase()).filter(Boolean)
  const wrong = codes.filter((c) => !knownCode(c))
  if (codes.length === 0) throw new Error('Name at least one country (ISO 3166 code: FR, GB…).')
  if (wrong.length > 0)
    throw new Error(
      `Not ISO 3166 country codes: ${wrong.map((c) => (KNOWN_MISTAKES[c] ? `${c} (${KNOWN_MISTAKES[c]})` : c)).join(', ')}.`,
    )
  if (spec.action === 'redirect' && !spec.target)
    throw new Error('Where to? Give the redirect URL.')
  const variable = spec.variable ?? 'MM_COUNTRY_CODE'
  const list = `^(${codes.join('|')})$`
  return [
    `# ${spec.action === 'redirect' ? 'Redirect' : 'Block'} visitors ${spec.except ? 'from everywhere except' : 'from'} ${codes.join(', ')} (mod_maxminddb)`,
    'RewriteEngine On',
    '# Not the MEDIA host (the CDN fetches images from it)',
    'RewriteCond %{HTTP_HOST} !^media\\. [NC]',
    '# Never the platform’s supervision probes',
    `RewriteCond %{ENV:${SUPERVISION_GUARD}} !=1`,
    `RewriteCond %{ENV:${variable}} ${spec.except ? '!' : ''}${list}`,
    spec.action === 'redirect' ? `RewriteRule ^ ${spec.target} [R=302,L]` : 'RewriteRule ^ - [F,L]',
    '',
  ].join('\n')
}
