// ESLint flat config (issue 16). Type-checked rules of typescript-eslint for the Node apps, libs, tests, bench and
// scripts (root tsconfig.json) and for the web app (apps/dashboard/web/tsconfig.json): the project service picks the
// nearest tsconfig.json of each file. eslint-config-prettier comes last so that formatting is Prettier's alone.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The no-unsafe-* rules: `any` flowing out of a value the compiler cannot see (raw SQL rows, JSON). */
const unsafeAny = ['no-unsafe-argument', 'no-unsafe-assignment', 'no-unsafe-call', 'no-unsafe-member-access', 'no-unsafe-return'].map(
  (r) => `@typescript-eslint/${r}`,
);
const off = (rules) => Object.fromEntries(rules.map((r) => [r, 'off']));

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'apps/dashboard/web/src/api/generated/**',
      '**/.var/**',
      'coverage/**',
      'tests/.artifacts/**',
      'tools/kafka/.var/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // the code base's convention: a leading underscore names what is left out on purpose (`const { a: _a, ...rest }`)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `async` without `await` is how a method keeps a Promise-returning signature (Nest factories and lifecycle
      // hooks, kafkajs eachBatch, the throttler's hooks); the promise rules that catch real bugs
      // (no-floating-promises, no-misused-promises) stay on
      '@typescript-eslint/require-await': 'off',
      // unions such as `'hamlet' | 'ward' | string` name the known values of an open set on purpose (documentation
      // and completion); the rule would have them deleted
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // String(x) of a value typed unknown (spreadsheet cells, JWT claims, chart callbacks) is the intended
      // fallback; the rule cannot tell those from an object printed by mistake and flags them all
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['apps/dashboard/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.serviceworker } },
    rules: {
      // React event handlers may be async (`onClick={async () => …}`): React ignores their return value
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Tests and benchmarks read HTTP bodies (supertest's `body` is any), raw rows and JSON fixtures and assert on
    // them: typing every answer would double the tests without catching more (a wrong shape fails the assertion).
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { ...off(unsafeAny), '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // plain JavaScript configuration files are in no tsconfig: lint them without type information
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // code passed to page.evaluate() runs in the browser
    files: ['tests/e2e/browser/**/*.{ts,cjs}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
