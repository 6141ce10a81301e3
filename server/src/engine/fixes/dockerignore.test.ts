import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { detectEcosystems, dockerignoreContent } from './dockerignore';

describe('.dockerignore content', () => {
  it('detects ecosystems from copied manifests and commands', () => {
    const model = parseDockerfile(
      'FROM node:22-alpine AS web\nCOPY package.json pnpm-lock.yaml ./\nRUN pnpm install\nFROM golang:1.27 AS api\nCOPY go.mod go.sum ./\nRUN go build -o /api\nFROM python:3.13-slim\nRUN pip install --no-cache-dir flask\n',
    );
    assert.deepEqual(detectEcosystems(model), ['go', 'node', 'python']);
  });

  it('always ignores VCS folders and secrets, and adds ecosystem folders', () => {
    const text = dockerignoreContent(
      parseDockerfile('FROM rust:1\nCOPY Cargo.toml Cargo.lock ./\nRUN cargo build --release\n'),
    );
    const lines = text.split('\n');
    for (const entry of ['.git', '.env', '*.pem', 'id_rsa*', 'target', '!.env.example'])
      assert.ok(lines.includes(entry), entry);
    assert.ok(!lines.includes('node_modules'));
    assert.ok(text.endsWith('\n'));
  });
});
