/**
 * Intrinsic functions, conditions, parameters, nested stacks and exports, evaluated
 * over a small hand-written cloud assembly (tests/fixtures/assembly-intrinsics): a
 * root stack `Main` with a nested stack, and a second root stack `Shared` whose
 * exports `Main` imports.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudAssembly, type AssemblyResource } from '../../../../local/assembly';

const FIXTURE = path.resolve('tests/fixtures/assembly-intrinsics');
const ENDPOINT = 'http://127.0.0.1:4566';

let assembly: CloudAssembly;
beforeEach(() => {
  assembly = CloudAssembly.load({ dir: FIXTURE, endpoint: ENDPOINT, seed: 'intrinsics' });
});

function resource(logicalId: string): AssemblyResource {
  const found = assembly.resources().filter((r) => r.logicalId === logicalId);
  if (found.length !== 1) throw new Error(`expected one resource ${logicalId}, found ${found.length}`);
  return found[0];
}

const probe = () => resource('Probe').properties();
const nestedProbe = () => resource('NestedProbe').properties();

describe('loading', () => {
  it('reads every stack artifact as a root and its nested stacks beneath it, parents first', () => {
    expect(assembly.roots.map((stack) => stack.name)).toEqual(['Main', 'Shared']);
    const stacks = assembly.stacks();
    expect(stacks.map((stack) => stack.path)).toEqual(['Main', 'Main/Nested', 'Shared']);
    expect(stacks[1].parent).toBe(stacks[0]);
    expect(stacks[1].name).toMatch(/^Main-Nested-[A-Z0-9]{12}$/);
  });

  it('lists resources with their type, stack and CDK path', () => {
    const probeResource = resource('Probe');
    expect(probeResource.type).toBe('Custom::Probe');
    expect(probeResource.stack.name).toBe('Main');
    expect(probeResource.cdkPath).toBe('Main/Probe/Default');
    // Without aws:cdk:path metadata the path is made of the stack path and logical id.
    expect(resource('Queue').cdkPath).toBe('Main/Nested/Queue');
    expect(assembly.ofType('AWS::SQS::Queue').map((r) => r.logicalId)).toEqual(['Queue']);
  });

  it('refuses a directory without manifest.json, saying how to make one', () => {
    expect(() => CloudAssembly.load({ dir: path.resolve('tests/fixtures'), endpoint: ENDPOINT })).toThrowError(
      expect.objectContaining({ name: 'AssemblyError', message: expect.stringContaining('manifest.json missing'), resolution: 'Run `npm run synth` first.' }),
    );
  });
});

describe('Ref', () => {
  it('gives a parameter its default', () => {
    expect(probe().RefString).toBe('dev');
    // CloudFormation hands a Number parameter to Ref as a string; the local cloud keeps the
    // template's number (services read table capacities from such parameters). Either reads as 7.
    expect(String(probe().RefNumber)).toBe('7');
  });

  it('splits a CommaDelimitedList default into trimmed members', () => {
    // CloudFormation: "an array of literal strings that are separated by commas … each member string is space trimmed".
    expect(probe().RefList).toEqual(['a', 'b', 'c']);
  });

  it('gives a resource its physical id', () => {
    expect(probe().RefResource).toBe('orders-dev');
  });

  it('answers the pseudo parameters as the local account', () => {
    const props = probe();
    expect(props.Region).toBe('us-east-1');
    expect(props.AccountId).toBe('000000000000');
    expect(props.Partition).toBe('aws');
    expect(props.URLSuffix).toBe('amazonaws.com');
    expect(props.StackName).toBe('Main');
    expect(props.StackId).toMatch(/^arn:aws:cloudformation:us-east-1:000000000000:stack\/Main\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(props.NotificationARNs).toEqual([]);
    expect(nestedProbe().StackName).toBe(assembly.stacks()[1].name);
  });

  it('AWS::NoValue removes a property, a list item and a member of a nested object', () => {
    const props = probe();
    expect(props).not.toHaveProperty('Removed');
    expect(props.ListWithHole).toEqual(['x', 'y']);
    expect(props.Nested).toEqual({ Keep: 1 });
    expect(props).not.toHaveProperty('IfRemoved');
  });
});

describe('Fn::GetAtt', () => {
  it('reads an attribute in the array form and in the "Resource.Attribute" string form', () => {
    expect(probe().GetAttArray).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/orders-dev');
    expect(probe().GetAttString).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/orders-dev/stream/2026-01-01T00:00:00.000');
  });

  it('reads a nested stack\'s Outputs.X in both forms', () => {
    expect(probe().GetAttNestedOutput).toBe('orders-dev-jobs');
    expect(probe().GetAttNestedOutputString).toBe(`${ENDPOINT}/000000000000/orders-dev-jobs`);
  });
});

describe('Fn::Join, Fn::Select, Fn::Split', () => {
  it('joins evaluated items, lists from parameters and empty lists', () => {
    expect(probe().Join).toBe('a-dev-a');
    expect(probe().JoinList).toBe('a+b+c');
    expect(probe().JoinEmpty).toBe('');
  });

  it('selects by index (a numeric string counts) and splits keeping empty strings', () => {
    expect(probe().Select).toBe('q');
    expect(probe().Split).toEqual(['a', 'b', '', 'c']);
  });
});

describe('Fn::Sub', () => {
  it('substitutes parameters, resources, attributes, pseudo parameters and keeps ${!Literal} literal', () => {
    expect(probe().SubString).toBe('dev/orders-dev/arn:aws:dynamodb:us-east-1:000000000000:table/orders-dev/us-east-1/${Literal}');
  });

  it('substitutes a nested stack output named Nested.Outputs.X', () => {
    expect(probe().SubNestedOutput).toBe('queue=orders-dev-jobs');
  });

  it('takes [template, variables], variables first, then template names', () => {
    const poolArn = resource('UserPool').getAtt('Arn');
    expect(probe().SubVars).toBe(`hello, ${poolArn} in us-east-1 (dev)`);
  });
});

describe('conditions', () => {
  it('Fn::If picks a branch by a named condition', () => {
    expect(probe().IfTrue).toBe('yes');
    expect(probe().IfFalse).toBe('no');
  });

  it('evaluates Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition references', () => {
    const main = assembly.roots[0];
    expect(main.condition('IsDev')).toBe(true);
    expect(main.condition('IsProd')).toBe(false);
    expect(main.condition('NotProd')).toBe(true);
    expect(main.condition('DevAndNotProd')).toBe(true);
    expect(main.condition('DevAndProd')).toBe(false);
    expect(main.condition('ProdOrDev')).toBe(true);
    expect(main.condition('ProdOrNothing')).toBe(false);
    expect(main.condition('InUsEast1')).toBe(true);
    const props = probe();
    expect([props.IfAnd, props.IfAndFalse, props.IfOr, props.IfOrFalse, props.IfNot]).toEqual(['both', 'not both', 'either', 'neither', 'not prod']);
  });

  it('leaves out a resource whose condition is false, and an output whose condition is false', () => {
    const ids = assembly.resources().map((r) => r.logicalId);
    expect(ids).toContain('DevOnlyTopic');
    expect(ids).not.toContain('ProdOnlyTopic');
    expect(assembly.ofType('AWS::SNS::Topic').map((r) => r.logicalId).sort()).toEqual(['DevOnlyTopic', 'Topic']);
    expect(Object.keys(assembly.rootOutputs())).not.toContain('ProdOnly');
  });

  it('an unknown condition name is an AssemblyError naming it', () => {
    expect(() => assembly.roots[0].condition('Nope')).toThrowError(expect.objectContaining({ name: 'AssemblyError', message: 'Condition Nope is not defined in stack Main' }));
  });
});

describe('Fn::FindInMap, Fn::Base64, Fn::GetAZs, Fn::Length, Fn::ToJsonString', () => {
  it('evaluates each', () => {
    const props = probe();
    expect(props.FindInMap).toBe('use1');
    expect(props.Base64).toBe(Buffer.from('hello dev').toString('base64'));
    expect(props.GetAZs).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(props.FirstAZ).toBe('us-east-1a');
    expect(props.Length).toBe(3);
    expect(props.LengthLiteral).toBe(4);
    expect(JSON.parse(props.ToJsonString as string)).toEqual({ env: 'dev', list: [1, 2] });
  });
});

describe('Fn::ImportValue', () => {
  it('imports an export of another root stack, by a literal or a computed name', () => {
    expect(probe().ImportValue).toBe('arn:aws:sns:us-east-1:000000000000:shared-topic');
    expect(probe().ImportValueComputed).toBe('shared-bucket');
  });

  it('imports from a nested stack an export of its parent', () => {
    expect(nestedProbe().Imported).toBe('arn:aws:sns:us-east-1:000000000000:shared-topic');
    expect(nestedProbe().ParentTableArn).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/orders-dev');
  });
});

describe('nested stacks', () => {
  it('receive their parameters from the parent and fall back to their own defaults', () => {
    expect(resource('Queue').properties()).toEqual({ QueueName: 'orders-dev-jobs' });
    expect(nestedProbe().Mode).toBe('development');
  });

  it('split a CommaDelimitedList parameter the parent passes as a joined string', () => {
    // CloudFormation passes nested-stack parameters as strings (parents Fn::Join lists);
    // the child's CommaDelimitedList type turns the string back into a list.
    expect(nestedProbe().ZoneCount).toBe(3);
    expect(nestedProbe().LastZone).toBe('c');
    expect(assembly.rootOutputs().NestedZones).toBe('a;b;c');
  });

  it('Ref of a nested stack resource is the nested stack id', () => {
    expect(resource('Nested').ref()).toBe(assembly.stacks()[1].stackId);
  });
});

describe('outputs', () => {
  it('rootOutputs evaluates the first root stack\'s outputs to strings', () => {
    expect(assembly.rootOutputs()).toEqual({
      TableName: 'orders-dev',
      TableArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/orders-dev',
      QueueUrl: `${ENDPOINT}/000000000000/orders-dev-jobs`,
      NestedZones: 'a;b;c',
      UserPoolId: resource('UserPool').ref(),
    });
    expect(assembly.rootOutputs(assembly.roots[1])).toEqual({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:shared-topic', BucketName: 'shared-bucket' });
  });

  it('every active resource\'s properties and Ref evaluate', () => {
    for (const r of assembly.resources()) {
      expect(() => r.properties(), r.logicalId).not.toThrow();
      expect(typeof r.ref(), r.logicalId).toBe('string');
    }
  });
});

describe('findByPhysicalId', () => {
  it('finds a resource by its Ref or its ARN, and nothing for an unknown id', () => {
    expect(assembly.findByPhysicalId('orders-dev')?.logicalId).toBe('OrdersTable');
    expect(assembly.findByPhysicalId('arn:aws:dynamodb:us-east-1:000000000000:table/orders-dev')?.logicalId).toBe('OrdersTable');
    expect(assembly.findByPhysicalId('orders-dev', ['AWS::SNS::Topic'])).toBeUndefined();
    expect(assembly.findByPhysicalId('no-such-thing')).toBeUndefined();
  });
});
