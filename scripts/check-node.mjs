// Says which Node runs the project, first thing after `npm install` / `npm ci` (postinstall) and
// before `npm start`, `npm test` and `npm run sandbox`; refuses a Node older than 22.12 (the
// server and tests run TypeScript natively and Astro needs 22.12+). `npm run` puts the project's
// own Node 22 (the `node` devDependency, node_modules/.bin/node) first on PATH, so npm itself may
// run on an older system Node (any that runs npm) while every script runs on 22.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ownNode = process.execPath.startsWith(join(root, 'node_modules') + '/');
const [major, minor] = process.versions.node.split('.').map(Number);
// npm's user agent names the Node npm itself runs on ("npm/11.19.1 node/v20.20.2 linux x64 …").
const npmNode = /\bnode\/(v[\d.]+)/.exec(process.env.npm_config_user_agent ?? '')?.[1];
const installing = ['postinstall', 'install', 'preinstall'].includes(process.env.npm_lifecycle_event ?? '');

if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `STS Workshop needs Node 22.12 or newer; this is ${process.version}. ` +
      (process.env.npm_lifecycle_event
        ? 'node_modules/.bin/node (the Node 22 that npm install brings) is missing: install scripts were blocked (--ignore-scripts, or "node" not allowed in allowScripts). Run npm install again without blocking them.'
        : 'Run it through npm (npm start, npm test), which uses the Node 22 installed in node_modules.'),
  );
  process.exit(1);
}

const which = ownNode ? `the project's own Node ${process.version} (node_modules/.bin/node)` : `Node ${process.version} (${process.execPath})`;
const aside = npmNode && npmNode !== process.version ? `; npm itself runs on your Node ${npmNode}, which is fine` : '';
console.log(installing ? `STS Workshop installed: every npm script runs on ${which}${aside}.` : `STS Workshop: running on ${which}${aside}.`);
