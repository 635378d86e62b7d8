/** The two inbound identities (spec 00 §2.3 example). */
import { describe, expect, it } from 'vitest';
import {
  formatLegacyInboundInterface,
  legacyInboundInterface,
  legacyInboundKey,
} from '../../src/legacy/index.js';

const dp = {
  networking: {
    address: '10.0.0.7',
    advertisedAddress: '192.168.1.7',
    inbound: [
      { port: 15000, servicePort: 8080, tags: { 'kuma.io/service': 'web' } },
      {
        port: 15001,
        address: '10.0.0.9',
        serviceAddress: '127.0.0.1',
        tags: { 'kuma.io/service': 'web-admin' },
      },
    ],
  },
};
const [web, admin] = dp.networking.inbound;

describe('inbound identities', () => {
  it('listener key and interface of an inbound with a service port', () => {
    if (web === undefined) throw new Error('fixture');
    expect(legacyInboundKey(dp, web)).toBe('10.0.0.7:15000');
    const i = legacyInboundInterface(dp, web);
    expect(i).toEqual({
      dataplaneAdvertisedIP: '192.168.1.7',
      dataplaneIP: '10.0.0.7',
      dataplanePort: 15000,
      workloadIP: '10.0.0.7',
      workloadPort: 8080,
    });
    expect(formatLegacyInboundInterface(i)).toBe('10.0.0.7:15000:8080');
  });
  it('an inbound with its own address and service address', () => {
    if (admin === undefined) throw new Error('fixture');
    expect(legacyInboundKey(dp, admin)).toBe('10.0.0.9:15001');
    expect(legacyInboundInterface(dp, admin)).toEqual({
      dataplaneAdvertisedIP: '192.168.1.7',
      dataplaneIP: '10.0.0.9',
      dataplanePort: 15001,
      workloadIP: '127.0.0.1',
      workloadPort: 15001,
    });
  });
});
