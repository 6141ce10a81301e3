import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import type { Position } from '../model/types';
import { setEolToday } from '../rules/lib/eol';
import { shippedStages } from '../stages';
import { estimateSizes } from '../size/estimate';
import { hoverAt } from './hover';

/** The hover at the first occurrence of `needle` (plus `offset` characters) in `text`. */
function hover(text: string, needle: string, offset = 0, withEstimate = false) {
  const model = parseDockerfile(text);
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} not in the text`);
  const position: Position = model.positions.positionAt(index + offset);
  const estimate = withEstimate ? estimateSizes(model, shippedStages(model, [])) : undefined;
  return hoverAt(model, position, estimate ? { estimate } : {});
}
const text = (h: ReturnType<typeof hover>): string => h?.sections.map((s) => s.markdown).join('\n') ?? '';

describe('hover', () => {
  before(() => setEolToday('2026-11-23'));
  after(() => setEolToday(undefined));

  it('documents instruction keywords, on the keyword only', () => {
    const run = hover('FROM a\nRUN echo hi\n', 'RUN', 1);
    assert.equal(run?.sections[0]?.kind, 'docs');
    assert.match(text(run), /^\*\*RUN\*\*: Runs a command in a new layer/);
    assert.match(text(run), /docs\.docker\.com\/reference\/dockerfile\/#run/);
    assert.deepEqual(run?.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
    assert.equal(hover('FROM a\nENV PORT=8080\n', 'ENV', 3), undefined, 'the blank after the keyword');
    assert.match(text(hover('FROM a\nmaintainer me\n', 'maintainer')), /Deprecated/);
  });

  it('documents flags, mount types, mount options and their values', () => {
    const source =
      'FROM --platform=$BUILDPLATFORM a\nRUN --mount=type=cache,target=/root/.npm,sharing=locked --network=none npm ci\nCOPY --chown=1:1 a b\n';
    assert.match(text(hover(source, '--platform', 3)), /BUILDPLATFORM.*cross-compiles/s);
    assert.match(text(hover(source, 'cache')), /^`RUN --mount=type=cache`/);
    assert.match(
      text(hover(source, 'target=')),
      /option `target=<path>` \(also `dst`, `destination`\), required/,
    );
    assert.match(text(hover(source, 'locked')), /`locked`: A concurrent writer waits/);
    assert.match(text(hover(source, '--network', 2)), /`none`: No network at all/);
    assert.match(text(hover(source, '--chown', 2)), /RUN chown -R/);
    assert.equal(hover(source, 'npm ci'), undefined, 'a RUN command word has no docs');
  });

  it('shows the base image facts: both sizes, family, user, end of life and the data source', () => {
    const h = hover('FROM node:16-alpine AS app\n', 'node');
    assert.equal(h?.sections[0]?.kind, 'facts');
    const md = text(h);
    assert.match(md, /^\*\*node:16-alpine\*\*/);
    assert.match(md, /\| disk \(uncompressed\) \| .*MB/);
    assert.match(md, /\| pull \(compressed\) \| .*MB/);
    assert.match(md, /\| OS family \| alpine \(apk\) \|/);
    assert.match(md, /\| default user \| root \|/);
    assert.match(md, /Node\.js 16 \(gallium\) reached its end of life on 2023-09-11/);
    assert.deepEqual(h?.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 19 } });
    const exact = text(hover('FROM python:3.13-slim\n', 'python'));
    assert.match(exact, /from the base-image table as of \d{4}-\d{2}-\d{2}\. Source: /);
    assert.doesNotMatch(exact, /guess range/);
    assert.match(text(hover('FROM scratch\n', 'scratch')), /the empty image/);
    assert.match(text(hover('FROM alpine\n', 'alpine')), /No tag/);
  });

  it('describes stages: by AS name, by FROM <stage> and by --from=, with their uses and size', () => {
    const source =
      'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM build AS test\nFROM scratch\nCOPY --from=build /app /app\n';
    const byName = text(hover(source, 'AS build', 3, true));
    assert.match(byName, /^Stage `build` \(line 1\): `FROM golang:1\.27`, .*[MG]B estimated\./);
    assert.match(byName, /Used on lines 3, 5\./);
    assert.match(text(hover(source, 'FROM build', 5)), /^Stage `build`/);
    assert.match(text(hover(source, '--from=build', 8)), /^Stage `build`/);
    assert.match(
      text(hover('FROM scratch\nCOPY --from=alpine:3.24 /a /b\n', 'alpine')),
      /\*\*alpine:3\.24\*\*/,
    );
  });

  it('shows where a variable gets its value, in the scope of the position', () => {
    const source = [
      'ARG VERSION=1.2',
      'FROM node:22 AS app',
      'ARG VERSION',
      'ENV APP_HOME=/srv',
      'ENV APP_HOME=/opt/app',
      'RUN echo ${VERSION} $APP_HOME $LATER $NODE_VERSION $TARGETARCH',
      'ARG LATER=1',
      '',
    ].join('\n');
    const version = text(hover(source, '${VERSION}', 3));
    assert.match(version, /ARG on line 3: the global ARG's default `1\.2` \(line 1\)/);
    assert.match(version, /--build-arg VERSION=/);
    assert.match(text(hover(source, '${VERSION}')), /\$VERSION/, 'hovering the $ means the variable');
    const home = text(hover(source, '$APP_HOME', 2));
    assert.match(home, /ENV on line 4: `\/srv`\n- ENV on line 5: `\/opt\/app` ← applies here/);
    assert.match(
      text(hover(source, '$LATER', 2)),
      /not defined here\.\n\n- ARG on line 7: comes after this line/,
    );
    assert.match(text(hover(source, '$NODE_VERSION', 2)), /set by the base image/);
    assert.match(text(hover(source, '$TARGETARCH', 2)), /Architecture part of `TARGETPLATFORM`/);
    const declared = text(hover(source, 'APP_HOME=/srv', 1));
    assert.match(declared, /ENV on line 4: `\/srv`/);
    assert.match(declared, /visible to anyone who can pull it/);
  });

  it('shows Debian package facts after apt-get install', () => {
    const md = text(hover('FROM debian\nRUN apt-get install -y curl\n', 'curl', 1));
    assert.match(md, /^\*\*curl\*\*: [\d.]+ [kM]B installed \(Debian bookworm amd64/);
  });

  it('answers undefined, never throws, for bad input and blank places', () => {
    const inputs = [
      '',
      '\u0000\u0001',
      'FROM a\nRUN <<EOF\nunterminated',
      '\uFEFFFROM a\r\nRUN x\r\n',
      'FROM a\nRUN --mount=type=',
    ];
    for (const input of inputs) {
      const model = parseDockerfile(input);
      for (let line = 0; line < 4; line++)
        for (let character = 0; character < 20; character++)
          assert.doesNotThrow(
            () => hoverAt(model, { line, character }),
            `${JSON.stringify(input)} ${line}:${character}`,
          );
    }
    assert.equal(hover('FROM a\n\n\nRUN x\n', '\n\n', 1), undefined);
  });
});
