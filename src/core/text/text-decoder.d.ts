// The WHATWG TextDecoder and TextEncoder, global in Node, browsers and workers alike; the core has no Node or
// DOM types, so this is the part of it the core uses.
declare class TextDecoder {
  constructor(label?: string)
  /** With `stream`, a character cut at the end of `input` is kept for the next call. */
  decode(input?: Uint8Array, options?: { stream?: boolean }): string
}

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>
}
