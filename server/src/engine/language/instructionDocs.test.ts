import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BUILTIN_ARGS,
  DIRECTIVES,
  INSTRUCTIONS,
  MOUNT_TYPES,
  flagDoc,
  instructionDoc,
  instructionMarkdown,
  mountOptionDoc,
  referenceUrl,
} from './instructionDocs';

const KEYWORDS = [
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
];

describe('instruction documentation', () => {
  it('documents every Dockerfile instruction once, with syntax and details', () => {
    assert.deepEqual(INSTRUCTIONS.map((d) => d.keyword).sort(), [...KEYWORDS].sort());
    for (const doc of INSTRUCTIONS) {
      assert.ok(doc.summary.length > 10 && doc.details.length > 20, doc.keyword);
      assert.ok(
        doc.syntax.every((s) => s.startsWith(doc.keyword)),
        `${doc.keyword} syntax starts with the keyword`,
      );
      const names = doc.flags.map((f) => f.name);
      assert.equal(new Set(names).size, names.length, `${doc.keyword} flags are unique`);
    }
    assert.equal(instructionDoc('run')?.keyword, 'RUN', 'keywords are case-insensitive');
    assert.equal(referenceUrl('HEALTHCHECK'), 'https://docs.docker.com/reference/dockerfile/#healthcheck');
    assert.match(instructionMarkdown(instructionDoc('MAINTAINER')!), /_Deprecated: use `LABEL/);
  });

  it('has the flags BuildKit accepts on FROM, RUN, COPY, ADD and HEALTHCHECK', () => {
    const flags = (keyword: string) => instructionDoc(keyword)!.flags.map((f) => f.name);
    assert.deepEqual(flags('FROM'), ['platform']);
    assert.deepEqual(flags('RUN'), ['mount', 'network', 'security']);
    assert.deepEqual(flags('COPY'), ['from', 'chown', 'chmod', 'link', 'parents', 'exclude']);
    assert.deepEqual(flags('ADD'), ['chown', 'chmod', 'link', 'checksum', 'keep-git-dir', 'exclude']);
    assert.deepEqual(flags('HEALTHCHECK'), [
      'interval',
      'timeout',
      'start-period',
      'start-interval',
      'retries',
    ]);
    assert.equal(flagDoc('COPY', 'FROM')?.value, '<stage|image>');
    assert.equal(flagDoc('COPY', 'checksum'), undefined);
  });

  it('has every mount type with its options, aliases resolving to the option', () => {
    assert.deepEqual(
      MOUNT_TYPES.map((t) => t.type),
      ['bind', 'cache', 'tmpfs', 'secret', 'ssh'],
    );
    for (const type of MOUNT_TYPES) {
      const keys = type.options.flatMap((o) => [o.key, ...o.aliases]);
      assert.equal(new Set(keys).size, keys.length, `${type.type} keys are unique`);
    }
    assert.equal(mountOptionDoc('cache', 'dst')?.key, 'target');
    assert.equal(mountOptionDoc('cache', 'RO')?.key, 'readonly');
    assert.equal(mountOptionDoc('bind', 'rw')?.key, 'readwrite');
    assert.equal(mountOptionDoc('secret', 'type')?.key, 'type');
    assert.deepEqual(
      mountOptionDoc('cache', 'sharing')?.values?.map((v) => v.value),
      ['shared', 'private', 'locked'],
    );
    assert.equal(mountOptionDoc('tmpfs', 'sharing'), undefined);
  });

  it('has the parser directives and the arguments BuildKit predefines', () => {
    assert.deepEqual(
      DIRECTIVES.map((d) => d.name),
      ['syntax', 'escape', 'check'],
    );
    for (const name of ['TARGETPLATFORM', 'TARGETARCH', 'BUILDPLATFORM', 'HTTP_PROXY'])
      assert.ok(
        BUILTIN_ARGS.some((a) => a.name === name),
        name,
      );
  });
});
