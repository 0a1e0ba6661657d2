import type { ConfigGroup } from './define.ts';
import { CONFIG_VARIABLES } from './table.ts';

/**
 * The `--help` text: usage and every variable with its default and meaning, grouped, from `CONFIG_VARIABLES`.
 * @param width wrap descriptions to this many columns (default 100).
 */
export function formatConfigHelp(width = 100): string {
  const lines = [
    'zoom-graphql-gateway: a GraphQL gateway over the Zoom REST API v2, with an offline Zoom sandbox.',
    '',
    'Usage: zoom-graphql-gateway [--help]',
    '',
    'Configured by environment variables. A .env file in the working directory is read too;',
    'real environment variables win over it. With no Zoom credentials it runs against its',
    'embedded offline sandbox and says so.',
  ];
  const nameWidth = Math.max(...CONFIG_VARIABLES.map((v) => v.name.length)) + 2;
  let group: ConfigGroup | undefined;
  for (const variable of CONFIG_VARIABLES) {
    if (variable.group !== group) {
      group = variable.group;
      lines.push('', `${group}:`);
    }
    const text = `${variable.description} Default: ${variable.defaultText ?? '(none)'}.`;
    const wrapped = wrap(text, Math.max(40, width - nameWidth - 2));
    wrapped.forEach((line, index) => {
      lines.push(`  ${(index === 0 ? variable.name : '').padEnd(nameWidth)}${line}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
