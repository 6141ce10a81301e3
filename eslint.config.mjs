// Lint rules, including the architecture's boundaries: the engine imports neither VS Code nor the
// LSP libraries, and only engine/model/ may import the Dockerfile parser libraries.
import tseslint from 'typescript-eslint';

const LSP_AND_VSCODE = [
  'vscode',
  'vscode-languageserver',
  'vscode-languageserver/*',
  'vscode-languageclient',
  'vscode-languageclient/*',
  'vscode-jsonrpc',
  'vscode-jsonrpc/*',
];
const PARSERS = ['dockerfile-ast', 'dockerfile-utils', 'dockerfile-language-service'];

export default tseslint.config(
  {
    ignores: [
      '.out-*/**',
      'node_modules/',
      'dist/',
      'out/',
      '.vscode-test/',
      'test/fixtures/',
      'examples/',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['server/src/engine/**/*.ts'],
    ignores: ['server/src/engine/model/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...LSP_AND_VSCODE, ...PARSERS]
            .filter((p) => !p.endsWith('/*'))
            .map((name) => ({
              name,
              message:
                'engine/ is pure analysis: only engine/model/ talks to the parser libraries, and nothing here to VS Code or LSP.',
            })),
          patterns: LSP_AND_VSCODE.filter((p) => p.endsWith('/*')),
        },
      ],
    },
  },
  {
    files: ['server/src/engine/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: LSP_AND_VSCODE.filter((p) => !p.endsWith('/*')),
          patterns: LSP_AND_VSCODE.filter((p) => p.endsWith('/*')),
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'server/src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
