import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from './parse';
import type { ShellCommand } from './types';

/** The shell commands of the first RUN of `FROM alpine` + `RUN <body>`, as [name, ...args] lists. */
function commandsOf(runBody: string): ShellCommand[] {
  const model = parseDockerfile(`FROM alpine:3.24\nRUN ${runBody}\n`);
  const run = model.instructions.find((i) => i.keyword === 'RUN');
  assert.ok(run?.shell, 'RUN has a shell script');
  return run.shell.commands;
}
const argv = (c: ShellCommand): string[] => [c.name?.value ?? '', ...c.args.map((a) => a.value)];

describe('shell parsing of RUN', () => {
  it('splits && chains and keeps the operators', () => {
    const commands = commandsOf(
      'apt-get update && apt-get install -y --no-install-recommends curl || true; echo done',
    );
    assert.deepEqual(commands.map(argv), [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--no-install-recommends', 'curl'],
      ['true'],
      ['echo', 'done'],
    ]);
    assert.deepEqual(
      commands.map((c) => c.operator),
      ['&&', '||', ';', undefined],
    );
  });

  it('joins Dockerfile continuations and drops comment lines inside them', () => {
    const commands = commandsOf(
      'apt-get update \\\n  # the tools\n  && apt-get install -y \\\n     curl \\\n     git',
    );
    assert.deepEqual(commands.map(argv), [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'curl', 'git'],
    ]);
    const git = commands[1]!.args.at(-1)!;
    assert.deepEqual(git.range.start, { line: 5, character: 5 }, 'word ranges point into the document');
  });

  it('separates env prefixes from the program', () => {
    const [c] = commandsOf('DEBIAN_FRONTEND=noninteractive TZ=UTC apt-get install -y tzdata');
    assert.deepEqual(
      c!.assignments.map((w) => w.value),
      ['DEBIAN_FRONTEND=noninteractive', 'TZ=UTC'],
    );
    assert.equal(c!.name?.value, 'apt-get');
  });

  it('resolves quotes and keeps substitutions in one word', () => {
    const [c] = commandsOf(`echo "a b" 'c d' e\\ f "$(uname -m)" \${HOME:-/root}`);
    assert.deepEqual(argv(c!), ['echo', 'a b', 'c d', 'e f', '$(uname -m)', '${HOME:-/root}']);
    assert.equal(c!.args[0]!.quoted, true);
  });

  it('takes redirections out of the arguments', () => {
    const [c, d] = commandsOf('curl -fsSL https://example.com/x.sh > /tmp/x.sh 2>&1 | sh');
    assert.deepEqual(argv(c!), ['curl', '-fsSL', 'https://example.com/x.sh']);
    assert.deepEqual(
      c!.redirects.map((w) => w.value),
      ['/tmp/x.sh'],
    );
    assert.equal(c!.operator, '|');
    assert.deepEqual(argv(d!), ['sh']);
  });

  it('skips shell keywords that open compound commands', () => {
    const commands = commandsOf('set -eux; if [ -f /etc/alpine-release ]; then apk add --no-cache git; fi');
    assert.deepEqual(commands.map(argv), [
      ['set', '-eux'],
      ['[', '-f', '/etc/alpine-release', ']'],
      ['apk', 'add', '--no-cache', 'git'],
    ]);
  });

  it('reads a RUN heredoc body as the script', () => {
    const model = parseDockerfile(
      'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\n',
    );
    const run = model.instructions[1]!;
    assert.equal(run.heredocs.length, 1);
    assert.equal(run.heredocs[0]!.terminated, true);
    assert.deepEqual(run.shell!.commands.map(argv), [
      ['set', '-e'],
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'curl'],
    ]);
    assert.equal(run.shell!.commands[2]!.range.start.line, 4);
  });

  it('treats a heredoc fed to another program as data', () => {
    const model = parseDockerfile(
      'FROM python:3.13-slim\nRUN python3 <<EOF\nimport os\nprint(os.name)\nEOF\n',
    );
    assert.deepEqual(model.instructions[1]!.shell!.commands.map(argv), [['python3']]);
  });

  it('never throws on unbalanced quotes or substitutions', () => {
    assert.deepEqual(commandsOf('echo "unterminated').map(argv), [['echo', 'unterminated']]);
    assert.equal(commandsOf('echo $(date').length, 1);
    assert.equal(commandsOf("echo 'x").length, 1);
  });

  it('leaves exec form unparsed', () => {
    const model = parseDockerfile('FROM alpine:3.24\nRUN ["apk", "add", "curl"]\n');
    assert.deepEqual(model.instructions[1]!.execForm, ['apk', 'add', 'curl']);
    assert.equal(model.instructions[1]!.shell, undefined);
  });
});
