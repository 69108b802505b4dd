// The service bench's peer: the same Fastify (passed as the path of the pilot's own copy, so the
// version is the same) with nothing but a hello-world route, as its own process. POST parses the
// same JSON body the pilot gets; no logger, no hooks, no plugins: the framework's floor.
// Usage: node bare-fastify.mjs <path to fastify's entry file>
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node bare-fastify.mjs <fastify entry file>');
  process.exit(2);
}
const { default: Fastify } = await import(pathToFileURL(entry).href);
const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
app.post('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`bare fastify listening on http://127.0.0.1:${app.server.address().port}`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
