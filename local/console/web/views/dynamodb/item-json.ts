/**
 * Items as plain JSON for the editor. Sets (SS/NS/BS) have no JSON form: they are shown
 * as arrays and turned back into sets on save, for the attributes that were sets.
 */
export type Item = Record<string, unknown>;

export function toEditable(item: Item): { text: string; setAttributes: string[] } {
  const setAttributes = Object.entries(item).filter(([, value]) => value instanceof Set).map(([name]) => name);
  const plain = Object.fromEntries(Object.entries(item).map(([name, value]) => [name, value instanceof Set ? [...value] : value]));
  return { text: JSON.stringify(plain, null, 2), setAttributes };
}

export function fromEditable(value: unknown, setAttributes: readonly string[]): Item {
  const item = value as Item;
  return Object.fromEntries(Object.entries(item).map(([name, attribute]) => [name, setAttributes.includes(name) && Array.isArray(attribute) ? new Set(attribute) : attribute]));
}

/** Problems with an edited item: not an object, or a key attribute missing or of the wrong type. */
export function itemProblems(value: unknown, keys: readonly { name: string; type: string }[]): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['An item is a JSON object of attributes'];
  const problems: string[] = [];
  for (const key of keys) {
    const attribute = (value as Item)[key.name];
    if (attribute === undefined || attribute === null || attribute === '') problems.push(`Key attribute ${key.name} is required`);
    else if (key.type === 'S' && typeof attribute !== 'string') problems.push(`Key attribute ${key.name} must be a string`);
    else if (key.type === 'N' && typeof attribute !== 'number') problems.push(`Key attribute ${key.name} must be a number`);
  }
  return problems;
}

/** A cell's text: strings as they are, everything else as compact JSON. */
export function cellText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Set) return JSON.stringify([...value]);
  return JSON.stringify(value);
}
