import { describe, expect, it } from 'vitest'
import { maskSecureLink, parseEndpoint, parseSecureLink } from './ssh-address'

describe('endpoints and secure links', () => {
  it('parses ProxyJump-style endpoints', () => {
    expect(parseEndpoint('bastion')).toEqual({ host: 'bastion' })
    expect(parseEndpoint('ops@bastion.example:2222')).toEqual({
      user: 'ops',
      host: 'bastion.example',
      port: 2222,
    })
    expect(parseEndpoint('u@[::1]:22')).toEqual({ user: 'u', host: '::1', port: 22 })
    expect(parseEndpoint('a b')).toBeNull()
    expect(parseEndpoint('h:99999')).toBeNull()
  })

  it('splits a preprod link and masks its password', () => {
    const link = parseSecureLink('https://preprod:S3cr%23t%40x@preprod.shop.example/admin?x=1')
    expect(link).toEqual({
      url: 'https://preprod.shop.example/admin?x=1',
      login: 'preprod',
      password: 'S3cr#t@x',
    })
    expect(maskSecureLink(link!.url, link!.login)).toBe(
      'https://preprod:•••@preprod.shop.example/admin?x=1',
    )
    expect(parseSecureLink('not a url')).toBeNull()
    expect(parseSecureLink('ftp://a:b@h')).toBeNull()
  })
})
