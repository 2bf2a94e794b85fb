/**
 * What the assembly reader says about templates it cannot evaluate
 * (tests/fixtures/assembly-errors): each resource there is wrong in one way, and each
 * one is disabled on its own at load, with the error naming the problem; the assembly
 * still loads and everything else in it is there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssemblyError, CloudAssembly, UnresolvableAttributeError, UnsupportedIntrinsicError } from '../../../../local/assembly';

const FIXTURE = path.resolve('tests/fixtures/assembly-errors');

let assembly: CloudAssembly;
beforeEach(() => {
  assembly = CloudAssembly.load({ dir: FIXTURE, endpoint: 'http://127.0.0.1:4566', seed: 'errors' });
});

/** Throws the error that disabled the resource at load (it is left out of `resources()`). */
function properties(logicalId: string): () => unknown {
  expect(assembly.resources().some((r) => r.logicalId === logicalId)).toBe(false);
  const found = [...assembly.disabled.entries()].find(([key]) => key.endsWith(`/${logicalId}`));
  if (!found) throw new Error(`no disabled resource ${logicalId}`);
  return () => {
    throw found[1].error;
  };
}

describe('evaluation errors', () => {
  it('Fn::Select out of range names the index and the list size', () => {
    expect(properties('SelectOutOfRange')).toThrowError(new AssemblyError('Fn::Select index 5 is out of range for 2 items (in Broken SelectOutOfRange.Properties.Value)'));
    expect(properties('SelectNegative')).toThrowError(/Fn::Select index -1 is out of range for 2 items/);
  });

  it('Fn::ImportValue of a name nobody exports is an AssemblyError naming it', () => {
    expect(properties('MissingImport')).toThrowError(new AssemblyError('Fn::ImportValue nobody-exports-this: no stack in the assembly exports it'));
  });

  it('an intrinsic the local cloud does not implement is an UnsupportedIntrinsicError naming it and where it is', () => {
    let error: unknown;
    try {
      properties('Cidr')();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnsupportedIntrinsicError);
    expect(error).toBeInstanceOf(AssemblyError);
    expect((error as UnsupportedIntrinsicError).message).toBe('Fn::Cidr is not supported by the local cloud (in Broken Cidr.Properties.Value)');
    expect((error as UnsupportedIntrinsicError).resolution).toMatch(/Open an issue naming this intrinsic/);
  });

  it('Fn::GetAtt of an attribute the local cloud does not know names the resource type and the attribute', () => {
    let error: AssemblyError | undefined;
    try {
      properties('UnknownAttribute')();
    } catch (caught) {
      error = caught as AssemblyError;
    }
    expect(error).toBeInstanceOf(UnresolvableAttributeError);
    expect(error!.message).toBe('Fn::GetAtt Table.NoSuchAttribute (AWS::DynamoDB::Table) cannot be resolved locally: the local cloud does not know the attribute NoSuchAttribute of AWS::DynamoDB::Table');
    expect(error!.resolution).toBe('What uses it does not run locally; the rest of the backend does. Open an issue naming AWS::DynamoDB::Table.NoSuchAttribute.');
  });

  it('Ref of a parameter without a value or default, and of an unknown name, are AssemblyErrors', () => {
    expect(properties('RefNoDefault')).toThrowError(new AssemblyError('Parameter NoDefault of stack Broken has no value and no default', 'Give the parameter a default in the template.'));
    expect(properties('RefUnknown')).toThrowError(new AssemblyError('Ref Nothing (in Broken RefUnknown.Properties.Value) names no parameter or resource'));
  });

  it('Fn::FindInMap of a missing key names the path in the mappings', () => {
    expect(properties('MissingMapping')).toThrowError(new AssemblyError('Fn::FindInMap Sizes.large.Memory is not in the mappings of Broken'));
  });

  it('a condition that is not a boolean is refused', () => {
    expect(properties('ConditionNotBoolean')).toThrowError(new AssemblyError('Condition NotBoolean in Broken is not a boolean'));
  });
});

describe('circular references are reported, not looped on', () => {
  it('two resources whose names refer to each other', () => {
    expect(properties('CycleA')).toThrowError(/^Circular reference while evaluating Cycle[AB]\.BucketName in Broken$/);
    // The failure leaves nothing half-evaluated behind: asking again fails the same way.
    const stack = assembly.roots[0];
    expect(() => stack.ref('CycleA')).toThrowError(/Circular reference/);
    expect(() => stack.ref('CycleA')).toThrowError(/Circular reference/);
  });

  it('two conditions that refer to each other', () => {
    expect(properties('ConditionLoop')).toThrowError(/^Circular reference while evaluating condition Loop[AB] in Broken$/);
  });

  it('a nested stack parameter fed by that stack\'s own output: the output is left out, named', () => {
    expect(assembly.rootOutputs()).toEqual({});
    expect(assembly.disabled.get('Broken/Outputs/Echoed')).toMatchObject({ type: 'Output', reason: expect.stringMatching(/Circular reference while evaluating/) });
  });

  it('load anyway: what is not broken is there', () => {
    expect(assembly.resources().length).toBeGreaterThan(0);
    expect(assembly.disabled.size).toBeGreaterThanOrEqual(10);
  });
});

describe('a malformed assembly', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(files: Record<string, unknown>): string {
    dir = mkdtempSync(path.join(tmpdir(), 'flare-assembly-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(content));
    return dir;
  }

  it('a nested stack without aws:asset:path metadata says how to synthesize one', () => {
    write({
      'manifest.json': { artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.json' } } } },
      'S.json': { Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: {} } } },
    });
    expect(() => CloudAssembly.load({ dir, endpoint: 'http://127.0.0.1:4566' })).toThrowError(
      expect.objectContaining({ message: 'Nested stack Child in S has no aws:asset:path metadata', resolution: 'Synthesize with aws:cdk:enable-asset-metadata set.' }),
    );
  });

  it('a manifest without stacks is refused', () => {
    write({ 'manifest.json': { artifacts: {} } });
    expect(() => CloudAssembly.load({ dir, endpoint: 'http://127.0.0.1:4566' })).toThrowError(/has no stacks/);
  });
});
