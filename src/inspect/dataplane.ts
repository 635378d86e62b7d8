/** Facts about a dataplane that every part of the report needs. */
import { MeshPolicyError } from '../models/index.js';
import type { ReadonlyDataplane as Dataplane } from './readonly.js';
import type { InspectedDataplane } from './types.js';

/** `"<address>:<port>"` of an inbound listener (the inbound address or the dataplane address). */
export function inspectInboundKey(
  dp: Dataplane,
  inbound: { address?: string | undefined; port: number },
): string {
  return `${inbound.address ?? dp.networking.address}:${inbound.port}`;
}

/** Summary of a dataplane: proxy type, inbound keys (ignored ones excluded), outbound services. */
export function describeDataplane(dp: Dataplane): InspectedDataplane {
  if (dp?.networking === null || typeof dp?.networking !== 'object')
    throw new MeshPolicyError('INVALID_INPUT', 'describeDataplane: dp must be a Dataplane (with networking)');
  const inbounds = new Set<string>();
  for (const inbound of dp.networking.inbound ?? []) {
    if (inbound.state === 'Ignored') continue;
    inbounds.add(inspectInboundKey(dp, inbound));
  }
  return {
    mesh: dp.mesh,
    name: dp.name,
    proxyType: dp.networking.gateway !== undefined ? 'Gateway' : 'Sidecar',
    inbounds: [...inbounds],
    outbounds: outboundServices(dp),
    transparentProxying: dp.networking.transparentProxying !== undefined,
  };
}

/** The `kuma.io/service` of each outbound (or its backendRef name), first occurrence order. */
export function outboundServices(dp: Dataplane): string[] {
  const out = new Set<string>();
  for (const o of dp.networking.outbound ?? []) {
    const service = o.tags?.['kuma.io/service'] ?? o.backendRef?.name;
    if (service !== undefined) out.add(service);
  }
  return [...out];
}

/** The `kuma.io/service` values a dataplane serves (inbounds and gateway tags). */
export function servedServices(dp: Dataplane): Set<string> {
  const out = new Set<string>();
  for (const inbound of dp.networking.inbound ?? []) {
    const s = inbound.tags['kuma.io/service'];
    if (s !== undefined) out.add(s);
  }
  const g = dp.networking.gateway?.tags['kuma.io/service'];
  if (g !== undefined) out.add(g);
  return out;
}
