// The WHATWG TextDecoder, global in Node, browsers and workers alike; the core has no Node or
// DOM types, so this is the part of it the core uses.
declare class TextDecoder {
  constructor(label?: string)
  decode(input?: Uint8Array): string
}
