import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { runMounts, hasCacheMountFor } from './mounts';
import { installs, packageCommands } from './packages';
import { invocations, parseArgs, runInvocations } from './query';

const runOf = (body: string, flags = '') => {
  const model = parseDockerfile(`FROM debian:bookworm-slim\nRUN ${flags}${body}\n`);
  return model.instructions[1]!;
};

describe('shell queries', () => {
  it('unwraps sudo, env and sh -c strings', () => {
    const run = runOf(
      `sudo -u root env DEBIAN_FRONTEND=noninteractive apt-get install -y curl && sh -c "apk add git; rm -rf /x"`,
    );
    assert.deepEqual(
      invocations(run.shell).map((i) => [i.program, i.wrappers, i.nested]),
      [
        ['apt-get', ['sudo', 'env'], false],
        ['sh', [], false],
        ['apk', [], true],
        ['rm', [], true],
      ],
    );
  });

  it('normalises flags: combined short flags, --x=v, value flags, --', () => {
    const run = runOf('tool -rf --no-cache --target=/x -o out.txt -- -notaflag file');
    const parsed = parseArgs(invocations(run.shell)[0]!.args, new Set(['o']));
    assert.deepEqual(
      [...parsed.flags],
      [
        ['r', true],
        ['f', true],
        ['no-cache', true],
        ['target', '/x'],
        ['o', 'out.txt'],
      ],
    );
    assert.deepEqual(
      parsed.positionals.map((w) => w.value),
      ['-notaflag', 'file'],
    );
  });

  it('reads exec-form RUN as one invocation', () => {
    const run = parseDockerfile('FROM alpine:3.24\nRUN ["apk", "add", "--no-cache", "curl"]\n')
      .instructions[1]!;
    assert.deepEqual(
      runInvocations(run).map((i) => [i.program, i.args.map((a) => a.value)]),
      [['apk', ['add', '--no-cache', 'curl']]],
    );
  });
});

describe('package commands', () => {
  it('recognises installs per manager with their packages, not flag values', () => {
    const run = runOf(
      'apt-get update && apt-get -o Dpkg::Options::=--force-confnew install -y --no-install-recommends curl ca-certificates && python3 -m pip install --no-cache-dir -r requirements.txt flask && npm ci --omit=dev && apk add --virtual .build gcc',
    );
    assert.deepEqual(
      packageCommands(run.shell).map((p) => [p.manager, p.action, p.packages.map((w) => w.value)]),
      [
        ['apt', 'update', []],
        ['apt', 'install', ['curl', 'ca-certificates']],
        ['pip', 'install', ['flask']],
        ['npm', 'ci', []],
        ['apk', 'install', ['gcc']],
      ],
    );
    const apt = installs(run.shell, 'apt')[0]!;
    assert.ok(apt.args.flags.has('no-install-recommends'));
    assert.equal(installs(run.shell, 'pip')[0]!.args.flags.get('r'), 'requirements.txt');
  });
});

describe('yarn without an action', () => {
  it('is an install, unless it only prints its version or help', () => {
    const run = runOf('yarn && yarn --frozen-lockfile && yarn --version && yarn -v && yarn --help');
    assert.deepEqual(
      packageCommands(run.shell).map((p) => p.action),
      ['install', 'install', '', '', ''],
    );
  });
});

describe('RUN --mount', () => {
  it('parses mount options and answers cache coverage by path prefix', () => {
    const run = runOf(
      'apt-get install -y gcc',
      '--mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=secret,id=npmrc,dst=/root/.npmrc ',
    );
    assert.deepEqual(
      runMounts(run).map((m) => [m.type, m.target, m.id]),
      [
        ['cache', '/var/cache/apt', undefined],
        ['secret', '/root/.npmrc', 'npmrc'],
      ],
    );
    assert.equal(hasCacheMountFor(run, '/var/cache/apt/archives'), true);
    assert.equal(hasCacheMountFor(run, '/var/lib/apt/lists'), false);
  });
});
