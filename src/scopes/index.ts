export { createScopeCheck, type ScopeCheck, type ScopeCheckLogger, type ScopeCheckOptions, type ScopeReport } from './scope-check.ts';
