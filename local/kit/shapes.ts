/**
 * Declarative descriptions of an operation's input, as the service's API model states its
 * constraints (required, length, pattern, enum, range), typed against the AWS SDK's own
 * request types: a description that names a member the SDK does not have, misses one it
 * has, forgets `required: true` on a required member or lists an enum value the SDK does not
 * know does not compile.
 * @example
 * const input: StructureShape<DeleteParameterRequest> = {
 *   type: 'structure',
 *   members: { Name: { type: 'string', required: true, min: 1, max: 2048 } },
 * };
 */

/** A string member: `min`/`max` length, a `pattern` (anchored as AWS anchors it), an `enum`. */
export interface StringShape<T extends string = string> {
  type: 'string';
  min?: number;
  max?: number;
  /** The model's regular expression, reported verbatim in messages; matched against the whole value. */
  pattern?: string;
  enum?: readonly T[];
  /** The model marks it sensitive: messages never show its value (`Value at 'value' failed…`). */
  sensitive?: boolean;
}

/** `integer` and `long` are whole numbers (a fraction is dropped, as AWS's parser does); `double` is any number. */
export interface NumberShape {
  type: 'integer' | 'long' | 'double';
  min?: number;
  max?: number;
}

export interface BooleanShape {
  type: 'boolean';
}

/** Epoch seconds on the JSON wire. */
export interface TimestampShape {
  type: 'timestamp';
}

/** Base64 on the JSON wire. */
export interface BlobShape {
  type: 'blob';
  min?: number;
  max?: number;
}

export interface ListShape<M = Shape> {
  type: 'list';
  member: M;
  min?: number;
  max?: number;
  /** REST-XML: the element each item is wrapped in (`<Tags><Tag>…</Tag></Tags>` → `Tag`). */
  xmlMember?: string;
}

export interface MapShape<V = Shape> {
  type: 'map';
  key?: StringShape;
  value: V;
  /** Query protocol: the names of an entry's key and value (`entry.1.Name`, `entry.1.Value` for SNS's MessageAttributes); default `key`, `value`. */
  queryNames?: { key: string; value: string };
  min?: number;
  max?: number;
}

export interface StructureShape<T = Record<string, unknown>> {
  type: 'structure';
  /** The model's name for it (`KeySchemaElement`): messages print such values as `KeySchemaElement(attributeName=pk, keyType=HASH)`. */
  name?: string;
  members: Members<T>;
}

/** A structure whatever its members, as the validator walks it. */
export interface AnyStructureShape {
  type: 'structure';
  name?: string;
  members: object;
}

export type Shape = StringShape | NumberShape | BooleanShape | TimestampShape | BlobShape | ListShape | MapShape | AnyStructureShape;

/** Whether the SDK type declares `K` required (`Name: string | undefined`, not `Name?: …`). */
type IsRequired<T, K extends keyof T> = {} extends Pick<T, K> ? false : true;

/** The description of a member: its shape, with `required: true` exactly where the SDK requires it. */
type MemberShape<T, K extends keyof T> = ShapeOf<NonNullable<T[K]>> & (IsRequired<T, K> extends true ? { required: true } : { required?: false });

/** Every member of the SDK type, described. */
export type Members<T> = { [K in keyof T]-?: MemberShape<T, K> };

/** The shape that describes a value of SDK type `V`. */
export type ShapeOf<V> = [V] extends [string]
  ? StringShape<V>
  : [V] extends [number]
    ? NumberShape
    : [V] extends [boolean]
      ? BooleanShape
      : [V] extends [Date]
        ? TimestampShape
        : [V] extends [Uint8Array]
          ? BlobShape
          : [V] extends [readonly (infer M)[]]
            ? ListShape<ShapeOf<NonNullable<M>>>
            : [V] extends [object]
              ? string extends keyof V
                ? MapShape<ShapeOf<NonNullable<V[string & keyof V]>>>
                : StructureShape<V>
              : never;

/**
 * The input as an operation receives it once validated: what the SDK type marks required is
 * there, all the way down.
 */
export type Validated<T> = T extends Date | Uint8Array | string | number | boolean
  ? T
  : T extends readonly (infer M)[]
    ? Validated<M>[]
    : T extends object
      ? { [K in keyof T]: IsRequired<T, K> extends true ? Validated<NonNullable<T[K]>> : Validated<T[K]> }
      : T;
