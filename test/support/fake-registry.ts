// A loopback stand-in for the npm registry, for tests only: it serves one packument and one tarball.
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { execa } from 'execa';
import { inject } from 'vitest';

/** An npm registry on loopback that serves one version of create-pilot-slice: its package.json and template pack. */
export async function fakeRegistry(root: string, version: string): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const staging = join(root, 'registry-package');
  await mkdir(join(staging, 'package/dist'), { recursive: true });
  await cp(join(inject('fixtureClis')[version] ?? '', '../../dist/templates.pack'), join(staging, 'package/dist/templates.pack'));
  await writeFile(join(staging, 'package/package.json'), JSON.stringify({ name: 'create-pilot-slice', version }));
  const tarballPath = join(staging, 'package.tgz');
  await execa('tar', ['-czf', tarballPath, '-C', staging, 'package']);
  const tarball = await readFile(tarballPath);
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    if (request.url === '/create-pilot-slice') {
      const dist = {
        tarball: `${base}/create-pilot-slice/-/create-pilot-slice-${version}.tgz`,
        shasum: createHash('sha1').update(tarball).digest('hex'),
        integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
      };
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ name: 'create-pilot-slice', 'dist-tags': { latest: version }, versions: { [version]: { name: 'create-pilot-slice', version, dist } } }));
    } else if (request.url === `/create-pilot-slice/-/create-pilot-slice-${version}.tgz`) {
      response.setHeader('content-type', 'application/octet-stream');
      response.end(tarball);
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
