import { buildSchema, GraphQLNonNull, type GraphQLInputObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { findModels, inputProblems, inputTypeOf, operationFor, pickInput } from '../../../../local/console/web/views/data/model-schema';

/** A schema shaped as Amplify generates one for two models (a made-up app, not Flare's). */
const schema = buildSchema(`
  scalar AWSDateTime
  scalar AWSJSON
  enum Priority { LOW HIGH }
  type Task { id: ID! title: String! priority: Priority done: Boolean estimate: Int meta: AWSJSON dueAt: AWSDateTime project: Project }
  type Project { id: ID! name: String! }
  type ModelTaskConnection { items: [Task]! nextToken: String }
  type ModelProjectConnection { items: [Project]! nextToken: String }
  input ModelTaskFilterInput { title: ModelStringInput }
  input ModelStringInput { eq: String }
  input UpdateTaskInput { id: ID! title: String priority: Priority done: Boolean estimate: Int meta: AWSJSON dueAt: AWSDateTime }
  input CreateTaskInput { id: ID title: String! priority: Priority }
  input DeleteTaskInput { id: ID! }
  type Query {
    getTask(id: ID!): Task
    listTasks(filter: ModelTaskFilterInput, limit: Int, nextToken: String): ModelTaskConnection
    tasksByPriority(priority: Priority!, limit: Int, nextToken: String): ModelTaskConnection
    listProjects: ModelProjectConnection
    somethingElse: String
  }
  type Mutation {
    createTask(input: CreateTaskInput!): Task
    updateTask(input: UpdateTaskInput!): Task
    deleteTask(input: DeleteTaskInput!): Task
  }
`);

describe('models found in an Amplify-shaped schema', () => {
  it('finds each model by its generated operations, with its scalar fields', () => {
    const [project, task] = findModels(schema);
    expect(task.name).toBe('Task');
    expect(task.get?.name).toBe('getTask');
    expect(task.queries.map((field) => field.name)).toEqual(['listTasks', 'tasksByPriority']);
    expect(task.scalarFields).toEqual(['id', 'title', 'priority', 'done', 'estimate', 'meta', 'dueAt']);
    expect(task.update?.name).toBe('updateTask');
    expect(project).toMatchObject({ name: 'Project', get: undefined, create: undefined });
  });

  it('writes an operation with paging for connections', () => {
    const [, task] = findModels(schema);
    expect(operationFor('query', task.queries[1], ['id', 'title'], ['priority', 'limit'])).toBe(
      'query TasksByPriority($priority: Priority!, $limit: Int) {\n  tasksByPriority(priority: $priority, limit: $limit) {\n    items { id title } nextToken\n  }\n}',
    );
  });
});

describe('input validation as AppSync would parse the input', () => {
  const update = new GraphQLNonNull(inputTypeOf(findModels(schema)[1].update)!);

  it('accepts a valid update', () => {
    expect(inputProblems({ id: 'a', title: 'x', priority: 'HIGH', done: false, estimate: 3, meta: '{"a":1}', dueAt: '2026-01-31T08:15:00.000Z' }, update, 'input')).toEqual([]);
  });

  it('names each problem with its path', () => {
    expect(inputProblems({ title: 3, priority: 'URGENT', estimate: 1.5, meta: { a: 1 }, dueAt: 'tomorrow', colour: 'red' }, update, 'input')).toEqual([
      'input.colour is not a field of UpdateTaskInput',
      'input.id is required',
      'input.title must be a string',
      'input.priority must be one of LOW, HIGH',
      'input.estimate must be a 32-bit integer',
      'input.meta must be a string holding JSON (AWSJSON)',
      'input.dueAt must be an ISO 8601 date and time with a zone, e.g. 2026-01-31T08:15:00.000Z',
    ]);
    expect(inputProblems(null, update, 'input')).toEqual(['input is required']);
  });

  it('picks the members an input type accepts from an item', () => {
    const input = inputTypeOf(findModels(schema)[1].update) as GraphQLInputObjectType;
    expect(pickInput({ id: 'a', title: 'x', project: { id: 'p' }, createdAt: 'now', __typename: 'Task' }, input)).toEqual({ id: 'a', title: 'x' });
  });
});
