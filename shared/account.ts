import { z } from 'zod';

/** What the renderer may know about the account: never the secret, only a masked key id. */

export const SecretStorageKind = z.enum([
  'keychain', // the OS keychain through keytar
  'encrypted-file', // Electron safeStorage (DPAPI / Keychain / libsecret-backed)
  'memory', // preview only, when no keychain answers: forgotten when the app stops
  'weak-needs-consent', // Linux safeStorage fell back to basic_text: refused until the user accepts
  'unavailable',
]);
export type SecretStorageKind = z.infer<typeof SecretStorageKind>;

export const AccountStatus = z.object({
  mode: z.enum(['none', 'real', 'demo']),
  /** The API key with its middle hidden, e.g. "945a…b653". */
  keyId: z.string().nullable(),
  baseUrl: z.string(),
  /** True when SMSGLOBAL_API_URL overrides the address from Settings. */
  baseUrlFromEnv: z.boolean(),
  /** 'trouble': SMSGlobal answers, but with server errors (5xx); `message` holds the last one. */
  connection: z.enum(['unknown', 'checking', 'connected', 'failed', 'offline', 'trouble']),
  message: z.string().nullable(),
  checkedAt: z.number().nullable(),
  secretStorage: z.object({ kind: SecretStorageKind, detail: z.string() }),
});
export type AccountStatus = z.infer<typeof AccountStatus>;

// An empty field gets one sentence: `abort` stops the checks that would also call it malformed.
const ApiKey = z
  .string({ error: 'Enter the API key.' })
  .trim()
  .min(1, { error: 'Enter the API key.', abort: true })
  .max(200, 'That is too long for an API key.')
  .regex(/^[\x21-\x7e]+$/, 'The API key has spaces or characters that an API key never has.');
const ApiSecret = z
  .string({ error: 'Enter the API secret.' })
  .min(1, { error: 'Enter the API secret.', abort: true })
  .min(8, { error: 'That is too short for an API secret; copy the whole secret from MXT.', abort: true })
  .max(400, 'That is too long for an API secret.')
  .refine((s) => s.trim() === s && !/[\r\n]/.test(s), 'The secret has spaces or line breaks at its ends; paste it again.');

export const CredentialsInput = z.object({ key: ApiKey, secret: ApiSecret });
export type CredentialsInput = z.input<typeof CredentialsInput>;

export const SaveCredentialsInput = CredentialsInput.extend({
  /** The user accepted storing the secret with Linux's weak basic_text fallback. */
  acceptWeakStorage: z.boolean().optional(),
});

export const ConnectionTestResult = z.object({
  ok: z.boolean(),
  code: z.string().nullable(),
  message: z.string(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

export function maskKey(key: string): string {
  if (key.length <= 8) return `${key.slice(0, 2)}…`;
  return `${key.slice(0, 4)}…${key.slice(-4)}`;
}
