import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  buildFileAnalyzeOptions,
  clearBuildFileCache,
  isBuildFileName,
  lookUpBuildFiles,
  NO_BUILD_FILES,
  parseDotEnv,
} from './buildFiles';
import { interpolate } from './buildFilesCompose';

describe('compose and bake files', () => {
  let root: string;
  let n = 0;
  /** A fresh project folder per test, so files of one test never match in another. */
  const project = (files: Record<string, string | Buffer>): string => {
    const dir = path.join(root, `p${++n}`);
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    }
    return dir;
  };
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'lean-buildfiles-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  describe('compose', () => {
    it('matches a long-form build: context relative to the file, dockerfile relative to the context', () => {
      const dir = project({
        'compose.yaml': [
          'services:',
          '  db:',
          '    image: postgres:16',
          '  api:',
          '    build:',
          '      context: ./api',
          '      dockerfile: docker/Dockerfile.api',
          '      target: dev',
          '      args:',
          '        GO_VERSION: "1.22"',
          '        DEBUG: 1',
          '        FROM_SHELL:',
        ].join('\n'),
        'api/docker/Dockerfile.api': 'FROM scratch\n',
      });
      const found = lookUpBuildFiles(path.join(dir, 'api/docker/Dockerfile.api'), dir);
      assert.deepEqual(found.problems, []);
      assert.deepEqual(found.targets, ['dev']);
      assert.equal(found.lastStageAlsoShipped, false);
      assert.deepEqual(
        found.args,
        { GO_VERSION: '1.22', DEBUG: '1' },
        'a value-less arg comes from the shell',
      );
      assert.deepEqual(found.sources, [
        { kind: 'compose', file: path.join(dir, 'compose.yaml'), name: 'api', line: 4, target: 'dev' },
      ]);
      assert.equal(found.argSources.GO_VERSION?.name, 'api');
    });

    it('matches the short form `build: ./dir` with the default Dockerfile name and args as a list', () => {
      const dir = project({
        'docker-compose.yml': [
          'services:',
          '  web:',
          '    build: ./web',
          '  worker:',
          '    build:',
          '      context: web',
          '      args:',
          '        - NODE_VERSION=22',
          '        - EMPTY=',
          '        - FROM_SHELL',
        ].join('\n'),
        'web/Dockerfile': 'FROM scratch\n',
      });
      const found = lookUpBuildFiles(path.join(dir, 'web/Dockerfile'), dir);
      assert.deepEqual(
        found.sources.map((s) => s.name),
        ['web', 'worker'],
      );
      assert.deepEqual(found.targets, []);
      assert.equal(found.lastStageAlsoShipped, true);
      assert.deepEqual(found.args, { NODE_VERSION: '22', EMPTY: '' });
    });

    it('does not match a service that builds another Dockerfile, a remote context or an inline Dockerfile', () => {
      const dir = project({
        'compose.yml': [
          'services:',
          '  other:',
          '    build: {context: ., dockerfile: Dockerfile.other, target: x}',
          '  remote:',
          '    build: https://github.com/example/app.git#main',
          '  inline:',
          '    build:',
          '      context: .',
          '      dockerfile_inline: |',
          '        FROM alpine',
        ].join('\n'),
        Dockerfile: 'FROM scratch\n',
      });
      const found = lookUpBuildFiles(path.join(dir, 'Dockerfile'), dir);
      assert.deepEqual(found, { ...NO_BUILD_FILES, problems: [] });
    });

    it('merges the override file over the compose file, args by name', () => {
      const dir = project({
        'compose.yaml': [
          'services:',
          '  app:',
          '    build:',
          '      context: .',
          '      target: prod',
          '      args: {A: "1", B: "2"}',
        ].join('\n'),
        'compose.override.yaml': [
          'services:',
          '  app:',
          '    build:',
          '      target: dev',
          '      args: {B: "20", C: "30"}',
          '  tools:',
          '    build: {context: ., target: tools}',
        ].join('\n'),
        Dockerfile: 'FROM scratch\n',
      });
      const found = lookUpBuildFiles(path.join(dir, 'Dockerfile'), dir);
      assert.deepEqual(found.targets, ['dev', 'tools']);
      assert.deepEqual(found.args, { A: '1', B: '20', C: '30' });
      assert.deepEqual(
        found.sources.map((s) => [path.basename(s.file), s.name]),
        [
          ['compose.yaml', 'app'],
          ['compose.override.yaml', 'tools'],
        ],
      );
    });

    it('reads only the compose file docker compose picks: compose.yaml before docker-compose.yml', () => {
      const dir = project({
        'compose.yaml': 'services:\n  a:\n    build: {context: ., target: picked}\n',
        'docker-compose.yml': 'services:\n  b:\n    build: {context: ., target: ignored}\n',
        Dockerfile: 'FROM scratch\n',
      });
      assert.deepEqual(lookUpBuildFiles(path.join(dir, 'Dockerfile'), dir).targets, ['picked']);
    });

    it('substitutes variables from .env and inline defaults; leaves out what has no value', () => {
      const dir = project({
        '.env': '# versions\nGO_VERSION=1.23\nexport STAGE="dev"\n',
        'compose.yaml': [
          'x-common: &common',
          '  context: .',
          'services:',
          '  app:',
          '    build:',
          '      <<: *common',
          '      target: ${STAGE:-prod}',
          '      args:',
          '        GO_VERSION: ${GO_VERSION}',
          '        ALPINE: ${ALPINE_VERSION:-3.20}',
          '        PRICE: $$5',
          '        UNSET: ${NOT_IN_ENV}',
        ].join('\n'),
        Dockerfile: 'FROM scratch\n',
      });
      const found = lookUpBuildFiles(path.join(dir, 'Dockerfile'), dir);
      assert.deepEqual(found.targets, ['dev']);
      assert.deepEqual(found.args, { GO_VERSION: '1.23', ALPINE: '3.20', PRICE: '$5' });
    });

    it('looks in parent folders up to the root, nearest file first, and not above the root', () => {
      const dir = project({
        'compose.yaml':
          'services:\n  outer:\n    build: {context: svc/app, target: outer, args: {V: outer}}\n',
        'svc/compose.yaml':
          'services:\n  inner:\n    build: {context: app, target: inner, args: {V: inner}}\n',
        'svc/app/Dockerfile': 'FROM scratch\n',
      });
      const dockerfile = path.join(dir, 'svc/app/Dockerfile');
      const found = lookUpBuildFiles(dockerfile, dir);
      assert.deepEqual(found.targets, ['inner', 'outer']);
      assert.deepEqual(found.args, { V: 'inner' });
      assert.equal(found.argSources.V?.name, 'inner');
      assert.deepEqual(lookUpBuildFiles(dockerfile, path.join(dir, 'svc')).targets, ['inner']);
      assert.deepEqual(
        lookUpBuildFiles(dockerfile, undefined).targets,
        [],
        'only its own folder without a root',
      );
    });
  });

  describe('bake', () => {
    it('reads targets with variables, inherits and groups from docker-bake.hcl', () => {
      const dir = project({
        'docker-bake.hcl': [
          'variable "GO_VERSION" {',
          '  default = "1.22"',
          '}',
          'variable "EMPTY" {}',
          'REGISTRY = "ghcr.io/acme"',
          '',
          'group "default" {',
          '  targets = ["app", "shared"]',
          '}',
          '',
          'target "_common" {',
          '  args = {',
          '    GO_VERSION = GO_VERSION',
          '    BASE       = "${REGISTRY}/base"',
          '    EMPTY      = "${EMPTY}"',
          '  }',
          '}',
          '',
          'target "shared" {',
          '  dockerfile = "build/Dockerfile"',
          '  target     = "runtime"',
          '}',
          '',
          'target "app" {',
          '  inherits   = ["_common", "shared"]',
          '  target     = "prod"',
          '  args       = { EXTRA = 1 }',
          '  tags       = ["${REGISTRY}/app:latest", upper("x")]',
          '}',
        ].join('\n'),
        'build/Dockerfile': 'FROM scratch\n',
      });
      const found = lookUpBuildFiles(path.join(dir, 'build/Dockerfile'), dir);
      assert.deepEqual(found.problems, []);
      // `_common` is only a base; `shared` is inherited too but in a group, so it is a build of its own.
      assert.deepEqual(
        found.sources.map((s) => [s.name, s.target, s.line]),
        [
          ['shared', 'runtime', 19],
          ['app', 'prod', 24],
        ],
      );
      assert.deepEqual(found.targets, ['runtime', 'prod']);
      assert.equal(found.lastStageAlsoShipped, false);
      assert.deepEqual(found.args, { GO_VERSION: '1.22', BASE: 'ghcr.io/acme/base', EMPTY: '', EXTRA: '1' });
      assert.equal(found.argSources.GO_VERSION?.name, 'app');
    });

    it('merges docker-bake.override.hcl over docker-bake.hcl, target by target', () => {
      const dir = project({
        'docker-bake.hcl': 'target "app" {\n  target = "prod"\n  args = { A = "1", B = "2" }\n}\n',
        'docker-bake.override.hcl': 'target "app" {\n  target = "debug"\n  args = { B = "20" }\n}\n',
        Dockerfile: 'FROM scratch\n',
      });
      const found = lookUpBuildFiles(path.join(dir, 'Dockerfile'), dir);
      assert.deepEqual(found.targets, ['debug']);
      assert.deepEqual(found.args, { A: '1', B: '20' });
    });

    it('reads docker-bake.json, with interpolation in its strings', () => {
      const dir = project({
        'docker-bake.json': JSON.stringify(
          {
            variable: { TAG: { default: '1.22' } },
            group: { default: { targets: ['api'] } },
            target: {
              api: { context: 'api', target: 'server', args: { GO_VERSION: '${TAG}', N: 3 } },
            },
          },
          null,
          2,
        ),
        'api/Dockerfile': 'FROM scratch\n',
      });
      const found = lookUpBuildFiles(path.join(dir, 'api/Dockerfile'), dir);
      assert.deepEqual(found.targets, ['server']);
      assert.deepEqual(found.args, { GO_VERSION: '1.22', N: '3' });
      assert.equal(found.sources[0]?.line, 15, 'the line of the target, not of the group entry');
    });

    it('says when a target cannot be computed and then ships the last stage', () => {
      const dir = project({
        'docker-bake.hcl': 'target "app" {\n  target = lower("PROD")\n}\n',
        Dockerfile: 'FROM scratch\n',
      });
      const found = lookUpBuildFiles(path.join(dir, 'Dockerfile'), dir);
      assert.deepEqual(found.targets, []);
      assert.equal(found.lastStageAlsoShipped, true);
      assert.match(found.problems.join('\n'), /target "app": "target" cannot be computed/);
    });

    it('combines compose and bake builds of the same Dockerfile', () => {
      const dir = project({
        'compose.yaml': 'services:\n  app:\n    build: {context: ., target: dev}\n',
        'docker-bake.hcl': 'target "release" {\n  target = "prod"\n}\n',
        Dockerfile: 'FROM scratch\n',
      });
      const found = lookUpBuildFiles(path.join(dir, 'Dockerfile'), dir);
      assert.deepEqual(found.targets, ['dev', 'prod']);
      assert.deepEqual(
        found.sources.map((s) => s.kind),
        ['compose', 'bake'],
      );
    });
  });

  describe('broken files', () => {
    const check = (files: Record<string, string | Buffer>, problem: RegExp): void => {
      const dir = project({ ...files, Dockerfile: 'FROM scratch\n' });
      const found = lookUpBuildFiles(path.join(dir, 'Dockerfile'), dir);
      assert.deepEqual(found.sources, []);
      assert.deepEqual(found.targets, []);
      assert.equal(found.lastStageAlsoShipped, true);
      assert.match(found.problems.join('\n'), problem);
    };

    it('a YAML error gives a problem with its line and nothing else', () => {
      check({ 'compose.yaml': 'services:\n  app:\n    build: [\n' }, /compose\.yaml: line \d+:/);
    });

    it('a broken override file stops the whole compose project, as docker compose does', () => {
      check(
        {
          'compose.yaml': 'services:\n  app:\n    build: {context: ., target: dev}\n',
          'compose.override.yaml': 'services: {\n',
        },
        /compose\.override\.yaml/,
      );
    });

    it('an HCL error gives a problem with its line, and a broken JSON bake file too', () => {
      check({ 'docker-bake.hcl': 'target "app" {\n  target = \n}\n' }, /docker-bake\.hcl: .*line 2/);
      check({ 'docker-bake.json': '{"target": {' }, /docker-bake\.json: /);
    });

    it('binary and huge files are not read', () => {
      check({ 'compose.yaml': Buffer.from([0x73, 0x00, 0x01, 0x02]) }, /not a text file/);
      check({ 'docker-bake.hcl': `# ${'x'.repeat(1_100_000)}\n` }, /larger than 1 MB/);
    });

    it('services that are not a mapping, an alias bomb and a bad build value are problems', () => {
      check({ 'compose.yaml': 'services:\n  - app\n' }, /"services" is not a mapping/);
      check({ 'compose.yaml': 'services:\n  app:\n    build: [1, 2]\n' }, /neither a path nor a mapping/);
      const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 10; i++) {
        const prev = String.fromCharCode(96 + i);
        const name = String.fromCharCode(97 + i);
        bomb.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
      }
      check({ 'compose.yaml': `${bomb.join('\n')}\nservices: {}\n` }, /compose\.yaml: /);
    });
  });

  it('caches parsed files by modification time and size', () => {
    const dir = project({
      'compose.yaml': 'services:\n  app:\n    build: {context: ., target: one}\n',
      Dockerfile: 'FROM scratch\n',
    });
    const dockerfile = path.join(dir, 'Dockerfile');
    assert.deepEqual(lookUpBuildFiles(dockerfile, dir).targets, ['one']);
    // Same size and mtime: the cached parse is used (proves the cache is keyed by them).
    const file = path.join(dir, 'compose.yaml');
    const when = new Date('2024-01-01T00:00:00Z');
    utimesSync(file, when, when);
    clearBuildFileCache();
    assert.deepEqual(lookUpBuildFiles(dockerfile, dir).targets, ['one']);
    writeFileSync(file, 'services:\n  app:\n    build: {context: ., target: two}\n');
    utimesSync(file, when, when);
    assert.deepEqual(lookUpBuildFiles(dockerfile, dir).targets, ['one'], 'same path, mtime and size');
    utimesSync(file, new Date('2024-01-02T00:00:00Z'), new Date('2024-01-02T00:00:00Z'));
    assert.deepEqual(lookUpBuildFiles(dockerfile, dir).targets, ['two'], 'a newer mtime is read again');
    writeFileSync(file, 'services:\n  app:\n    build: {context: ., target: three}\n');
    utimesSync(file, when, when);
    clearBuildFileCache();
    assert.deepEqual(lookUpBuildFiles(dockerfile, dir).targets, ['three'], 'clearing forgets everything');
  });

  it('turns the result into analysis options', () => {
    const base = { ...NO_BUILD_FILES };
    assert.deepEqual(buildFileAnalyzeOptions(base), {});
    assert.deepEqual(buildFileAnalyzeOptions({ ...base, targets: ['dev'], lastStageAlsoShipped: false }), {
      buildTargets: ['dev'],
    });
    assert.deepEqual(
      buildFileAnalyzeOptions({ ...base, targets: ['dev'], lastStageAlsoShipped: true, args: { A: '1' } }),
      { targets: ['dev'], buildArgs: { A: '1' } },
    );
  });

  it('recognizes the names of build files, as paths and as URIs', () => {
    for (const name of [
      'compose.yaml',
      '/w/docker-compose.override.yml',
      'file:///w/compose.prod.yaml',
      'C:\\w\\docker-bake.hcl',
      'file:///w/docker-bake.override.json',
      '/w/.env',
    ])
      assert.equal(isBuildFileName(name), true, name);
    for (const name of ['/w/Dockerfile', '/w/package.json', '/w/compose.txt', '/w/bake.hcl'])
      assert.equal(isBuildFileName(name), false, name);
  });

  it('substitutes compose variables like compose does', () => {
    const env = new Map([
      ['SET', 'v'],
      ['EMPTY', ''],
    ]);
    const cases: Array<[string, string | undefined]> = [
      ['${SET}', 'v'],
      ['$SET-x', 'v-x'],
      ['${EMPTY:-d}', 'd'],
      ['${EMPTY-d}', ''],
      ['${UNSET-d}', 'd'],
      ['${SET:+alt}', 'alt'],
      ['${EMPTY:+alt}', ''],
      ['${EMPTY+alt}', 'alt'],
      ['${UNSET:-${SET}}', 'v'],
      ['${SET:?required}', 'v'],
      ['${UNSET:?required}', undefined],
      ['${UNSET}', undefined],
      ['$$SET', '$SET'],
      ['${', undefined],
      ['cost: 5$', 'cost: 5$'],
    ];
    for (const [text, expected] of cases) assert.equal(interpolate(text, env), expected, text);
  });

  it('reads .env lines with export, quotes and comments', () => {
    assert.deepEqual(
      [...parseDotEnv('# c\nA=1\nexport B="two words"\nC=3 # note\nD=\'x\'\nnot a line\n')],
      [
        ['A', '1'],
        ['B', 'two words'],
        ['C', '3'],
        ['D', 'x'],
      ],
    );
  });

  it('never throws for a Dockerfile path that does not exist', () => {
    const found = lookUpBuildFiles(path.join(root, 'missing', 'Dockerfile'), root);
    assert.deepEqual(found, { ...NO_BUILD_FILES, problems: [] });
  });
});
