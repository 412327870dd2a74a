// libsodium's crypto_box_seal / crypto_box_seal_open rebuilt from @noble primitives, so the tests can check
// what the product seals with libsodium-wrappers using an implementation that shares no code with it.
//
//   sealed = ephemeral_pk (32) || crypto_box_easy(message, nonce, recipient_pk, ephemeral_sk)
//   nonce  = blake2b(ephemeral_pk || recipient_pk, 24 bytes)
//   crypto_box_easy = xsalsa20poly1305 (tag || ciphertext) keyed by hsalsa20(0, x25519(sk, pk))
import { xsalsa20poly1305, hsalsa } from '@noble/ciphers/salsa.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { blake2b } from '@noble/hashes/blake2.js';

const KEY_BYTES = 32;
const MAC_BYTES = 16;
/** crypto_box_SEALBYTES: ephemeral public key plus Poly1305 tag. */
export const SEAL_OVERHEAD = KEY_BYTES + MAC_BYTES;

export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** A fresh X25519 key pair (what GitHub keeps per repository and per environment). */
export function generateKeyPair(): KeyPair {
  const secretKey = x25519.utils.randomSecretKey();
  return { publicKey: x25519.getPublicKey(secretKey), secretKey };
}

/** Seals `message` to `publicKey` like libsodium's crypto_box_seal; returns the raw box. */
export function sealBox(message: Uint8Array | string, publicKey: Uint8Array): Uint8Array {
  const plain = typeof message === 'string' ? new TextEncoder().encode(message) : message;
  const ephemeral = generateKeyPair();
  const key = boxKey(publicKey, ephemeral.secretKey);
  const nonce = sealNonce(ephemeral.publicKey, publicKey);
  const sealed = xsalsa20poly1305(key, nonce).encrypt(plain);
  const out = new Uint8Array(KEY_BYTES + sealed.length);
  out.set(ephemeral.publicKey, 0);
  out.set(sealed, KEY_BYTES);
  return out;
}

// The fake opens a stored box on every read and the leak checks after every run: X25519 in plain JavaScript
// is the costly part, so each box opened for a key pair is remembered (a copy is handed out each time).
const opened = new Map<string, Uint8Array>();

/** Opens a base64 sealed box (GitHub's `encrypted_value`); throws when it is not a box for this key pair. */
export function openSealedBox(boxBase64: string, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array {
  const key =
    [publicKey, secretKey].map((k) => Buffer.from(k).toString('base64')).join(' ') + ` ${boxBase64}`;
  const known = opened.get(key) ?? openUncached(boxBase64, publicKey, secretKey);
  opened.set(key, known);
  return Uint8Array.from(known);
}

function openUncached(boxBase64: string, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array {
  // Buffer.from silently skips bad characters, so insist on canonical base64 first.
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(boxBase64)) {
    throw new Error('sealed box is not base64');
  }
  const box = new Uint8Array(Buffer.from(boxBase64, 'base64'));
  if (box.length < SEAL_OVERHEAD) throw new Error(`sealed box too short (${box.length} bytes)`);
  const ephemeralPublicKey = box.subarray(0, KEY_BYTES);
  const key = boxKey(ephemeralPublicKey, secretKey);
  const nonce = sealNonce(ephemeralPublicKey, publicKey);
  // noble throws on a bad tag: wrong recipient key or tampered bytes.
  return xsalsa20poly1305(key, nonce).decrypt(box.subarray(KEY_BYTES));
}

function sealNonce(ephemeralPublicKey: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  const input = new Uint8Array(KEY_BYTES * 2);
  input.set(ephemeralPublicKey, 0);
  input.set(recipientPublicKey, KEY_BYTES);
  return blake2b(input, { dkLen: 24 });
}

const SIGMA = new TextEncoder().encode('expand 32-byte k');

/** crypto_box_beforenm: HSalsa20 of the X25519 shared secret with an all-zero 16-byte input. */
function boxKey(publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array {
  const shared = x25519.getSharedSecret(secretKey, publicKey);
  const out = new Uint32Array(8);
  // hsalsa works on native-endian word views of the byte strings (it normalises big-endian hosts itself).
  hsalsa(words(SIGMA), words(shared), new Uint32Array(4), out);
  return new Uint8Array(out.buffer);
}

function words(bytes: Uint8Array): Uint32Array {
  return new Uint32Array(Uint8Array.from(bytes).buffer);
}
