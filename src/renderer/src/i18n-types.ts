/** A feature's messages: each key with its English and French text side by side. */
export type Catalogue = Record<string, { en: string; fr: string }>
