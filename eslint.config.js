// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Passing a caught `unknown` on is how errors keep their identity across the engine.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@triggerflow/*/src/*'], message: 'Import a package by its name.' }],
        },
      ],
    },
  },
  {
    // Plain CommonJS (e.g. a worker thread's script, loaded without a TypeScript loader).
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['packages/engine/src/**', 'packages/blueprint/src/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The engine and blueprint are platform-neutral.' },
            { group: ['@triggerflow/*/src/*'], message: 'Import a package by its name.' },
          ],
        },
      ],
    },
  },
  {
    // The studio runs in browsers. Its type-only import of the server's AppRouter brings Node's
    // type declarations into the web program, so the compiler alone would accept Node APIs here.
    files: ['apps/web/src/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'global', 'require', 'module', '__dirname', '__filename'].map(
          (name) => ({ name, message: 'The web app runs in browsers: no Node globals.' }),
        ),
      ],
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@triggerflow/server',
              allowTypeImports: true,
              message: 'The web app imports only types from the server (import type).',
            },
          ],
          patterns: [
            { group: ['node:*'], message: 'The web app runs in browsers.' },
            { group: ['@triggerflow/*/src/*'], message: 'Import a package by its name.' },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
