// Refuses to run on a Node older than 22.12: the server and tests run TypeScript natively and
// Astro needs 22.12+. `npm run` puts the project's own Node 22 (the `node` devDependency) first
// on PATH, so this only fails when a script is started outside npm.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`STS Workshop needs Node 22.12 or newer; this is ${process.version}. Run it through npm (npm start, npm test), which uses the Node 22 installed in node_modules.`);
  process.exit(1);
}
