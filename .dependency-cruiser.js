/**
 * Layer rules, checked by `npm run deps:validate` (and by the unit test suite):
 *   apps never import each other; libs never import apps;
 *   libs/domain is pure (no I/O, no framework): only libs/contracts, zod and itself;
 *   libs/contracts depends on nothing of ours but itself;
 *   the dashboard's request handlers serve the projector's figures: they never call libs/domain's assessment or
 *   forecast functions themselves (nor import the package index, which re-exports them).
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
      comment:
        'libs/domain holds the rules as pure functions: no database, broker, queue, framework or file system (zod and the zxcvbn-ts password estimator are pure)',
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
      name: 'read-api-handlers-serve-stored-figures',
      severity: 'error',
      comment:
        "The dashboard's request handlers and controllers serve the projector's stored figures (or a day computed on demand " +
        'off the request thread): they import no libs/domain module that assesses or forecasts (status/assess, standard, ' +
        'forecast, programme, rollup), nor the package index that re-exports them; sentences and formats come through ' +
        "the presenters or the specific modules (text/format, units/hierarchy, ...). standard/recognition is a recorded decision's schema, not an assessment; " +
        "programme/programme is the programmes' dated data (periods, targets, groups), not an assessment.",
      from: { path: '^apps/dashboard/src/.+\\.(handler|http\\.controller)\\.ts$' },
      to: {
        path: '^libs/domain/src/(index\\.ts$|status/assess|standard/(?!recognition\\.ts$)|forecast/|programme/(?!programme\\.ts$)|rollup/)',
        dependencyTypesNot: ['type-only'],
      },
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
