import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { documentLinks, imagePage } from './links';

describe('document links', () => {
  const uri = 'file:///work/Dockerfile';

  it('links base images to their registry pages and stage uses to the stage', () => {
    const model = parseDockerfile(
      [
        'ARG NODE=22',
        'FROM node:${NODE}-alpine AS deps', // 1
        'FROM bitnami/redis:7 AS cache', // 2
        'FROM deps AS build', // 3
        'FROM ghcr.io/astral-sh/uv:0.5 AS uv', // 4
        'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS sdk', // 5
        'FROM quay.io/prometheus/busybox:latest AS bb', // 6
        'FROM gcr.io/distroless/static:nonroot', // 7
        'COPY --from=build /app /app', // 8
        'COPY --from=0 /x /x', // 9
        'COPY --from=nginx:1.27 /etc/nginx /etc/nginx', // 10
        'FROM scratch', // 11
        'FROM ${UNSET}/thing', // 12
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      documentLinks(model, uri).map((l) => [l.range.start.line, l.target]),
      [
        [1, 'https://hub.docker.com/_/node'],
        [2, 'https://hub.docker.com/r/bitnami/redis'],
        [3, `${uri}#L2`],
        [4, 'https://ghcr.io/astral-sh/uv'],
        [5, 'https://mcr.microsoft.com/artifact/mar/dotnet/sdk'],
        [6, 'https://quay.io/repository/prometheus/busybox'],
        [8, `${uri}#L4`],
        [9, `${uri}#L2`],
        [10, 'https://hub.docker.com/_/nginx'],
      ],
    );
  });

  it('covers the image or the stage name exactly', () => {
    const model = parseDockerfile(
      'FROM python:3.12-slim AS base\nFROM base\nRUN --mount=from=base,target=/b true\n',
    );
    const links = documentLinks(model, uri);
    const text = (i: number): string => {
      const r = links[i]!.range;
      return model.text.slice(model.positions.offsetAt(r.start), model.positions.offsetAt(r.end));
    };
    assert.deepEqual([text(0), text(1), text(2)], ['python:3.12-slim', 'base', 'base']);
    assert.equal(links[2]!.target, `${uri}#L1`);
    assert.match(links[0]!.tooltip, /Docker Hub/);
  });

  it('knows the registry page patterns', () => {
    assert.equal(imagePage(undefined, 'library/debian')?.url, 'https://hub.docker.com/_/debian');
    assert.equal(imagePage('docker.io', 'grafana/grafana')?.url, 'https://hub.docker.com/r/grafana/grafana');
    assert.equal(
      imagePage('public.ecr.aws', 'docker/library/redis')?.url,
      'https://gallery.ecr.aws/docker/library/redis',
    );
    assert.equal(imagePage(undefined, 'a/b/c'), undefined, 'Docker Hub has two levels at most');
    assert.equal(imagePage('registry.example.com:5000', 'team/app'), undefined);
    assert.equal(imagePage(undefined, 'Not/Valid'), undefined);
  });

  it('stays total on odd input', () => {
    for (const text of [
      '',
      'FROM',
      'FROM :',
      'FROM @',
      'FROM a:b:c@d',
      'COPY --from= a b',
      'FROM a\nCOPY --from=${X} /a /b',
      '\u0000FROM \u0001',
    ]) {
      assert.doesNotThrow(() => documentLinks(parseDockerfile(text), uri), JSON.stringify(text));
    }
  });
});
