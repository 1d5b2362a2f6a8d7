/**
 * `npm start`: builds nothing itself (the npm script builds the site first), composes the
 * notebook, listens on 127.0.0.1 only, and prints which target is active and the URL to open,
 * with this launch's token. Exits with a clear message when the config or the credentials are
 * wrong.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { ConfigError, readConfig } from './config.ts';
import { createNotebook } from './notebook.ts';

let config;
try {
  config = readConfig(process.argv.slice(2), process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`sts-workshop: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

let notebook;
try {
  notebook = await createNotebook(config);
} catch (error) {
  console.error(`sts-workshop: ${(error as Error).message}`);
  process.exit(1);
}

const server = serve({ fetch: notebook.app.fetch, port: config.port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  notebook.bindPort(info.port);
  const t = notebook.target;
  const where = t.kind === 'sandbox' ? `offline sandbox at ${t.endpoint}` : `REAL AWS, region ${t.region}`;
  console.log(`STS Workshop: target ${t.kind} (${where}), account ${t.accountId}, as ${t.arn}`);
  const admin = notebook.sandbox?.admins[0];
  if (admin) {
    // The embedded sandbox's own (made-up) admin keys, so the AWS CLI can look at what the lessons do.
    console.log('AWS CLI and boto3 against this sandbox:');
    console.log(`  export AWS_ENDPOINT_URL=${t.endpoint} AWS_ACCESS_KEY_ID=${admin.accessKeyId} AWS_SECRET_ACCESS_KEY=${admin.secretAccessKey} AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1`);
  }
  // The one line that carries the token, on purpose: it is how the learner gets in.
  console.log(`Open http://127.0.0.1:${info.port}/?token=${config.token}`);
});
// Bounded waits for slow or partial requests (Node's default lets a body trickle for 5 minutes).
Object.assign(server, { requestTimeout: 30_000, headersTimeout: 20_000 });
server.on('error', (error: NodeJS.ErrnoException) => {
  const hint = error.code === 'EADDRINUSE' ? ' (is the notebook already running? Start with --port N or PORT=N)' : '';
  console.error(`sts-workshop: cannot listen on 127.0.0.1:${config.port}: ${error.message}${hint}`);
  process.exit(1);
});

const shutdown = () => {
  server.close();
  void notebook.close().finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
