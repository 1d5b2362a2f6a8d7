/**
 * Test support: a sandbox on a free loopback port, and SDK v3 client configs pointed at it.
 * Tests use the real SDK clients as the oracle; nothing here mocks `send`.
 */
import { startSandbox, type RunningSandbox, type SandboxSettings } from '../../server/sandbox/sandbox.ts';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export async function withSandbox(settings: SandboxSettings = {}): Promise<RunningSandbox & { config(creds?: Creds): ClientConfigLike }> {
  const sandbox = await startSandbox(0, settings);
  const admin = sandbox.admins[0];
  return Object.assign(sandbox, {
    config(creds?: Creds): ClientConfigLike {
      return {
        region: 'us-east-1',
        endpoint: sandbox.url,
        forcePathStyle: true,
        maxAttempts: 1,
        credentials: creds ?? { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey },
      };
    },
  });
}

export interface ClientConfigLike {
  region: string;
  endpoint: string;
  forcePathStyle: boolean;
  maxAttempts: number;
  credentials: Creds;
}

/** What `withSandbox` resolves to: the running sandbox and its `config(creds?)`. */
export type TestSandbox = Awaited<ReturnType<typeof withSandbox>>;
