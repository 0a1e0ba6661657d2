import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, parseConfig } from '../../src/config/index.ts';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { GRAPHIQL_EXAMPLES } from '../../src/server/examples.ts';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const envExample = readFileSync(new URL('.env.example', root), 'utf8');

describe('README and .env.example stay true', () => {
  it('shows every GraphiQL example verbatim, and nothing else as an example', () => {
    const section = readme.slice(readme.indexOf('## Example queries'), readme.indexOf('## Configuration'));
    const blocks = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(blocks).toEqual(GRAPHIQL_EXAMPLES.map((example) => example.query));
    for (const example of GRAPHIQL_EXAMPLES) {
      expect(section).toContain(`### ${example.title}`);
      if (example.variables !== undefined) expect(section).toContain(`Variables: \`${example.variables}\``);
    }
  });

  it('examples are valid operations against the gateway schema', () => {
    const schema = buildGatewaySchema();
    for (const example of GRAPHIQL_EXAMPLES) {
      expect(validate(schema, parse(example.query)), example.title).toEqual([]);
    }
  });

  it('lists every configuration variable with its default in the README table and in .env.example', () => {
    for (const variable of CONFIG_VARIABLES) {
      expect(readme, variable.name).toContain(`| \`${variable.name}\` | ${variable.defaultText ?? '—'} |`);
      expect(envExample, variable.name).toMatch(new RegExp(`^# ${variable.name}=`, 'm'));
    }
  });

  it('.env.example as written (all commented out) is a valid sandbox configuration, and its values are valid', () => {
    expect(parseConfig({}).mode).toBe('sandbox');
    const values = Object.fromEntries(
      [...envExample.matchAll(/^# ([A-Z_]+)=(\S+)$/gm)].map((match) => [match[1]!, match[2]!]),
    );
    const zoomOnly = ['ZOOM_API_URL', 'ZOOM_OAUTH_URL', 'ZOOM_USE_TOKEN_API_URL', 'ZOOM_TIMEOUT_MS', 'ZOOM_RETRY_MAX_ATTEMPTS', 'ZOOM_RETRY_BUDGET_MS', 'ZOOM_TOKEN_REFRESH_MARGIN_SECONDS'];
    const server = Object.fromEntries(Object.entries(values).filter(([name]) => !zoomOnly.includes(name) && name !== 'ZOOM_JWT_TTL_SECONDS'));
    expect(() => parseConfig(server)).not.toThrow();
    const zoom = Object.fromEntries(Object.entries(values).filter(([name]) => zoomOnly.includes(name)));
    expect(() => parseConfig({ ...zoom, ZOOM_ACCOUNT_ID: 'a', ZOOM_CLIENT_ID: 'b', ZOOM_CLIENT_SECRET: 'c' })).not.toThrow();
  });
});
