import * as fc from 'fast-check';
import type { Resource } from '../models/index.js';
import { arbDataplane, arbMeshGateway } from './dataplane.js';
import { arbLegacyPolicy, arbTargetRefPolicy } from './policies.js';
import { arbRbacAssignment, arbRbacRole } from './rbac.js';
import {
  arbExternalService,
  arbMeshExternalService,
  arbMeshResource,
  arbMeshService,
  arbWorkspace,
  arbZoneProxy,
} from './services.js';

/**
 * Any valid resource the models define: Dataplane, MeshGateway, legacy and targetRef policies,
 * ExternalService, MeshExternalService, MeshService, Mesh, ZoneIngress/ZoneEgress, RBAC roles,
 * assignments and workspaces.
 */
export function arbResource(): fc.Arbitrary<Resource> {
  return fc.oneof(
    { weight: 3, arbitrary: arbDataplane() as fc.Arbitrary<Resource> },
    { weight: 1, arbitrary: arbMeshGateway() as fc.Arbitrary<Resource> },
    { weight: 4, arbitrary: arbTargetRefPolicy() as fc.Arbitrary<Resource> },
    { weight: 2, arbitrary: arbLegacyPolicy() as fc.Arbitrary<Resource> },
    { weight: 1, arbitrary: arbRbacRole() as fc.Arbitrary<Resource> },
    { weight: 1, arbitrary: arbRbacAssignment() as fc.Arbitrary<Resource> },
    { weight: 1, arbitrary: arbExternalService() as fc.Arbitrary<Resource> },
    { weight: 1, arbitrary: arbMeshExternalService() as fc.Arbitrary<Resource> },
    { weight: 1, arbitrary: arbMeshService() as fc.Arbitrary<Resource> },
    { weight: 1, arbitrary: arbMeshResource() as fc.Arbitrary<Resource> },
    { weight: 1, arbitrary: arbZoneProxy() as fc.Arbitrary<Resource> },
    { weight: 1, arbitrary: arbWorkspace() as fc.Arbitrary<Resource> },
  );
}
