/**
 * `mesh-policy/passthrough`: MeshPassthrough validation, Kuma's matcher order, the generated Envoy
 * pass-through listeners and a compiled connection matcher (spec 04, seed 000).
 */
export type { PassthroughEntryExplanation, PassthroughExplanation } from './compile.js';
export {
  type CompiledPassthrough,
  compilePassthrough,
  type PassthroughConnectionInput,
  selectVirtualHost,
} from './compile.js';
export type { EffectiveMode as PassthroughEffectiveMode } from './normalize.js';
export { orderedMatchers, passthroughMatchType, passthroughProtocolConflicts } from './order.js';
export {
  type PassthroughEntryOrigin,
  type ResolvedPassthrough,
  type ResolvePassthroughOptions,
  resolveMeshPassthrough,
} from './resolve.js';
export * from './types.js';
export { type ValidatePassthroughOptions, validateMeshPassthrough } from './validate.js';
export {
  formatPassthroughAddress,
  isDnsName as isPassthroughDnsName,
  isValidCidr as isPassthroughCidr,
  isValidIp as isPassthroughIp,
  type PassthroughAddress,
  type PassthroughCidr,
  parsePassthroughAddress,
  parsePassthroughCidr,
} from './values.js';
