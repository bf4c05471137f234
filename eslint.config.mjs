// ESLint over web/ (npm run lint:web; .ci/run fails on any finding). The pages are plain ES modules served as
// written, so the browser's globals there; the browser tests and publish.mjs run in Node.

import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['web/**/*.js', 'web/**/*.mjs'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'all', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-implicit-globals': 'error',
      'prefer-const': 'error',
      // Each page's screens live in modules of their own: a file that grows past this holds more than one job.
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    // The string tables of the two languages are long by nature.
    files: ['web/**/i18n.js'],
    rules: { 'max-lines': 'off' },
  },
  {
    files: ['web/admin/**/*.js', 'web/entrant/**/*.js', 'web/docs/**/*.js', 'web/shared/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['web/publish.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // The browser tests run in Node and hand functions to page.evaluate, which run in the page.
    files: ['web/tests/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
