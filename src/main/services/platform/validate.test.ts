import { describe, expect, it } from 'vitest'
import { text } from './validate'

describe('request checks', () => {
  it('says the limit when a text is too long, and that it is missing when empty', () => {
    expect(() => text({ pattern: 'x'.repeat(25_600) }, 'pattern', 4096)).toThrow(
      '"pattern" is 25,600 characters long: at most 4,096 are accepted.',
    )
    expect(() => text({ pattern: '' }, 'pattern')).toThrow('"pattern" must be a non-empty string.')
    expect(() => text({}, 'pattern')).toThrow('"pattern" must be a non-empty string.')
    expect(text({ pattern: 'AhrefsBot' }, 'pattern')).toBe('AhrefsBot')
  })
})
