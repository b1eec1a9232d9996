// The rules engine's public surface: the editor, the workstation store and the server import
// from here rather than from the individual modules.
export * from './model.ts';
export { catalogueFields, resolveField, type FieldInfo, type FieldKind } from './fields.ts';
export { operatorsFor } from './check.ts';
export { compileRuleSet, type CompiledRuleSet } from './compile.ts';
export * from './evaluate.ts';
export { routeLead, buildBoxTree, BoxNode, type BoxTree, type RouteContext, type RouteResult } from './route.ts';
export { nextInRotation } from './round-robin.ts';
export * from './describe.ts';
export * from './templates.ts';
export { exportRuleSet, importRuleSet, type RuleFormat } from './codec.ts';
export { XmlError } from './xml.ts';
