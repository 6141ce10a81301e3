import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function cli(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Range {
  low: number;
  high: number;
}
interface SizeJson {
  image: Range;
  stages: Array<{
    name: string;
    index: number;
    shipped: boolean;
    base: string;
    bytes: Range;
    instructions: Array<{ line: number; bytes: Range; basis: string }>;
  }>;
}

const SINGLE = `FROM golang:1.19
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /app/server ./cmd/server
CMD ["/app/server"]
`;
const MULTI = `FROM golang:1.19 AS build
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /app/server ./cmd/server

FROM scratch
COPY --from=build /app/server /server
ENTRYPOINT ["/server"]
`;

describe('lean-dockerfile size', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lean-size-'));
    const write = (rel: string, text: string | Buffer) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    write('Dockerfile.single', SINGLE);
    write('Dockerfile.multi', MULTI);
    write('go.mod', 'module example.com/app\n\ngo 1.19\n');
    write('go.sum', 'github.com/a/b v1.0.0 h1:x=\ngithub.com/a/b v1.0.0/go.mod h1:y=\n');
    write('cmd/server/main.go', 'package main\nfunc main() {}\n');
    write('assets/big.bin', Buffer.alloc(3_000_000));
    write('.dockerignore', 'assets\n');
    write(
      'apt.Dockerfile',
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON contract: bytes and 1-based lines', () => {
    const r = cli(['size', 'Dockerfile.multi', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as SizeJson;
    assert.equal(typeof json.image.low, 'number');
    assert.equal(typeof json.image.high, 'number');
    assert.deepEqual(
      json.stages.map((s) => [s.name, s.index, s.shipped, s.base]),
      [
        ['build', 0, false, 'golang:1.19'],
        ['1', 1, true, 'scratch'],
      ],
    );
    for (const s of json.stages) {
      assert.ok(s.bytes.low <= s.bytes.high);
      for (const i of s.instructions) {
        assert.ok(Number.isInteger(i.line) && i.line >= 1);
        assert.equal(typeof i.basis, 'string');
        assert.ok(i.bytes.low <= i.bytes.high);
      }
    }
    const copy = json.stages[1]!.instructions.find((i) => i.line === 9)!;
    assert.match(copy.basis, /Go binary/);
    assert.deepEqual(json.image, { ...json.image, low: copy.bytes.low, high: copy.bytes.high });
    // COPY . . honours .dockerignore: the 3 MB asset is not sent.
    const copyAll = json.stages[0]!.instructions.find((i) => i.line === 5)!;
    assert.ok(copyAll.bytes.high < 10_000, copyAll.basis);
  });

  it('estimates a golang:1.19 single-stage image at least 10x its scratch multi-stage version', () => {
    const single = JSON.parse(cli(['size', 'Dockerfile.single', '--format', 'json'], dir).stdout) as SizeJson;
    const multi = JSON.parse(cli(['size', 'Dockerfile.multi', '--format', 'json'], dir).stdout) as SizeJson;
    assert.ok(
      single.image.low >= 10 * multi.image.high,
      `single ${single.image.low}–${single.image.high}, multi ${multi.image.low}–${multi.image.high}`,
    );
  });

  it('prints a table with a bar per stage, and the layers', () => {
    const r = cli(['size', 'Dockerfile.multi'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /uncompressed \(disk\) sizes, 1 MB = 10\^6 B/);
    assert.match(
      r.stdout,
      /\n {2}0 {2}build +golang:1\.19 \(unknown\) +[\d.]+ MB–[\d.]+ GB +█+ +discarded\n/,
    );
    assert.match(r.stdout, /\n {2}1 {2}- +scratch .* image\n/);
    assert.match(r.stdout, /image: 5–30 MB/);
  });

  it('shows compressed sizes and that a later rm saves nothing', () => {
    const plain = JSON.parse(cli(['size', 'apt.Dockerfile', '--format', 'json'], dir).stdout) as SizeJson;
    const pulled = JSON.parse(
      cli(['size', 'apt.Dockerfile', '--format', 'json', '--compressed'], dir).stdout,
    ) as SizeJson;
    assert.ok(pulled.image.high < plain.image.low);
    assert.equal(pulled.stages[0]!.bytes.low, pulled.image.low);
    const rm = plain.stages[0]!.instructions.find((i) => i.line === 3)!;
    assert.deepEqual(rm.bytes, { low: 0, high: 0 });
    assert.match(rm.basis, /still ship in the layer of line 2/);
  });

  it('reports usage errors with exit code 2', () => {
    assert.equal(cli(['size'], dir).code, 2);
    assert.equal(cli(['size', 'Dockerfile.multi', '--format', 'sarif'], dir).code, 2);
    assert.equal(cli(['size', 'missing.Dockerfile'], dir).code, 2);
    const help = cli(['size', '--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--compressed/);
  });
});
