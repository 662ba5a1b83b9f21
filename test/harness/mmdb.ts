// Writes a small MaxMind DB (format 2.0, IPv4 tree, 24-bit records) for the GeoIP tests: the
// binary search tree of the given networks, their data (GeoIP2-Country shaped), the metadata.
// Written from the published MaxMind DB File Format Specification.

type Value = string | number | { [key: string]: Value } | Value[]

function control(type: number, size: number): Buffer {
  if (size >= 29) throw new Error('sizes of 29 and more are not needed here')
  return type <= 7 ? Buffer.from([(type << 5) | size]) : Buffer.from([size, type - 7]) // extended type: 0 in the first byte, type - 7 in the next
}

function encode(value: Value): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8')
    return Buffer.concat([control(2, bytes.length), bytes])
  }
  if (typeof value === 'number') {
    // uint32, big-endian, without leading zero bytes
    const bytes: number[] = []
    for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256)
    return Buffer.concat([control(6, bytes.length), Buffer.from(bytes)])
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)])
  const entries = Object.entries(value)
  return Buffer.concat([
    control(7, entries.length),
    ...entries.flatMap(([k, v]) => [encode(k), encode(v)]),
  ])
}

/** `networks`: CIDR (IPv4) → the record the lookup must give. */
export function writeCountryMmdb(networks: Record<string, Value>): Buffer {
  // The data section: each record once.
  const data: Buffer[] = []
  const offsets: number[] = []
  let size = 0
  for (const value of Object.values(networks)) {
    offsets.push(size)
    const bytes = encode(value)
    data.push(bytes)
    size += bytes.length
  }
  // The tree: nodes of two records; -1 = empty, { data: i } = a network's record.
  type Rec = number | { data: number } | null
  const nodes: [Rec, Rec][] = [[null, null]]
  Object.keys(networks).forEach((cidr, index) => {
    const [ip, bits] = cidr.split('/')
    const prefix = Number(bits)
    const n = ip!.split('.').reduce((acc, o) => acc * 256 + Number(o), 0)
    let node = 0
    for (let depth = 0; depth < prefix; depth++) {
      const bit = Math.floor(n / 2 ** (31 - depth)) % 2
      if (depth === prefix - 1) {
        nodes[node]![bit] = { data: index }
        break
      }
      let next = nodes[node]![bit]
      if (typeof next !== 'number') {
        next = nodes.length
        nodes.push([null, null])
        nodes[node]![bit] = next
      }
      node = next
    }
  })
  const count = nodes.length
  const tree = Buffer.alloc(count * 6)
  nodes.forEach(([left, right], i) => {
    for (const [k, rec] of [left, right].entries()) {
      const value =
        rec === null ? count : typeof rec === 'number' ? rec : count + 16 + offsets[rec.data]!
      tree.writeUIntBE(value, i * 6 + k * 3, 3)
    }
  })
  const metadata = encode({
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: Math.floor(Date.now() / 1000),
    database_type: 'GeoLite2-Country',
    description: { en: 'TW Workbench test database' },
    ip_version: 4,
    languages: ['en'],
    node_count: count,
    record_size: 24,
  })
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...data,
    Buffer.from([0xab, 0xcd, 0xef]),
    Buffer.from('MaxMind.com'),
    metadata,
  ])
}
