import { AssemblyError, UnresolvableAttributeError, UnsupportedIntrinsicError } from './errors';
import { attributeOf, physicalIdOf, type IdGenerator, type Identified, type ResourceFacts } from './physical-ids';
import { LOCAL_ACCOUNT, type CfnResource, type CfnTemplate } from './template';

/** Marker for `Ref: AWS::NoValue`: the property is removed. */
const NO_VALUE = Symbol('AWS::NoValue');

/** What an attribute resolver says: the value, or why there is none (`undefined`: not its kind of resource). */
export type AttributeAnswer = { known: true; value: unknown } | { known: false; reason: string; resolution?: string };

/**
 * Attributes the assembly cannot know by itself: those of custom resources whose values
 * live in a local service's state (Amplify's secret fetcher answers from the secret store).
 */
export type AttributeResolver = (resource: { type: string; logicalId: string; properties(): Record<string, unknown> }, attribute: string) => AttributeAnswer | undefined;

export interface AssemblyContext {
  ids: IdGenerator;
  /** Attributes of custom resources, answered by the local cloud's services. */
  resolveAttribute?: AttributeResolver;
  endpoint: string;
  countOfType(type: string): number;
  /** Looks up `Fn::ImportValue` exports across every stack of the assembly. */
  importValue(name: string): unknown;
  /** Loads the template of a nested stack resource. */
  loadNested(stack: Stack, logicalId: string, resource: CfnResource): Stack;
}

/**
 * One stack of the assembly, root or nested, with lazy, memoized evaluation of
 * everything in it. Evaluation is on demand because resources refer to each
 * other across stacks in any order; a cycle is reported, not looped on.
 */
export class Stack {
  readonly nested = new Map<string, Stack>();
  private readonly refs = new Map<string, string>();
  private readonly properties = new Map<string, Record<string, unknown>>();
  private readonly conditions = new Map<string, boolean>();
  private readonly outputs = new Map<string, unknown>();
  private readonly evaluating = new Set<string>();

  constructor(
    readonly name: string,
    readonly path: string,
    readonly template: CfnTemplate,
    readonly context: AssemblyContext,
    /** Parameter values, evaluated on first use (a nested stack's come from its parent). */
    private readonly parameterSource: () => Record<string, unknown> = () => ({}),
    readonly parent?: Stack,
  ) {}

  private parameterValues?: Record<string, unknown>;

  get stackId(): string {
    const { region, accountId } = LOCAL_ACCOUNT;
    return `arn:aws:cloudformation:${region}:${accountId}:stack/${this.name}/${this.context.ids.uuid(this.path)}`;
  }

  resources(): [string, CfnResource][] {
    return Object.entries(this.template.Resources ?? {});
  }

  resource(logicalId: string): CfnResource {
    const resource = this.template.Resources?.[logicalId];
    if (!resource) throw new AssemblyError(`No resource ${logicalId} in stack ${this.path}`);
    return resource;
  }

  /** Whether the resource exists once conditions are applied. */
  isActive(logicalId: string): boolean {
    const condition = this.resource(logicalId).Condition;
    return condition === undefined || this.condition(condition);
  }

  condition(name: string): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new AssemblyError(`Condition ${name} is not defined in stack ${this.path}`);
    const value = this.guard(`condition ${name}`, () => this.evaluate(definition, `Conditions.${name}`));
    if (typeof value !== 'boolean') throw new AssemblyError(`Condition ${name} in ${this.path} is not a boolean`);
    this.conditions.set(name, value);
    return value;
  }

  parameter(name: string): unknown {
    this.parameterValues ??= this.guard('parameters', this.parameterSource);
    const declared = this.template.Parameters?.[name];
    if (!declared) throw new AssemblyError(`Parameter ${name} is not declared in stack ${this.path}`);
    // A parent passes every nested-stack parameter as a string (lists are Fn::Join-ed);
    // the declared type applies to passed values and defaults alike.
    const value = name in this.parameterValues ? this.parameterValues[name] : declared.Default;
    if (value === undefined) {
      throw new AssemblyError(`Parameter ${name} of stack ${this.path} has no value and no default`, 'Give the parameter a default in the template.');
    }
    // CloudFormation trims each member of a CommaDelimitedList.
    if (declared.Type === 'CommaDelimitedList' && typeof value === 'string') return value.split(',').map((member) => member.trim());
    return value;
  }

  /** All properties of a resource, evaluated. */
  propertiesOf(logicalId: string): Record<string, unknown> {
    const known = this.properties.get(logicalId);
    if (known) return known;
    const value = this.guard(`properties of ${logicalId}`, () =>
      this.evaluate(this.resource(logicalId).Properties ?? {}, `${logicalId}.Properties`),
    ) as Record<string, unknown>;
    this.properties.set(logicalId, value);
    return value;
  }

  private facts(logicalId: string): ResourceFacts {
    const resource = this.resource(logicalId);
    const raw = resource.Properties ?? {};
    return {
      type: resource.Type,
      logicalId,
      stackName: this.name,
      key: `${this.path}/${logicalId}`,
      ids: this.context.ids,
      endpoint: this.context.endpoint,
      countOfType: (type) => this.context.countOfType(type),
      // Only the property asked for is evaluated: a name may not depend on the whole resource.
      prop: (name) => (name in raw ? this.guard(`${logicalId}.${name}`, () => this.evaluate(raw[name], `${logicalId}.Properties.${name}`)) : undefined),
    };
  }

  /** The resource's `Ref` value (its physical id). */
  ref(logicalId: string): string {
    const known = this.refs.get(logicalId);
    if (known !== undefined) return known;
    const resource = this.resource(logicalId);
    const value = resource.Type === 'AWS::CloudFormation::Stack' ? this.nestedStack(logicalId).stackId : physicalIdOf(this.facts(logicalId));
    this.refs.set(logicalId, value);
    return value;
  }

  getAtt(logicalId: string, attribute: string): unknown {
    const resource = this.resource(logicalId);
    if (resource.Type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
      return this.nestedStack(logicalId).output(attribute.slice('Outputs.'.length));
    }
    const answer = this.context.resolveAttribute?.({ type: resource.Type, logicalId, properties: () => this.propertiesOf(logicalId) }, attribute);
    if (answer?.known) return answer.value;
    if (answer) throw new UnresolvableAttributeError(logicalId, resource.Type, attribute, answer.reason, answer.resolution);
    const self: Identified = { ref: this.ref(logicalId), attributes: {} };
    const { known, value } = attributeOf(this.facts(logicalId), self, attribute);
    if (!known) {
      throw new UnresolvableAttributeError(
        logicalId,
        resource.Type,
        attribute,
        `the local cloud does not know the attribute ${attribute} of ${resource.Type}`,
        `What uses it does not run locally; the rest of the backend does. Open an issue naming ${resource.Type}.${attribute}.`,
      );
    }
    return value;
  }

  nestedStack(logicalId: string): Stack {
    const known = this.nested.get(logicalId);
    if (known) return known;
    const stack = this.context.loadNested(this, logicalId, this.resource(logicalId));
    this.nested.set(logicalId, stack);
    return stack;
  }

  /** Evaluated parameters for a nested stack resource (used by the loader). */
  nestedParameters(logicalId: string): Record<string, unknown> {
    return (this.propertiesOf(logicalId).Parameters ?? {}) as Record<string, unknown>;
  }

  output(name: string): unknown {
    if (this.outputs.has(name)) return this.outputs.get(name);
    const declared = this.template.Outputs?.[name];
    if (!declared) throw new AssemblyError(`Stack ${this.path} has no output ${name}`);
    const value = this.guard(`output ${name}`, () => this.evaluate(declared.Value, `Outputs.${name}`));
    this.outputs.set(name, value);
    return value;
  }

  outputNames(): string[] {
    return Object.entries(this.template.Outputs ?? {})
      .filter(([, output]) => output.Condition === undefined || this.condition(output.Condition))
      .map(([name]) => name);
  }

  private guard<T>(what: string, fn: () => T): T {
    if (this.evaluating.has(what)) throw new AssemblyError(`Circular reference while evaluating ${what} in ${this.path}`);
    this.evaluating.add(what);
    try {
      return fn();
    } finally {
      this.evaluating.delete(what);
    }
  }

  /** Evaluates a template value: intrinsics resolved, `AWS::NoValue` removed. */
  evaluate(value: unknown, where: string): unknown {
    const result = this.evaluateValue(value, where);
    return result === NO_VALUE ? undefined : result;
  }

  private evaluateValue(value: unknown, where: string): unknown {
    if (Array.isArray(value)) {
      return value.map((item, i) => this.evaluateValue(item, `${where}[${i}]`)).filter((item) => item !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, arg] = entries[0];
      if (key === 'Ref') return this.evaluateRef(arg as string, where);
      if (key.startsWith('Fn::') || key === 'Condition') return this.intrinsic(key, arg, where);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const evaluated = this.evaluateValue(item, `${where}.${key}`);
      if (evaluated !== NO_VALUE) out[key] = evaluated;
    }
    return out;
  }

  private evaluateRef(name: string, where: string): unknown {
    const { region, accountId, partition, urlSuffix } = LOCAL_ACCOUNT;
    switch (name) {
      case 'AWS::Region': return region;
      case 'AWS::AccountId': return accountId;
      case 'AWS::Partition': return partition;
      case 'AWS::URLSuffix': return urlSuffix;
      case 'AWS::StackName': return this.name;
      case 'AWS::StackId': return this.stackId;
      case 'AWS::NoValue': return NO_VALUE;
      case 'AWS::NotificationARNs': return [];
    }
    if (this.template.Parameters && name in this.template.Parameters) return this.parameter(name);
    if (this.template.Resources && name in this.template.Resources) return this.ref(name);
    throw new AssemblyError(`Ref ${name} (in ${this.path} ${where}) names no parameter or resource`);
  }

  private intrinsic(fn: string, arg: unknown, where: string): unknown {
    const ev = (v: unknown) => this.evaluate(v, where);
    const list = (v: unknown): unknown[] => {
      const value = ev(v);
      if (!Array.isArray(value)) throw new AssemblyError(`${fn} expects a list (in ${this.path} ${where})`);
      return value;
    };
    switch (fn) {
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof arg === 'string' ? splitOnce(arg, '.') : (arg as [string, unknown]);
        return this.getAtt(logicalId, String(ev(attribute)));
      }
      case 'Fn::Join': {
        const [separator, items] = arg as [string, unknown];
        return list(items).map(String).join(separator);
      }
      case 'Fn::Sub':
        return this.sub(arg, where);
      case 'Fn::Select': {
        const [index, items] = arg as [unknown, unknown];
        const values = list(items);
        const i = Number(ev(index));
        if (!Number.isInteger(i) || i < 0 || i >= values.length) {
          throw new AssemblyError(`Fn::Select index ${i} is out of range for ${values.length} items (in ${this.path} ${where})`);
        }
        return values[i];
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return String(ev(source)).split(separator);
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = arg as [string, unknown, unknown];
        return this.evaluateValue(this.condition(condition) ? whenTrue : whenFalse, where);
      }
      case 'Fn::Equals': {
        const [a, b] = arg as [unknown, unknown];
        return JSON.stringify(ev(a)) === JSON.stringify(ev(b));
      }
      case 'Fn::Not':
        return !this.truth((arg as unknown[])[0], where);
      case 'Fn::And':
        return (arg as unknown[]).every((item) => this.truth(item, where));
      case 'Fn::Or':
        return (arg as unknown[]).some((item) => this.truth(item, where));
      case 'Condition':
        return this.condition(arg as string);
      case 'Fn::FindInMap': {
        const [map, top, second] = (arg as unknown[]).map((item) => ev(item)) as string[];
        const value = this.template.Mappings?.[map]?.[top]?.[second];
        if (value === undefined) throw new AssemblyError(`Fn::FindInMap ${map}.${top}.${second} is not in the mappings of ${this.path}`);
        return value;
      }
      case 'Fn::ImportValue':
        return this.context.importValue(String(ev(arg)));
      case 'Fn::Base64':
        return Buffer.from(String(ev(arg))).toString('base64');
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${LOCAL_ACCOUNT.region}${zone}`);
      case 'Fn::Length':
        return list(arg).length;
      case 'Fn::ToJsonString':
        return JSON.stringify(ev(arg));
      default:
        throw new UnsupportedIntrinsicError(fn, `${this.path} ${where}`);
    }
  }

  private truth(value: unknown, where: string): boolean {
    const result = this.evaluate(value, where);
    if (typeof result !== 'boolean') throw new AssemblyError(`Expected a condition (boolean) in ${this.path} ${where}`);
    return result;
  }

  private sub(arg: unknown, where: string): string {
    const [template, variables] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, unknown>]);
    const values = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, this.evaluate(value, where)]));
    return template.replace(/\$\{(!?)([^}]*)\}/g, (_match, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in values) return String(values[name]);
      if (name.includes('.') && !name.startsWith('AWS::')) {
        const [logicalId, attribute] = splitOnce(name, '.');
        return String(this.getAtt(logicalId, attribute));
      }
      return String(this.evaluateRef(name, where));
    });
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
