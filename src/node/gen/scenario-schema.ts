/**
 * The JSON Schema of a simulation scenario, derived from the `Scenario` interface in
 * src/engine/sim/scenario.ts with the TypeScript checker, so the editor's validation and hover
 * help (from the doc comments) can never drift from the type the simulator reads.
 */
import ts from 'typescript';

type Schema = Record<string, unknown>;

function describe(symbol: ts.Symbol, checker: ts.TypeChecker): string | undefined {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return text ? text.replace(/\s+/g, ' ') : undefined;
}

function schemaOf(type: ts.Type, checker: ts.TypeChecker, where: string): Schema {
  if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return {};
  if (type.flags & ts.TypeFlags.StringLiteral)
    return { const: (type as ts.StringLiteralType).value };
  if (type.flags & ts.TypeFlags.String) return { type: 'string' };
  if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
  if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
  if (type.isUnion()) {
    const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    // `boolean` reaches us as `true | false`.
    if (members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
    if (members.every((t) => t.isStringLiteral()))
      return { enum: members.map((t) => (t as ts.StringLiteralType).value) };
    if (members.length === 1) return schemaOf(members[0]!, checker, where);
    return { anyOf: members.map((t) => schemaOf(t, checker, where)) };
  }
  if (checker.isArrayType(type)) {
    const [item] = checker.getTypeArguments(type as ts.TypeReference);
    return { type: 'array', items: item ? schemaOf(item, checker, `${where}[]`) : {} };
  }
  if (type.flags & ts.TypeFlags.Object || type.isIntersection()) {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (!declaration) throw new Error(`scenario schema: ${where}.${property.name} has no type`);
      const schema = schemaOf(
        checker.getTypeOfSymbolAtLocation(property, declaration),
        checker,
        `${where}.${property.name}`,
      );
      const description = describe(property, checker);
      properties[property.name] = description ? { description, ...schema } : schema;
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
    }
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    return {
      type: 'object',
      properties,
      ...(required.length && { required }),
      additionalProperties: index ? schemaOf(index.type, checker, `${where}{}`) : false,
    };
  }
  throw new Error(`scenario schema: cannot express ${checker.typeToString(type)} at ${where}`);
}

export function generateScenarioSchema(sourceFile: string): Schema {
  const program = ts.createProgram([sourceFile], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(sourceFile);
  const declaration = source?.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Scenario',
  );
  if (!declaration) throw new Error(`scenario schema: no interface Scenario in ${sourceFile}`);
  const symbol = checker.getSymbolAtLocation(declaration.name)!;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Workflow Playground scenario',
    description: describe(symbol, checker),
    ...schemaOf(checker.getDeclaredTypeOfSymbol(symbol), checker, 'scenario'),
  };
}
