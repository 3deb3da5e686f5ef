import type { AccessEntry, AccessPolicyAssociation, Cluster, ClusterUpdate } from './cluster.js';

/** REST-JSON timestamps are epoch seconds. */
export function epoch(date: Date): number {
  return date.getTime() / 1000;
}

export function clusterJson(cluster: Cluster, caPem: string): Record<string, unknown> {
  const active = cluster.status !== 'CREATING';
  return {
    name: cluster.name,
    arn: cluster.arn,
    createdAt: epoch(cluster.createdAt),
    version: cluster.version,
    ...(active ? { endpoint: cluster.endpoint } : {}),
    roleArn: cluster.roleArn,
    resourcesVpcConfig: {
      subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      securityGroupIds: [],
      clusterSecurityGroupId: 'sg-0a1b2c3d4e5f60001',
      vpcId: 'vpc-0a1b2c3d4e5f60001',
      endpointPublicAccess: cluster.endpointPublicAccess,
      endpointPrivateAccess: cluster.endpointPrivateAccess,
      publicAccessCidrs: cluster.publicAccessCidrs,
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4' },
    identity: { oidc: { issuer: `https://oidc.eks.${cluster.region}.amazonaws.com/id/EXAMPLE${cluster.name.toUpperCase()}` } },
    status: cluster.status,
    certificateAuthority: active ? { data: Buffer.from(caPem).toString('base64') } : {},
    platformVersion: cluster.platformVersion,
    tags: cluster.tags,
    accessConfig: { bootstrapClusterCreatorAdminPermissions: cluster.bootstrapCreatorAdmin, authenticationMode: cluster.authenticationMode },
  };
}

export function accessEntryJson(cluster: Cluster, entry: AccessEntry): Record<string, unknown> {
  return {
    clusterName: cluster.name,
    principalArn: entry.principalArn,
    kubernetesGroups: entry.kubernetesGroups,
    accessEntryArn: entry.accessEntryArn,
    createdAt: epoch(entry.createdAt),
    modifiedAt: epoch(entry.modifiedAt),
    tags: entry.tags,
    username: entry.username,
    type: entry.type,
  };
}

export function associationJson(association: AccessPolicyAssociation): Record<string, unknown> {
  return {
    policyArn: association.policyArn,
    accessScope: association.accessScope,
    associatedAt: epoch(association.associatedAt),
    modifiedAt: epoch(association.modifiedAt),
  };
}

export function updateJson(update: ClusterUpdate): Record<string, unknown> {
  return { id: update.id, status: update.status, type: update.type, params: update.params, createdAt: epoch(update.createdAt), errors: [] };
}
