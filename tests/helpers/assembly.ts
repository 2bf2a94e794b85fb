/**
 * Reads the synthesized cloud assembly (`npm run synth` → `.amplify/local/cdk.out`) for
 * assertion tests: the manifest, the root template and every nested template, with the
 * nested stacks named by their logical id in the parent minus CDK's suffixes
 * (`auth`, `data`, `storage`, `amplifyDataIncident`, `amplifyDataFunctionDirectiveStack`, …).
 *
 * @example
 * const assembly = loadAssembly();
 * const [[, table]] = assembly.resources('amplifyDataIncident', 'Custom::AmplifyDynamoDBTable');
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_ASSEMBLY_DIR = fileURLToPath(new URL('../../.amplify/local/cdk.out', import.meta.url));

/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation properties are free-form JSON */
export interface Resource {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
  Metadata?: Record<string, any>;
}

export interface Template {
  Resources: Record<string, Resource>;
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
  Outputs?: Record<string, { Value: unknown }>;
  Metadata?: Record<string, any>;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface Stack {
  /** `root` for the top-level stack; otherwise the parent's logical id without CDK's suffixes. */
  name: string;
  /** The stack's logical id in its parent (undefined for the root). */
  logicalId: string | undefined;
  file: string;
  template: Template;
  parent: Stack | undefined;
}

/** A resource an expression refers to, wherever it lives in the stack tree. */
export interface ResourceReference {
  stack: string;
  logicalId: string;
  type: string;
  /** The attribute of `Fn::GetAtt`; undefined for `Ref`. */
  attribute: string | undefined;
}

/** An IAM policy statement with actions sorted and resources rendered by {@link CloudAssembly.render}. */
export interface StatementView {
  effect: string;
  actions: string[];
  resources: string[];
  condition?: unknown;
}

export interface PolicyView {
  stack: string;
  logicalId: string;
  statements: StatementView[];
}

/** How {@link CloudAssembly.render} writes a reference: `{stack/logicalId.Attribute}`. */
export function referenceText(reference: Pick<ResourceReference, 'stack' | 'logicalId' | 'attribute'>): string {
  return `{${reference.stack}/${reference.logicalId}${reference.attribute ? `.${reference.attribute}` : ''}}`;
}

export function sameResource(a: Pick<ResourceReference, 'stack' | 'logicalId'>, b: Pick<ResourceReference, 'stack' | 'logicalId'>): boolean {
  return a.stack === b.stack && a.logicalId === b.logicalId;
}

function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** `auth179371D7` → `auth`; `amplifyDataIncidentNestedStackIncidentNestedStackResourceC81EF153` → `amplifyDataIncident`. */
export function nestedStackName(logicalId: string): string {
  return logicalId.replace(/NestedStack.*$/, '').replace(/[0-9A-F]{8}$/, '');
}

export class CloudAssembly {
  private readonly byName = new Map<string, Stack>();

  constructor(
    readonly dir: string,
    readonly manifest: { version: string; artifacts: Record<string, { type: string; properties?: Record<string, unknown> }> },
    stacks: readonly Stack[],
  ) {
    for (const stack of stacks) {
      if (this.byName.has(stack.name)) throw new Error(`Two nested stacks are both named ${stack.name}`);
      this.byName.set(stack.name, stack);
    }
  }

  get stackNames(): string[] {
    return [...this.byName.keys()];
  }

  stack(name: string): Stack {
    const stack = this.byName.get(name);
    if (!stack) throw new Error(`No stack named ${name} in the assembly; there are: ${this.stackNames.join(', ')}`);
    return stack;
  }

  /** The resources of `type` in one stack, as `[logicalId, resource]` pairs. */
  resources(stackName: string, type: string): [string, Resource][] {
    return Object.entries(this.stack(stackName).template.Resources).filter(([, resource]) => resource.Type === type);
  }

  /** The resources of `type` in every stack. */
  allResources(type: string): { stack: string; logicalId: string; resource: Resource }[] {
    return [...this.byName.values()].flatMap((stack) =>
      Object.entries(stack.template.Resources)
        .filter(([, resource]) => resource.Type === type)
        .map(([logicalId, resource]) => ({ stack: stack.name, logicalId, resource })),
    );
  }

  resource(stackName: string, logicalId: string): Resource {
    const resource = this.stack(stackName).template.Resources[logicalId];
    if (!resource) throw new Error(`No resource ${logicalId} in stack ${stackName}`);
    return resource;
  }

  /** The one resource of `type` in the stack that `matches`; throws when there are none or several. */
  only(stackName: string, type: string, matches: (resource: Resource, logicalId: string) => boolean = () => true): [string, Resource] {
    const found = this.resources(stackName, type).filter(([logicalId, resource]) => matches(resource, logicalId));
    if (found.length !== 1) {
      throw new Error(`Expected one ${type} in ${stackName}, found ${found.length}: ${found.map(([id]) => id).join(', ')}`);
    }
    return found[0];
  }

  /** The Lambda function Amplify tagged with `amplify:friendly-name` = `name` (a `defineFunction` name). */
  amplifyFunction(name: string): { stack: string; logicalId: string; resource: Resource } {
    const found = this.allResources('AWS::Lambda::Function').filter(({ resource }) =>
      toArray(resource.Properties?.Tags as { Key: string; Value: string }[] | undefined).some(
        (tag) => tag.Key === 'amplify:friendly-name' && tag.Value === name,
      ),
    );
    if (found.length !== 1) throw new Error(`Expected one function named ${name}, found ${found.length}`);
    return found[0];
  }

  /**
   * Follows a `Ref` or `Fn::GetAtt` across stack boundaries — a parameter to the value the
   * parent passes, a nested stack's `Outputs.X` to that output — down to a resource.
   */
  resolve(stackName: string, expression: unknown): ResourceReference {
    return this.resolveIn(this.stack(stackName), expression);
  }

  /** Every resource an expression refers to anywhere inside it (through Fn::Join, Fn::Select, …). */
  references(stackName: string, expression: unknown): ResourceReference[] {
    const found: ResourceReference[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) {
        value.forEach(visit);
      } else if (value !== null && typeof value === 'object') {
        const keys = Object.keys(value);
        if (keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Fn::GetAtt')) {
          const pseudo = keys[0] === 'Ref' && String((value as { Ref: unknown }).Ref).startsWith('AWS::');
          if (!pseudo) found.push(this.resolve(stackName, value));
        } else {
          Object.values(value).forEach(visit);
        }
      }
    };
    visit(expression);
    return found;
  }

  /**
   * A readable form of an expression for exact assertions: references become
   * `{stack/logicalId.Attribute}` (resolved across stacks), pseudo parameters `${AWS::Region}`,
   * `Fn::Join` is joined and `Fn::Sub` kept as written. Other intrinsics are refused.
   */
  render(stackName: string, expression: unknown): string {
    if (typeof expression === 'string') return expression;
    if (typeof expression === 'number' || typeof expression === 'boolean') return String(expression);
    const value = expression as Record<string, unknown>;
    if (typeof value?.Ref === 'string' && value.Ref.startsWith('AWS::')) return `\${${value.Ref}}`;
    if (value && ('Ref' in value || 'Fn::GetAtt' in value)) return referenceText(this.resolve(stackName, value));
    if (Array.isArray(value?.['Fn::Join'])) {
      const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => this.render(stackName, part)).join(separator);
    }
    if (typeof value?.['Fn::Sub'] === 'string') return value['Fn::Sub'];
    throw new Error(`Cannot render ${JSON.stringify(expression)}`);
  }

  /** Every `AWS::IAM::Policy`, in any stack, attached to `role` (a reference to an `AWS::IAM::Role`). */
  policiesAttachedTo(role: ResourceReference): PolicyView[] {
    return this.allResources('AWS::IAM::Policy')
      .filter(({ stack, resource }) =>
        ((resource.Properties?.Roles ?? []) as unknown[]).some((entry) => sameResource(this.resolve(stack, entry), role)),
      )
      .map(({ stack, logicalId, resource }) => ({
        stack,
        logicalId,
        statements: toArray(resource.Properties?.PolicyDocument?.Statement).map((statement) => this.statement(stack, statement)),
      }));
  }

  private statement(stackName: string, statement: Record<string, unknown>): StatementView {
    const view: StatementView = {
      effect: String(statement.Effect),
      actions: toArray(statement.Action).map(String).sort(),
      resources: toArray(statement.Resource).map((resource) => this.render(stackName, resource)).sort(),
    };
    if (statement.Condition !== undefined) view.condition = statement.Condition;
    return view;
  }

  /**
   * The text of a file asset named by an S3 location (`{ "Fn::Sub": "s3://…/<hash>.<ext>" }`)
   * or by its object key.
   */
  readAsset(location: unknown): string {
    const url = typeof location === 'string' ? location : (location as { 'Fn::Sub'?: unknown })?.['Fn::Sub'];
    if (typeof url !== 'string') throw new Error(`Not an asset location: ${JSON.stringify(location)}`);
    const objectKey = url.split('/').pop() ?? '';
    const file = path.join(this.dir, `asset.${objectKey}`);
    if (!existsSync(file)) throw new Error(`Asset ${objectKey} is not in ${this.dir}`);
    return readFileSync(file, 'utf8');
  }

  private resolveIn(stack: Stack, expression: unknown): ResourceReference {
    const value = expression as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
    if (typeof value?.Ref === 'string') {
      const name = value.Ref;
      const resource = stack.template.Resources[name];
      if (resource) return { stack: stack.name, logicalId: name, type: resource.Type, attribute: undefined };
      if (stack.template.Parameters?.[name] && stack.parent && stack.logicalId) {
        const passed = stack.parent.template.Resources[stack.logicalId].Properties?.Parameters?.[name];
        if (passed === undefined) throw new Error(`${stack.parent.name} passes no value for parameter ${name} of ${stack.name}`);
        return this.resolveIn(stack.parent, passed);
      }
      throw new Error(`Ref ${name} names neither a resource nor a parameter of ${stack.name}`);
    }
    if (Array.isArray(value?.['Fn::GetAtt'])) {
      const [logicalId, attribute] = value['Fn::GetAtt'] as [string, string];
      const resource = stack.template.Resources[logicalId];
      if (!resource) throw new Error(`Fn::GetAtt names ${logicalId}, which is not in ${stack.name}`);
      if (resource.Type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
        const child = this.byName.get(nestedStackName(logicalId));
        const output = child?.template.Outputs?.[attribute.slice('Outputs.'.length)];
        if (!child || !output) throw new Error(`${stack.name}: ${logicalId} has no output ${attribute}`);
        return this.resolveIn(child, output.Value);
      }
      return { stack: stack.name, logicalId, type: resource.Type, attribute };
    }
    throw new Error(`Not a Ref or Fn::GetAtt: ${JSON.stringify(expression)}`);
  }
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * Loads the assembly in `dir`. Fails with what to do when it has not been synthesized,
 * and when a nested template in the directory is not reachable from the root.
 */
export function loadAssembly(dir: string = DEFAULT_ASSEMBLY_DIR): CloudAssembly {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`No cloud assembly at ${dir}: run \`npm run synth\` first`);
  }
  const manifest = readJson<CloudAssembly['manifest']>(manifestFile);
  const rootArtifacts = Object.values(manifest.artifacts).filter((artifact) => artifact.type === 'aws:cloudformation:stack');
  if (rootArtifacts.length !== 1) throw new Error(`Expected one stack artifact in ${manifestFile}, found ${rootArtifacts.length}`);
  const rootFile = String(rootArtifacts[0].properties?.templateFile);

  const stacks: Stack[] = [];
  const visit = (name: string, logicalId: string | undefined, file: string, parent: Stack | undefined): void => {
    const stack: Stack = { name, logicalId, file, template: readJson<Template>(path.join(dir, file)), parent };
    stacks.push(stack);
    for (const [childId, resource] of Object.entries(stack.template.Resources)) {
      if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
      const childFile = resource.Metadata?.['aws:asset:path'];
      if (typeof childFile !== 'string') throw new Error(`Nested stack ${childId} in ${name} names no template file`);
      visit(nestedStackName(childId), childId, childFile, stack);
    }
  };
  visit('root', undefined, rootFile, undefined);

  const loaded = new Set(stacks.map((stack) => stack.file));
  const stray = readdirSync(dir).filter((file) => file.endsWith('.nested.template.json') && !loaded.has(file));
  if (stray.length > 0) throw new Error(`Nested templates not reachable from ${rootFile}: ${stray.join(', ')}`);
  return new CloudAssembly(dir, manifest, stacks);
}
