import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AssemblyError } from './errors';
import { IdGenerator } from './physical-ids';
import { Stack, type AssemblyContext, type AttributeResolver } from './stack';
import type { CfnResource, CfnTemplate } from './template';

interface Manifest {
  artifacts?: Record<string, { type: string; properties?: { templateFile?: string; file?: string } }>;
}

interface AssetManifest {
  files?: Record<string, { source: { path: string; packaging?: string } }>;
}

/** A handle on one resource of the assembly. */
export interface AssemblyResource {
  stack: Stack;
  logicalId: string;
  type: string;
  /** The CDK construct path, e.g. `amplify-…/data/amplifyData/GraphQLAPI/Resource`. */
  cdkPath: string;
  properties(): Record<string, unknown>;
  ref(): string;
  getAtt(attribute: string): unknown;
  metadata: Record<string, unknown>;
}

export interface LoadOptions {
  /** The `cdk.out` directory. */
  dir: string;
  /** The edge URL, for attributes that are URLs. */
  endpoint: string;
  /** Seed of the local ids; keep it per state directory so ids survive restarts. */
  seed?: string;
  /** Attributes of custom resources that local services answer (e.g. Amplify's secret fetcher). */
  attributes?: AttributeResolver;
}

/** A resource (or root output) that cannot be evaluated locally, and why. */
export interface DisabledResource {
  cdkPath: string;
  type: string;
  reason: string;
  resolution?: string;
  /** The evaluation error that disabled it. */
  error: AssemblyError;
}

/**
 * The synthesized cloud assembly: every stack (root and nested), its resources
 * with evaluated properties and local physical ids, and its assets.
 * @example
 * const assembly = CloudAssembly.load({ dir: '.amplify/local/cdk.out', endpoint: 'http://127.0.0.1:4566' });
 * for (const table of assembly.ofType('Custom::AmplifyDynamoDBTable')) console.log(table.ref());
 */
export class CloudAssembly {
  readonly roots: Stack[] = [];
  private readonly assets = new Map<string, { path: string; packaging: string }>();
  private readonly typeCounts = new Map<string, number>();
  private exportsIndex?: Map<string, { stack: Stack; output: string }>;
  /**
   * Resources whose properties cannot be evaluated locally (an attribute nobody can give,
   * or something they depend on that is disabled), by stack path and logical id: left out
   * of everything the services see, so that only they, not the whole cloud, do not run.
   */
  readonly disabled = new Map<string, DisabledResource>();

  private constructor(
    readonly dir: string,
    readonly endpoint: string,
    readonly ids: IdGenerator,
    private readonly attributes?: AttributeResolver,
  ) {}

  static load(options: LoadOptions): CloudAssembly {
    const manifestPath = path.join(options.dir, 'manifest.json');
    if (!existsSync(manifestPath)) {
      throw new AssemblyError(`No cloud assembly at ${options.dir} (manifest.json missing)`, 'Run `npm run synth` first.');
    }
    const assembly = new CloudAssembly(options.dir, options.endpoint, new IdGenerator(options.seed ?? randomBytes(16).toString('hex')), options.attributes);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    const artifacts = Object.entries(manifest.artifacts ?? {});
    for (const [, artifact] of artifacts.filter(([, a]) => a.type === 'cdk:asset-manifest')) {
      assembly.readAssetManifest(artifact.properties!.file!);
    }
    const context = assembly.context();
    for (const [name, artifact] of artifacts.filter(([, a]) => a.type === 'aws:cloudformation:stack')) {
      const template = assembly.readJson<CfnTemplate>(artifact.properties!.templateFile!);
      assembly.roots.push(new Stack(name, name, template, context));
    }
    if (assembly.roots.length === 0) throw new AssemblyError(`The cloud assembly at ${options.dir} has no stacks`);
    // Load every nested stack now so that resources can be listed and counted. Only
    // resources that exist count: an inactive second GraphQL API must not move the URLs.
    for (const stack of assembly.stacks()) for (const [logicalId, resource] of stack.resources()) {
      if (!stack.isActive(logicalId)) continue;
      assembly.typeCounts.set(resource.Type, (assembly.typeCounts.get(resource.Type) ?? 0) + 1);
    }
    assembly.disableUnresolvable();
    return assembly;
  }

  /**
   * Evaluates every resource's properties once, up front: one that cannot be evaluated
   * (and so everything that depends on it, whose evaluation fails in turn) is disabled and
   * recorded with the reason, instead of failing the start of the whole local cloud.
   */
  private disableUnresolvable(): void {
    for (const stack of this.stacks()) {
      for (const [logicalId, resource] of stack.resources()) {
        if (!stack.isActive(logicalId)) continue;
        try {
          stack.propertiesOf(logicalId);
        } catch (error) {
          if (!(error instanceof AssemblyError)) throw error;
          const metadata = resource.Metadata ?? {};
          const cdkPath = typeof metadata['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'] : `${stack.path}/${logicalId}`;
          this.disabled.set(`${stack.path}/${logicalId}`, { cdkPath, type: resource.Type, reason: error.message, resolution: error.resolution, error });
        }
      }
    }
  }

  private isDisabled(stack: Stack, logicalId: string): boolean {
    return this.disabled.has(`${stack.path}/${logicalId}`);
  }

  private readJson<T>(file: string): T {
    return JSON.parse(readFileSync(path.join(this.dir, file), 'utf8')) as T;
  }

  private readAssetManifest(file: string): void {
    const manifest = this.readJson<AssetManifest>(file);
    for (const [hash, asset] of Object.entries(manifest.files ?? {})) {
      this.assets.set(hash, { path: path.join(this.dir, asset.source.path), packaging: asset.source.packaging ?? 'file' });
    }
  }

  private context(): AssemblyContext {
    return {
      ids: this.ids,
      resolveAttribute: this.attributes,
      endpoint: this.endpoint,
      countOfType: (type) => this.typeCounts.get(type) ?? 0,
      importValue: (name) => this.importValue(name),
      loadNested: (parent, logicalId, resource) => this.loadNested(parent, logicalId, resource),
    };
  }

  private loadNested(parent: Stack, logicalId: string, resource: CfnResource): Stack {
    const file = resource.Metadata?.['aws:asset:path'];
    if (typeof file !== 'string') {
      throw new AssemblyError(`Nested stack ${logicalId} in ${parent.path} has no aws:asset:path metadata`, 'Synthesize with aws:cdk:enable-asset-metadata set.');
    }
    const template = this.readJson<CfnTemplate>(file);
    const name = `${parent.name}-${logicalId}-${this.ids.upper(`${parent.path}/${logicalId}`, 12)}`;
    return new Stack(name, `${parent.path}/${logicalId}`, template, parent.context, () => parent.nestedParameters(logicalId), parent);
  }

  /** Every stack, parents before children. */
  stacks(): Stack[] {
    const out: Stack[] = [];
    const visit = (stack: Stack) => {
      out.push(stack);
      for (const [logicalId, resource] of stack.resources()) {
        if (resource.Type === 'AWS::CloudFormation::Stack' && stack.isActive(logicalId) && !this.isDisabled(stack, logicalId)) visit(stack.nestedStack(logicalId));
      }
    };
    this.roots.forEach(visit);
    return out;
  }

  /** Every active resource in every stack. */
  resources(): AssemblyResource[] {
    const out: AssemblyResource[] = [];
    for (const stack of this.stacks()) {
      for (const [logicalId, resource] of stack.resources()) {
        if (!stack.isActive(logicalId) || this.isDisabled(stack, logicalId)) continue;
        const metadata = resource.Metadata ?? {};
        out.push({
          stack,
          logicalId,
          type: resource.Type,
          cdkPath: typeof metadata['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'] : `${stack.path}/${logicalId}`,
          properties: () => stack.propertiesOf(logicalId),
          ref: () => stack.ref(logicalId),
          getAtt: (attribute) => stack.getAtt(logicalId, attribute),
          metadata,
        });
      }
    }
    return out;
  }

  ofType(...types: string[]): AssemblyResource[] {
    return this.resources().filter((resource) => types.includes(resource.type));
  }

  /** Finds the resource whose physical id (Ref) or ARN is `id`. */
  findByPhysicalId(id: string, types?: string[]): AssemblyResource | undefined {
    return (types ? this.ofType(...types) : this.resources()).find((r) => {
      if (r.type === 'AWS::CloudFormation::Stack') return false;
      if (r.ref() === id) return true;
      try {
        return r.getAtt('Arn') === id;
      } catch {
        // Types without an Arn attribute simply do not match by ARN.
        return false;
      }
    });
  }

  /**
   * The file or directory of an asset, by hash or by the S3 object key CDK
   * publishes it under (`<hash>.zip`, `<hash>.json`).
   */
  assetPath(hashOrKey: string): string {
    const hash = hashOrKey.replace(/\.(zip|json)$/, '');
    const asset = this.assets.get(hash);
    if (!asset) throw new AssemblyError(`Asset ${hashOrKey} is not in the cloud assembly`, 'Re-run `npm run synth`.');
    return asset.path;
  }

  /** Reads an asset referenced by an `s3://bucket/key` or https URL as CDK writes them. */
  assetPathFromUrl(url: string): string {
    const key = url.split('/').pop() ?? url;
    return this.assetPath(key);
  }

  private importValue(name: string): unknown {
    if (!this.exportsIndex) {
      this.exportsIndex = new Map();
      for (const stack of this.stacks()) {
        for (const [output, declared] of Object.entries(stack.template.Outputs ?? {})) {
          if (declared.Export) this.exportsIndex.set(String(stack.evaluate(declared.Export.Name, `Outputs.${output}.Export`)), { stack, output });
        }
      }
    }
    const found = this.exportsIndex.get(name);
    if (!found) throw new AssemblyError(`Fn::ImportValue ${name}: no stack in the assembly exports it`);
    return found.stack.output(found.output);
  }

  /**
   * The root stack's evaluated outputs (what `describeStacks` would return). One that
   * cannot be evaluated locally is left out and recorded in `disabled`.
   */
  rootOutputs(stack: Stack = this.roots[0]): Record<string, string> {
    const outputs: Record<string, string> = {};
    for (const name of stack.outputNames()) {
      try {
        outputs[name] = String(stack.output(name));
      } catch (error) {
        if (!(error instanceof AssemblyError)) throw error;
        this.disabled.set(`${stack.path}/Outputs/${name}`, { cdkPath: `${stack.path}/Outputs/${name}`, type: 'Output', reason: error.message, resolution: error.resolution, error });
      }
    }
    return outputs;
  }
}
