import type { CodegenConfig } from '@graphql-codegen/cli';

// The gateway's own schema files: documents that do not match the gateway fail here, at build time.
const config: CodegenConfig = {
  schema: '../../schema/*.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      // The gateway's custom scalars travel as ISO 8601 strings.
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', Date: 'string' } },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
