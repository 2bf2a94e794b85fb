import { randomInt } from 'node:crypto';
import { SecretsErrors } from './errors';

/** What GetRandomPassword and GenerateSecretString take. */
export interface PasswordOptions {
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeLowercase?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
}

const CLASSES = {
  lowercase: 'abcdefghijklmnopqrstuvwxyz',
  uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  numbers: '0123456789',
  // Secrets Manager's punctuation: every printable ASCII character that is not a letter, digit or space.
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  space: ' ',
} as const;

/**
 * A random password as Secrets Manager makes one: 32 characters unless told, from lowercase,
 * uppercase, digits and punctuation (each unless excluded, space only when included), with at
 * least one of each included type unless RequireEachIncludedType is false. Uses the OS's CSPRNG.
 * @example
 * randomPassword({ PasswordLength: 40, ExcludePunctuation: true });
 */
export function randomPassword(options: PasswordOptions = {}): string {
  const length = options.PasswordLength ?? 32;
  const excluded = new Set(options.ExcludeCharacters ?? '');
  const included: [boolean, string][] = [
    [!options.ExcludeLowercase, CLASSES.lowercase],
    [!options.ExcludeUppercase, CLASSES.uppercase],
    [!options.ExcludeNumbers, CLASSES.numbers],
    [!options.ExcludePunctuation, CLASSES.punctuation],
    [options.IncludeSpace === true, CLASSES.space],
  ];
  const classes = included
    .filter(([include]) => include)
    .map(([, set]) => set)
    .map((set) => [...set].filter((c) => !excluded.has(c)).join(''))
    .filter((set) => set.length > 0);
  const all = classes.join('');
  if (all.length === 0) throw SecretsErrors.invalidParameter('Password generation failed: the options exclude every character.');
  const required = options.RequireEachIncludedType !== false;
  if (required && length < classes.length) throw SecretsErrors.invalidParameter(`The password length must be at least ${classes.length} to include each required type of character.`);
  const characters = Array.from({ length }, () => all[randomInt(all.length)]);
  if (required) {
    // One of each type at distinct random places.
    const places = new Set<number>();
    while (places.size < classes.length) places.add(randomInt(length));
    [...places].forEach((place, i) => (characters[place] = classes[i][randomInt(classes[i].length)]));
  }
  return characters.join('');
}
