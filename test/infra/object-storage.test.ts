import { only, ref, resources, synthInfra } from './support';

const BUCKET = 'opentelekomcloud_obs_bucket';

describe('ObjectStorage', () => {
  const { tf, infra } = synthInfra();
  const buckets = resources(tf, BUCKET);

  it('creates the Forgejo buckets and the backup bucket, named from the tenant domain and environment', () => {
    expect(buckets.map((b) => b.bucket).sort()).toEqual(['t09-de-x-artifacts', 't09-de-x-backups', 't09-de-x-lfs', 't09-de-x-packages']);
  });

  it('keeps every bucket private, versioned and encrypted with the environment key (SSE-KMS)', () => {
    for (const bucket of buckets) {
      expect(bucket).toMatchObject({
        acl: 'private',
        versioning: true,
        server_side_encryption: { algorithm: 'kms', kms_key_id: ref(tf, 'opentelekomcloud_kms_key_v1', 'id') },
        lifecycle_rule: [{ enabled: true, noncurrent_version_expiration: [{ days: 7 }] }],
      });
      expect(bucket.force_destroy).toBeUndefined();
    }
  });

  it('grants the IAM user exactly its buckets through bucket policies, and nothing through IAM', () => {
    const user = only(tf, 'opentelekomcloud_identity_user_v3');
    expect(user).toMatchObject({ access_type: 'programmatic', enabled: true });
    expect(tf.resource?.opentelekomcloud_identity_user_group_membership_v3).toBeUndefined();
    expect(tf.resource?.opentelekomcloud_identity_role_assignment_v3).toBeUndefined();
    const policies = resources(tf, 'opentelekomcloud_obs_bucket_policy');
    expect(policies).toHaveLength(4);
    Object.keys(tf.resource![BUCKET]).forEach((name) => {
      const bucketRef = `\${${BUCKET}.${name}.bucket}`;
      const policy = policies.find((p) => p.bucket === bucketRef);
      expect(policy).toBeDefined();
      // Literal JSON (the policy pack reads it); resources: this bucket and its objects, nothing
      // else; principal: the one user, in every statement.
      const doc = JSON.parse(policy!.policy) as { Statement: { Effect: string; Principal: unknown; Action: string[]; Resource: string[] }[] };
      expect(doc.Statement.map((s) => s.Resource)).toEqual([[bucketRef], [`${bucketRef}/*`]]);
      const principal = { ID: [`domain/${ref(tf, 'opentelekomcloud_identity_user_v3', 'domain_id')}:user/${ref(tf, 'opentelekomcloud_identity_user_v3', 'id')}`] };
      for (const s of doc.Statement) {
        expect(s).toMatchObject({ Effect: 'Allow', Principal: principal });
        expect(s.Action.some((a) => a.includes('*'))).toBe(false);
      }
    });
  });

  it('hands the endpoint, buckets and access key to the platform, the key only by reference', () => {
    const storage = infra.services.objectStorage;
    expect(storage.endpoint).toBe('obs.eu-de.otc.t-systems.com');
    expect(storage.region).toBe('eu-de');
    expect(Object.keys(storage.buckets).sort()).toEqual(['artifacts', 'backups', 'lfs', 'packages']);
    expect(tf.output!.object_storage_secret_key).toEqual({ value: ref(tf, 'opentelekomcloud_identity_credential_v3', 'secret'), description: expect.any(String), sensitive: true });
    expect(tf.output!.object_storage_access_key.sensitive).toBe(true);
  });
});
