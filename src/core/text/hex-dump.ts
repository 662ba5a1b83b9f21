// Binary content shown as `hexdump -C` shows it: offset, 16 bytes in hex, their printable ASCII.

/** Whether bytes are binary rather than text: a NUL byte in the first 8000 (git's and grep's rule). */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0)
}

/** `00000010  3c 3f 70 68 70 0a 2f 2a  2a 0a 20 2a 20 77 70 2d  |<?php./**. * wp-|` */
export function hexDump(bytes: Uint8Array, offset = 0): string {
  const lines: string[] = []
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16)
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0'))
    const left = hex.slice(0, 8).join(' ')
    const right = hex.slice(8).join(' ')
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'))
    lines.push(
      `${(offset + i).toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii.join('')}|`,
    )
  }
  return lines.join('\n')
}
