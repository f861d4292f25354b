import path from 'node:path';
import ts from 'typescript';
import { SCHEMAS, schemaKey } from './models';
import type { KObject } from './objects';

/**
 * The API server rejects unknown fields (kubectl's default field validation is strict), but the compiled
 * OpenAPI validators accept them. TypeScript does not: an object literal assigned to the kubernetes-models
 * interface of its kind fails on every field name that does not exist, at any depth. Returns one message per
 * problem, naming the object.
 */
export function unknownFieldProblems(objects: KObject[]): string[] {
  const file = path.join(__dirname, '__manifests__.ts');
  const lines: string[] = [];
  const owners: string[] = [];
  objects.forEach((object, index) => {
    const schema = SCHEMAS[schemaKey(object)];
    if (!schema) throw new Error(`no schema for ${schemaKey(object)}`);
    const type = `import('${schema.module}').${schema.typeName}`;
    owners.push(`${object.kind}/${object.metadata.name}`);
    lines.push(`export const m${index}: ${type} = ${JSON.stringify(object)};`);
  });
  const source = lines.join('\n');

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.fileExists = (name) => name === file || fileExists(name);
  host.getSourceFile = (name, languageVersion, onError, create) =>
    name === file
      ? ts.createSourceFile(name, source, languageVersion, true)
      : getSourceFile(name, languageVersion, onError, create);

  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (diagnostic.file?.fileName !== file || diagnostic.start === undefined) return text;
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line;
    return `${owners[line] ?? 'manifest'}: ${text}`;
  });
}
