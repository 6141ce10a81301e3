import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BuildContext, dockerignoreMatcher } from './context';

const IGNORE = 'node_modules\n**/*.test.ts\ndocs\n!docs/keep.md\n/.git\n';

describe('build context sizing', () => {
  let dir: string;
  const write = (rel: string, bytes: number | string): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), typeof bytes === 'string' ? bytes : Buffer.alloc(bytes));
  };
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lean-context-'));
    write('package.json', 100);
    write('package-lock.json', '{"lockfileVersion":3,"packages":{}}');
    write('src/index.ts', 1_000);
    write('src/lib/util.ts', 2_000);
    write('src/lib/util.test.ts', 500);
    write('node_modules/a/index.js', 10_000);
    write('node_modules/b/index.js', 20_000);
    write('docs/readme.md', 300);
    write('docs/keep.md', 400);
    write('nested/node_modules/x.js', 50);
    write('.dockerignore', IGNORE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('matches .dockerignore the Docker way: anchored patterns, ** and exceptions', () => {
    const excluded = dockerignoreMatcher('node_modules\n**/*.test.ts\ndocs\n!docs/keep.md\n/dist/\n');
    assert.equal(excluded('node_modules/a/index.js'), true);
    assert.equal(excluded('nested/node_modules/x.js'), false, 'no implicit match at any depth');
    assert.equal(excluded('src/lib/util.test.ts'), true);
    assert.equal(excluded('docs/readme.md'), true);
    assert.equal(excluded('docs/keep.md'), false, 'an exception re-includes a file in an excluded folder');
    assert.equal(excluded('dist'), true, 'leading and trailing slashes are cleaned');
    assert.equal(excluded('src/index.ts'), false);
  });

  it('sizes COPY sources after .dockerignore, with globs and folders', () => {
    const ctx = new BuildContext(dir);
    const all = ctx.size(['.']);
    // package.json 100 + lock 35 + src 3000 + docs/keep.md 400 + nested 50 + .dockerignore
    assert.equal(all.capped, false);
    assert.equal(all.bytes, 100 + 35 + 1_000 + 2_000 + 400 + 50 + IGNORE.length);
    assert.deepEqual(ctx.size(['package*.json']).bytes, 135);
    assert.deepEqual(ctx.size(['src/']).files, 2);
    assert.deepEqual(ctx.size(['./src/lib']).bytes, 2_000);
    assert.deepEqual(ctx.size(['nope.txt']).missing, ['nope.txt']);
  });

  it('prefers <Dockerfile>.dockerignore', () => {
    write('app.Dockerfile', 'FROM scratch\n');
    write('app.Dockerfile.dockerignore', 'src\n');
    const ctx = new BuildContext(dir, { dockerfilePath: path.join(dir, 'app.Dockerfile') });
    assert.equal(ctx.size(['src']).files, 0);
    assert.equal(ctx.size(['node_modules']).files, 2, 'the context .dockerignore does not apply');
    rmSync(path.join(dir, 'app.Dockerfile.dockerignore'));
  });

  it('caps the walk and says so', () => {
    const ctx = new BuildContext(dir, { maxFiles: 3 });
    const s = ctx.size(['.']);
    assert.equal(s.capped, true);
    assert.equal(s.files, 3);
    assert.equal(s.missing, undefined, 'a capped walk does not claim sources are missing');
  });

  it('reads lock files and measures dependency folders', () => {
    const ctx = new BuildContext(dir);
    assert.match(ctx.readFile('package-lock.json') ?? '', /lockfileVersion/);
    assert.equal(ctx.readFile('node_modules/a/index.js'), undefined, 'excluded files are not sent');
    assert.equal(ctx.readFile('../etc/passwd'), undefined);
    assert.deepEqual(ctx.measureDir('node_modules'), { bytes: 30_000, files: 2, capped: false });
    assert.equal(ctx.measureDir('.venv'), undefined);
    const inputs = ctx.inputs();
    assert.equal(inputs.contextSize?.(['src'], '/app')?.bytes, 3_000);
  });
});
