import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { applyEdits } from './apply';
import { caCertFixes } from './caCerts';

function fix(text: string): [string, string] {
  const model = parseDockerfile(text);
  const [first] = caCertFixes(model, model.stages[model.stages.length - 1]!);
  return [first!.title, applyEdits(text, first!.edits)];
}

describe('Copy CA certs into scratch', () => {
  it('copies the bundle from the Go builder the binary comes from', () => {
    assert.deepEqual(
      fix(
        'FROM golang:1.27 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      ),
      [
        'Copy CA certs into scratch (from stage build)',
        'FROM golang:1.27 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      ],
    );
  });

  it('names an unnamed source stage instead of copying by index', () => {
    const [, out] = fix(
      'FROM rust:1-alpine\nRUN cargo build --release\nFROM scratch\nCOPY --from=0 /target/release/app /app\n',
    );
    assert.equal(
      out,
      'FROM rust:1-alpine AS builder\nRUN cargo build --release\nFROM scratch\nCOPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\nCOPY --from=0 /target/release/app /app\n',
    );
  });

  it('counts an installed ca-certificates package, and adds a certs stage when nothing has a bundle', () => {
    const [, installed] = fix(
      'FROM debian:bookworm-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\nFROM scratch\nCOPY --from=build /bin/true /true\n',
    );
    assert.match(installed, /COPY --from=build \/etc\/ssl\/certs\/ca-certificates\.crt/);
    const [title, added] = fix(
      'FROM debian:bookworm-slim AS build\nRUN make\nFROM scratch\r\nCOPY --from=build /out/app /app\n',
    );
    assert.equal(title, 'Copy CA certs into scratch (new alpine:3.24 certs stage)');
    assert.equal(
      added,
      'FROM debian:bookworm-slim AS build\nRUN make\nFROM alpine:3.24 AS certs\n\nFROM scratch\nCOPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\r\nCOPY --from=build /out/app /app\n',
    );
  });
});
