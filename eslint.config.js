import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '.work',
      'dist',
      'node_modules',
      'templates',
      'test-results',
      'playwright-report',
      '.cache',
      'bench/.work',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.worker, ...globals.serviceworker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'e2e/**', 'server/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Dependencies point one way: nothing below the IDE imports the IDE.
    files: [
      'src/fs/**',
      'src/npm/**',
      'src/bundler/**',
      'src/sw/**',
      'src/preview/**',
      'src/shared/**',
      'src/collab/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/ide/**', '../ide', '../../ide'], message: 'Only the IDE imports IDE code.' }] },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ide/**', '**/fs/**', '**/npm/**', '**/bundler/**', '**/sw/**', '**/preview/**'],
              message: 'Shared code imports no side.',
            },
          ],
        },
      ],
    },
  },
);
