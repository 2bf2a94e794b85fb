/** Members several KMS operations share, with the constraints of KMS's API model. */
export const KEY_ID = { type: 'string', min: 1, max: 2048 } as const;
export const ENCRYPTION_CONTEXT = { type: 'map', key: { type: 'string' }, value: { type: 'string' } } as const;
export const GRANT_TOKENS = { type: 'list', min: 0, max: 10, member: { type: 'string', min: 1, max: 8192 } } as const;
export const PLAINTEXT = { type: 'blob', min: 1, max: 4096 } as const;
export const CIPHERTEXT = { type: 'blob', min: 1, max: 6144 } as const;
export const ENCRYPTION_ALGORITHM = { type: 'string', enum: ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] } as const;
export const NUMBER_OF_BYTES = { type: 'integer', min: 1, max: 1024 } as const;
export const DATA_KEY_SPEC = { type: 'string', enum: ['AES_256', 'AES_128'] } as const;
export const DRY_RUN = { type: 'boolean' } as const;
export const LIMIT = { type: 'integer', min: 1, max: 1000 } as const;
export const MARKER = { type: 'string', min: 1, max: 1024, pattern: '[\\u0020-\\u00FF]*' } as const;
