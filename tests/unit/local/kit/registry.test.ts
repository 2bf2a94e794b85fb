import { describe, expect, it } from 'vitest';
import { defineOperation, NotImplementedFailure, OperationRegistry, UnknownOperationFailure } from '../../../../local/kit';

const noInput = { type: 'structure', members: {} } as const;
const listThings = defineOperation<object, object>({ name: 'ListThings', input: noInput, handle: () => ({}) });
const invoke = defineOperation<object, object>({ name: 'Invoke', action: 'lambda:InvokeFunction', input: noInput, handle: () => ({}) });
const signUp = defineOperation<object, object>({ name: 'SignUp', action: false, input: noInput, handle: () => ({}) });

describe('operation registry', () => {
  const registry = new OperationRegistry({ service: 'Things', iamPrefix: 'things', operations: [listThings, invoke, signUp], notImplemented: { ExecuteStatement: 'PartiQL' } });

  it('derives IAM actions from the operation name unless the operation states one; unsigned operations have none', () => {
    expect(registry.action(registry.resolve('ListThings'))).toBe('things:ListThings');
    expect(registry.action(registry.resolve('Invoke'))).toBe('lambda:InvokeFunction');
    expect(registry.action(registry.resolve('SignUp'))).toBeUndefined();
    expect([registry.signed('ListThings'), registry.signed('SignUp'), registry.signed('ExecuteStatement'), registry.signed('Nope')]).toEqual([true, false, false, false]);
  });

  it('names what it does not implement, and answers anything else as unknown', () => {
    expect(() => registry.resolve('ExecuteStatement')).toThrow(new NotImplementedFailure('ExecuteStatement', 'Things', 'PartiQL'));
    expect(() => registry.resolve('ExecuteStatement')).toThrow('The local Things does not implement ExecuteStatement (PartiQL)');
    expect(() => registry.resolve('Nope')).toThrow(UnknownOperationFailure);
    expect(registry.names()).toEqual(['ListThings', 'Invoke', 'SignUp', 'ExecuteStatement']);
  });

  it('refuses an operation registered twice, or both implemented and listed as missing', () => {
    expect(() => new OperationRegistry({ service: 'T', iamPrefix: 't', operations: [listThings, listThings] })).toThrow('registered twice');
    expect(() => new OperationRegistry({ service: 'T', iamPrefix: 't', operations: [listThings], notImplemented: { ListThings: 'x' } })).toThrow('both implemented');
  });
});
