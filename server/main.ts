/**
 * `npm start`: builds nothing itself (the npm script builds the site first), composes the
 * notebook, listens on 127.0.0.1 only, and prints which target is active and the URL to open,
 * with this launch's token. Exits with a clear message when the config or the credentials are
 * wrong.
 */
import { readFileSync } from 'node:fs';
import { listenLoopback } from './http/listen-loopback.ts';
import { listenRoom } from './http/listen-room.ts';
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

let server;
try {
  if (config.room) {
    const tls = config.room.tls && { cert: readFileSync(config.room.tls.cert), key: readFileSync(config.room.tls.key) };
    server = await listenRoom(notebook.app.fetch, config.port, config.room.hosts, tls);
  } else {
    server = await listenLoopback(notebook.app.fetch, config.port);
  }
} catch (error) {
  const { code, message } = error as NodeJS.ErrnoException;
  const hint = code === 'EADDRINUSE' ? ' (is the notebook already running? Start with --port N or PORT=N)' : '';
  console.error(`sts-workshop: cannot listen on port ${config.port}: ${message}${hint}`);
  await notebook.close();
  process.exit(1);
}
notebook.bindPort(server.port);
const t = notebook.target;
const where = t.kind === 'sandbox' ? `offline sandbox at ${t.endpoint}` : `REAL AWS, region ${t.region}`;
console.log(`STS Workshop: target ${t.kind} (${where}), account ${t.accountId}, as ${t.arn}`);
const admin = notebook.sandbox?.admins[0];
if (admin) {
  // The embedded sandbox's own (made-up) admin keys, so the AWS CLI can look at what the lessons do.
  console.log('AWS CLI and boto3 against this sandbox:');
  console.log(`  export AWS_ENDPOINT_URL=${t.endpoint} AWS_ACCESS_KEY_ID=${admin.accessKeyId} AWS_SECRET_ACCESS_KEY=${admin.secretAccessKey} AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1`);
}
const room = notebook.room;
if (room && config.room) {
  const scheme = config.room.tls ? 'https' : 'http';
  const hosts = config.room.hosts;
  console.log(`Workshop room: up to ${config.room.maxLearners} learners, each on a sandbox account of their own.`);
  if (hosts.length === 0) {
    console.log('The room listens on this machine only (loopback). To open it to the room, start again with --host <this laptop\'s LAN address>.');
  } else {
    console.log(`The room is OPEN TO THE NETWORK on ${hosts.join(', ')} port ${server.port}: anyone who can reach it and has the join code can join as a learner.`);
    if (!config.room.tls) console.log('WARNING: without --tls-cert/--tls-key the room\'s traffic is plain HTTP, readable by anyone on this network (sandbox data only; never real credentials).');
  }
  // The one line that carries the token, on purpose: it is how the facilitator gets in.
  const facilitatorHost = hosts.length && config.room.tls ? room.joinUrl('').split('/join/')[0] : `${scheme}://127.0.0.1:${server.port}`;
  console.log(`Facilitator: ${facilitatorHost}/room/?token=${config.token}`);
  console.log(`Learners join at: ${room.joinUrl(room.room.code)}`);
} else {
  // The one line that carries the token, on purpose: it is how the learner gets in.
  console.log(`Open http://127.0.0.1:${server.port}/?token=${config.token}`);
}

const shutdown = () => {
  void Promise.all([server.close(), notebook.close()]).finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
