import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChainKeys } from './event-chain.js';

/** The audit chain's MAC is HMAC-SHA-256 exactly (RFC 2104): the events keyed before it was written by hand still verify. */
describe('ChainKeys.mac', () => {
  it('equals createHmac for keys shorter than, as long as and longer than a block, and any text', () => {
    for (const size of [1, 32, 64, 65, 200]) {
      const key = createSecretKey(randomBytes(size));
      const keys = new ChainKeys(key);
      for (const text of ['', 'a', 'sự kiện hồ sơ\n{"seq":1}', 'x'.repeat(10_000), randomBytes(300).toString('latin1')]) {
        expect(keys.mac(key, text), `key ${size} bytes`).toBe(createHmac('sha256', key).update(text).digest('hex'));
      }
    }
  });
});
