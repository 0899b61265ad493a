import { InputError } from '@backstage/errors';
import { StoredEnvVar } from '../model/records';
import { SecretCipher } from './SecretCipher';

/**
 * A request's env vars as the database keeps them: secret values encrypted;
 * a secret listed without a value keeps its stored one. A 400 names the
 * variable that needs a value.
 */
export function storeEnvVars(
  env: Array<{ name: string; value?: string; secret?: boolean }>,
  previous: StoredEnvVar[],
  cipher: SecretCipher,
): StoredEnvVar[] {
  return env.map((variable, index) => {
    if (!variable.secret) {
      if (variable.value === undefined) {
        throw new InputError(`env[${index}].value: a value is required`);
      }
      return { name: variable.name, secret: false, value: variable.value };
    }
    if (variable.value !== undefined) {
      return {
        name: variable.name,
        secret: true,
        encryptedValue: cipher.encrypt(variable.value, `env[${index}]`),
      };
    }
    const kept = previous.find(p => p.name === variable.name && p.secret);
    if (!kept) {
      throw new InputError(
        `env[${index}].value: a value is required for the new secret variable ${variable.name}`,
      );
    }
    return kept;
  });
}
