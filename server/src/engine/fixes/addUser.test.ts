import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { canonicalImageName, imageFacts } from '../size/baseImages';
import { addUserFixes } from './addUser';
import { applyEdits } from './apply';

/** Fixes for the last stage of `text`, as title → fixed text. */
function fixes(text: string): Map<string, string> {
  const model = parseDockerfile(text);
  const stage = model.stages[model.stages.length - 1]!;
  let root = stage;
  while (root.baseStage !== undefined) root = model.stages[root.baseStage]!;
  const facts = root.isScratch
    ? imageFacts('scratch', undefined)
    : imageFacts(canonicalImageName(root.base!.registry, root.base!.repository), root.base!.tag);
  return new Map(addUserFixes(model, stage, facts).map((f) => [f.title, applyEdits(text, f.edits)]));
}

describe('Add USER fixes', () => {
  it('offers the built-in node user first, with --chown on app copies (ids for created users), before CMD and after the last RUN', () => {
    const text =
      'FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nEXPOSE 3000\nCMD ["node", "server.js"]\n';
    const result = fixes(text);
    assert.deepEqual([...result.keys()], ['Add USER node', 'Add USER nodejs']);
    assert.equal(
      result.get('Add USER node'),
      'FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=node:node package*.json ./\nRUN npm ci --omit=dev\nCOPY --chown=node:node . .\nUSER node\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
    );
    assert.equal(
      result.get('Add USER nodejs'),
      'FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=1001:1001 package*.json ./\nRUN npm ci --omit=dev\nCOPY --chown=1001:1001 . .\nRUN addgroup -g 1001 -S nodejs && adduser -S -D -H -u 1001 -G nodejs nodejs\nUSER nodejs\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
    );
  });

  it('creates the nodejs user the Debian way on debian-based node images', () => {
    const out = fixes('FROM node:22-slim\nCMD ["node", "a.js"]\n').get('Add USER nodejs');
    assert.match(
      out!,
      /RUN groupadd --system --gid 1001 nodejs && useradd --system --uid 1001 --gid nodejs --no-create-home --shell \/usr\/sbin\/nologin nodejs\nUSER nodejs\nCMD/,
    );
  });

  it('uses the distroless nonroot variant, keeping other tags', () => {
    assert.equal(
      fixes(
        'FROM golang:1.27 AS build\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      ).get('Use the distroless :nonroot variant'),
      'FROM golang:1.27 AS build\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    );
    assert.ok(
      fixes('FROM gcr.io/distroless/base-debian12:debug\n').has('Use the distroless :debug-nonroot variant'),
    );
  });

  it('adds a numeric user on scratch, at the end of a stage without CMD', () => {
    assert.equal(
      fixes('FROM scratch\nCOPY app /app').get('Add USER 65532:65532'),
      'FROM scratch\nCOPY app /app\nUSER 65532:65532',
    );
  });

  it('creates an app user on debian and keeps CRLF and lower-case keywords', () => {
    const out = fixes(
      'from python:3.13-slim\r\nworkdir /srv\r\ncopy . .\r\nrun pip install --no-cache-dir -r requirements.txt\r\ncmd ["python", "app.py"]\r\n',
    ).get('Add USER app (created with groupadd/useradd)');
    assert.equal(
      out,
      'from python:3.13-slim\r\nworkdir /srv\r\ncopy --chown=10001:10001 . .\r\nrun pip install --no-cache-dir -r requirements.txt\r\nrun groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app\r\nuser app\r\ncmd ["python", "app.py"]\r\n',
    );
  });

  it('places USER after a RUN that follows CMD, so that RUN keeps root', () => {
    const out = fixes('FROM alpine:3.24\nCMD ["/app"]\nRUN apk add --no-cache curl\n').get(
      'Add USER 10001:10001 (numeric, no account needed)',
    );
    assert.equal(out, 'FROM alpine:3.24\nCMD ["/app"]\nRUN apk add --no-cache curl\nUSER 10001:10001\n');
  });
  it('keeps upper-case keywords when broken continuations parse as lower-case "instructions"', () => {
    // With `# escape=\``, the backslash continuations below are not continuations: each line becomes
    // an unknown lower-case instruction. They must not decide the casing of what the fix adds.
    const text =
      '# escape=`\nFROM debian:bookworm-slim\nRUN apt-get update \\\n  && apt-get install -y curl \\\n  && apt-get install -y git \\\n  && apt-get install -y jq \\\n  && rm -rf /var/lib/apt/lists/* \\\n  && echo done\nCMD ["curl", "--version"]\n';
    const out = fixes(text).get('Add USER 10001:10001 (numeric, no account needed)')!;
    assert.match(out, /\nUSER 10001:10001\nCMD/);
  });
});
