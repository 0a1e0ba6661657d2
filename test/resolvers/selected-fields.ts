import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * Finds which schema fields the GraphQL documents written in test sources select, so a test can fail when a field
 * of the read graph is selected by none (issue 3: `npm test` covers every query field).
 *
 * The documents are the tests' string and template literals. TypeScript 7 ships no JavaScript API to parse them
 * with, so a small lexer below walks the source: it knows comments, quotes, template substitutions (nested) and
 * regular-expression literals, which is all it takes to find where each literal starts and ends. Its known limits
 * make the check fail rather than pass: a document built from substituted pieces reads with the pieces empty
 * (share field lists as GraphQL fragments instead), and escapes other than `\n` and `\t` read as the escaped
 * character. A regex right after `)` (`if (x) /re/`) reads as a division; the tests here have none.
 */

/**
 * Every string and template literal of a JavaScript or TypeScript source, as its text. A template's `${...}`
 * substitutions read as the empty string (they hold ids or generated fields); literals inside them are found too.
 */
export function stringLiteralsOf(source: string): string[] {
  const literals: string[] = [];
  let index = 0;
  // The last significant character or word outside literals and comments, to tell a regex `/` from a division.
  let previous = '';

  const readQuoted = (quote: string): string => {
    let text = '';
    index++;
    while (index < source.length && source[index] !== quote) {
      if (source[index] === '\\') {
        text += unescape(source[index + 1] ?? '');
        index += 2;
      } else {
        text += source[index++];
      }
    }
    index++;
    return text;
  };

  const readTemplate = (): string => {
    let text = '';
    index++;
    while (index < source.length && source[index] !== '`') {
      if (source[index] === '\\') {
        text += unescape(source[index + 1] ?? '');
        index += 2;
      } else if (source[index] === '$' && source[index + 1] === '{') {
        index += 2;
        readCode(true);
      } else {
        text += source[index++];
      }
    }
    index++;
    return text;
  };

  const skipRegex = (): void => {
    let inClass = false;
    index++;
    while (index < source.length && source[index] !== '\n') {
      const char = source[index];
      if (char === '\\') index++;
      else if (char === '[') inClass = true;
      else if (char === ']') inClass = false;
      else if (char === '/' && !inClass) break;
      index++;
    }
    index++;
    while (/[a-z]/i.test(source[index] ?? '')) index++;
  };

  /** Reads code up to the end of the source, or past the `}` that closes a template substitution. */
  const readCode = (isSubstitution: boolean): void => {
    let depth = 0;
    while (index < source.length) {
      const char = source[index] ?? '';
      const next = source[index + 1] ?? '';
      if (char === '/' && next === '/') {
        while (index < source.length && source[index] !== '\n') index++;
      } else if (char === '/' && next === '*') {
        const end = source.indexOf('*/', index + 2);
        index = end === -1 ? source.length : end + 2;
      } else if (char === "'" || char === '"') {
        literals.push(readQuoted(char));
        previous = 'literal';
      } else if (char === '`') {
        literals.push(readTemplate());
        previous = 'literal';
      } else if (char === '/' && startsExpression(previous)) {
        skipRegex();
        previous = 'literal';
      } else if (/[A-Za-z0-9_$]/.test(char)) {
        const word = /^[A-Za-z0-9_$]+/.exec(source.slice(index))?.[0] ?? char;
        index += word.length;
        previous = word;
      } else {
        if (char === '{') depth++;
        if (char === '}') {
          if (isSubstitution && depth === 0) {
            index++;
            return;
          }
          depth--;
        }
        if (!/\s/.test(char)) previous = char;
        index++;
      }
    }
  };

  readCode(false);
  return literals;
}

/** Words after which a `/` starts a regular expression rather than dividing. */
const KEYWORDS_BEFORE_EXPRESSION = new Set(['return', 'typeof', 'case', 'in', 'of', 'yield', 'await', 'void', 'delete', 'throw', 'new']);

function startsExpression(previous: string): boolean {
  if (previous === '') return true;
  if (/^[A-Za-z0-9_$]+$/.test(previous)) return KEYWORDS_BEFORE_EXPRESSION.has(previous);
  return previous !== ')' && previous !== ']' && previous !== '}' && previous !== 'literal';
}

function unescape(char: string): string {
  return char === 'n' ? '\n' : char === 't' ? '\t' : char;
}

/** The literals that are GraphQL documents (operations or fragments), parsed. Other strings are left out. */
export function graphqlDocumentsOf(literals: readonly string[]): DocumentNode[] {
  const documents: DocumentNode[] = [];
  for (const literal of literals) {
    if (!/^\s*(query\b|mutation\b|subscription\b|fragment\b|\{)/.test(literal)) continue;
    try {
      documents.push(parse(literal));
    } catch {
      // Not GraphQL after all (or built from pieces): it selects nothing.
    }
  }
  return documents;
}

/** `Type.field` coordinates the documents select, resolved against `schema` (fragments by their type condition). */
export function selectedFields(schema: GraphQLSchema, documents: readonly DocumentNode[]): Set<string> {
  const selected = new Set<string>();
  for (const document of documents) {
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (parent && typeInfo.getFieldDef() && !node.name.value.startsWith('__')) selected.add(`${parent.name}.${node.name.value}`);
        },
      }),
    );
  }
  return selected;
}

/** Every `Type.field` of the object types a query can reach from `Query` (through interfaces and unions too). */
export function fieldsReachableFromQuery(schema: GraphQLSchema): string[] {
  const query = schema.getQueryType();
  if (!query) return [];
  const seen = new Set<string>();
  const fields: string[] = [];
  const pending = [query];
  while (pending.length > 0) {
    const type = pending.pop();
    if (!type || seen.has(type.name)) continue;
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      fields.push(`${type.name}.${field.name}`);
      const target = getNamedType(field.type);
      if (isObjectType(target)) pending.push(target);
      else if (isInterfaceType(target) || isUnionType(target)) pending.push(...schema.getPossibleTypes(target));
    }
  }
  return fields.sort();
}
