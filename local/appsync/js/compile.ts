import { parse, type Node, type Program } from 'acorn';
import vm from 'node:vm';
import { TemplateRuntimeError } from '../runtime/types';
import { findViolations } from './restrictions';

/**
 * Turns an APPSYNC_JS module (ES module text exporting `request`/`response`,
 * importing `@aws-appsync/utils` and `@aws-appsync/utils/dynamodb`) into a script
 * for a node:vm context: imports become reads of the provided modules, `export`
 * keywords are blanked (lines and columns stay where they were, so errors point
 * at the original code), and the exports are returned.
 */

export type ModuleExports = Record<string, unknown>;
export type ModuleRegistry = Record<string, ModuleExports>;

/** A loaded module: its exported handlers, living in the sandbox. */
export interface CompiledModule {
  exports: Record<string, unknown>;
  /** The script's file name in stack traces (the first location that loaded the code). */
  filename: string;
}

type AnyNode = Node & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- acorn's ESTree nodes

const WRAPPER_HEAD = '(function (__appsyncModules) { "use strict";\n';

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

function bindingNames(pattern: AnyNode): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p: AnyNode) => bindingNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return pattern.elements.filter(Boolean).flatMap((e: AnyNode) => bindingNames(e.type === 'RestElement' ? e.argument : e));
    case 'AssignmentPattern':
      return bindingNames(pattern.left);
    default:
      return [];
  }
}

function where(location: string, node: AnyNode): string {
  return `${location}:${node.loc?.start.line ?? 0}:${(node.loc?.start.column ?? 0) + 1}`;
}

/** The script source and the exported names of a module, or a TemplateRuntimeError naming what is wrong. */
export function transformModule(code: string, location: string, modules: ModuleRegistry): { source: string; exported: Map<string, string> } {
  let program: Program;
  try {
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    throw new TemplateRuntimeError(`The code does not parse: ${(error as Error).message}`, loc ? `${location}:${loc.line}:${loc.column + 1}` : location);
  }
  const violations = findViolations(program);
  if (violations.length) {
    const list = violations.map((v) => `${location}:${v.line}:${v.column} error @aws-appsync/${v.rule} ${v.message}`).join('\n');
    throw new TemplateRuntimeError(`The code contains one or more errors (AppSync rejects it):\n${list}`, `${location}:${violations[0].line}:${violations[0].column}`);
  }
  const edits: { start: number; end: number; text: string }[] = [];
  const exported = new Map<string, string>();
  for (const statement of program.body as AnyNode[]) {
    switch (statement.type) {
      case 'ImportDeclaration': {
        const source = String(statement.source.value);
        const module = modules[source];
        if (!module) {
          throw new TemplateRuntimeError(
            `Cannot import ${JSON.stringify(source)}: APPSYNC_JS code can import only ${Object.keys(modules).map((m) => JSON.stringify(m)).join(', ')} (bundle other code into the resolver)`,
            where(location, statement),
          );
        }
        const parts: string[] = [];
        for (const specifier of statement.specifiers as AnyNode[]) {
          if (specifier.type === 'ImportNamespaceSpecifier') parts.push(`const ${specifier.local.name} = __appsyncModules[${JSON.stringify(source)}];`);
          else if (specifier.type === 'ImportDefaultSpecifier') {
            throw new TemplateRuntimeError(`The module ${JSON.stringify(source)} has no default export`, where(location, specifier));
          } else {
            const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
            if (!Object.hasOwn(module, imported)) {
              throw new TemplateRuntimeError(`The module ${JSON.stringify(source)} does not provide an export named '${imported}'`, where(location, specifier));
            }
            parts.push(`const ${specifier.local.name} = __appsyncModules[${JSON.stringify(source)}][${JSON.stringify(imported)}];`);
          }
        }
        const original = code.slice(statement.start, statement.end);
        // Same number of lines, so every line after keeps its number.
        edits.push({ start: statement.start, end: statement.end, text: parts.join(' ') + '\n'.repeat((original.match(/\n/g) ?? []).length) });
        break;
      }
      case 'ExportNamedDeclaration': {
        if (statement.source) throw new TemplateRuntimeError('Re-exporting from another module is not supported', where(location, statement));
        if (statement.declaration) {
          const declaration = statement.declaration as AnyNode;
          edits.push({ start: statement.start, end: declaration.start, text: blank(code.slice(statement.start, declaration.start)) });
          const names = declaration.type === 'VariableDeclaration' ? declaration.declarations.flatMap((d: AnyNode) => bindingNames(d.id)) : [declaration.id.name];
          for (const name of names) exported.set(name, name);
        } else {
          for (const specifier of statement.specifiers as AnyNode[]) {
            const exportedName = specifier.exported.type === 'Identifier' ? specifier.exported.name : String(specifier.exported.value);
            exported.set(exportedName, specifier.local.name);
          }
          edits.push({ start: statement.start, end: statement.end, text: blank(code.slice(statement.start, statement.end)) });
        }
        break;
      }
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        throw new TemplateRuntimeError('Only named exports (request, response) are supported', where(location, statement));
      default:
        break;
    }
  }
  let source = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) source = source.slice(0, edit.start) + edit.text + source.slice(edit.end);
  const returned = [...exported].map(([name, local]) => `${JSON.stringify(name)}: ${local}`).join(', ');
  return { source: `${WRAPPER_HEAD}${source}\n;return { ${returned} };\n})`, exported };
}

/**
 * Compiles and loads a module into a sandbox context, returning its exports.
 * @example
 * const module = loadModule(code, 'Mutation.addNote', context, { '@aws-appsync/utils': { util } });
 * (module.exports.request as Function)(ctx);
 */
export function loadModule(code: string, location: string, context: vm.Context, modules: ModuleRegistry): CompiledModule {
  const { source } = transformModule(code, location, modules);
  let factory: (modules: ModuleRegistry) => Record<string, unknown>;
  try {
    const script = new vm.Script(source, { filename: location, lineOffset: -1 });
    factory = script.runInContext(context) as typeof factory;
  } catch (error) {
    throw new TemplateRuntimeError(`The code does not load: ${(error as Error).message}`, location);
  }
  try {
    return { exports: factory(modules), filename: location };
  } catch (error) {
    throw new TemplateRuntimeError(`The module's top-level code failed: ${(error as Error).message}`, location);
  }
}
