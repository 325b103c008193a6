import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { ChainKeys } from './event-chain.js';

export { ChainKeys };

/** The audit chain's HMAC key from its key material: derived, so that the JWT secret itself is never the MAC key. */
const derive = (material: string): KeyObject =>
  createSecretKey(Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), Buffer.alloc(0), Buffer.from('motcua audit chain v1'), 32)));

export const chainKeys = (config: AppConfig): ChainKeys => new ChainKeys(derive(config.auditKeys.current), config.auditKeys.previous.map(derive));
