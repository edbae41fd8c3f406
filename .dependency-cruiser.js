/**
 * Layer rules, checked by `npm run deps:validate` (and by the unit test suite):
 *   apps never import each other; libs never import apps;
 *   libs/domain is pure (no I/O, no framework): only libs/contracts, zod and itself;
 *   libs/contracts depends on nothing of ours but itself.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'apps-never-import-each-other',
      severity: 'error',
      comment: 'apps/ are thin wiring; anything two apps share lives in libs/',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'libs/domain holds the rules as pure functions: no database, broker, queue, framework or file system (zod and the zxcvbn-ts password estimator are pure)',
      from: { path: '^libs/domain/' },
      to: {
        pathNot: ['^libs/domain/', '^libs/contracts/', '^node_modules/zod/', '^node_modules/@zxcvbn-ts/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'contracts-stand-alone',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: '^(apps|libs)/', pathNot: '^libs/contracts/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|^node_modules/|\\.spec\\.ts$|^apps/dashboard/web/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
