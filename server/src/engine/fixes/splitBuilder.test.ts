import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../analyze';
import { parseDockerfile } from '../model/parse';
import { applyEdits } from './apply';
import { builderCopies, unprovenBuilderCopies } from './builderProof';
import { isBuildPackage, savingMB, splitIntoBuilderFixes } from './splitBuilder';
import { isBuildTool } from '../rules/lib/size';

/** A Dockerfile from its lines (LF, final line break). */
const df = (...lines: string[]): string => `${lines.join('\n')}\n`;

/**
 * syntax-* findings, except dockerfile-utils' per-instruction casing warning: a lower-case file gets
 * one per instruction, so new lines written in the file's own casing add some without parsing worse.
 */
function syntaxFindings(text: string): string[] {
  return analyze(text)
    .findings.filter((f) => f.ruleId.startsWith('syntax-') && f.ruleId !== 'syntax-casing-instruction')
    .map((f) => f.ruleId);
}

/**
 * Every split fix of a stage (the last by default), as title → fixed text, after checking what every
 * output must satisfy: a rewrite action, no new syntax-* findings, every `COPY --from=<builder>`
 * source proven to be produced by the builder (placeholders aside), and no split offered again for
 * the new runtime stage (it no longer builds).
 */
function split(text: string, stageIndex?: number): Map<string, string> {
  const model = parseDockerfile(text);
  const stage = model.stages[stageIndex ?? model.stages.length - 1]!;
  const out = new Map<string, string>();
  for (const fix of splitIntoBuilderFixes(model, stage)) {
    assert.equal(fix.kind, 'refactor.rewrite');
    const fixed = applyEdits(text, fix.edits);
    const [before, after_] = [syntaxFindings(text), syntaxFindings(fixed)];
    assert.ok(after_.length <= before.length, `${fix.title}: parses worse (${after_.join(', ')})`);
    assert.deepEqual(
      analyze(fixed).findings.filter(
        (f) => f.ruleId.startsWith('syntax-') && !analyze(text).findings.some((g) => g.ruleId === f.ruleId),
      ),
      [],
      `${fix.title}: new kinds of syntax-* findings`,
    );
    const after = parseDockerfile(fixed);
    const runtime = after.stages[stage.index + 1]!;
    assert.deepEqual(
      unprovenBuilderCopies(after, runtime).map((c) => c.source),
      [],
      `${fix.title}: COPY --from sources the builder does not produce`,
    );
    assert.deepEqual(splitIntoBuilderFixes(after, runtime), [], `${fix.title}: offered again`);
    out.set(fix.title, fixed);
  }
  return out;
}

/** The preferred (first) fix: [title, fixed text]. */
function preferred(text: string, stageIndex?: number): [string, string] {
  const [first] = split(text, stageIndex);
  assert.ok(first, 'no split offered');
  return first;
}

describe('Split into builder stage: Go', () => {
  const goModDownload = df(
    'FROM golang:1.27',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    'RUN go build -o /bin/app ./cmd/app',
    'EXPOSE 8080',
    'CMD ["/bin/app"]',
  );

  it('offers distroless/static (preferred) and scratch, with CGO_ENABLED=0 and the binary at its -o path', () => {
    const model = parseDockerfile(goModDownload);
    const fixes = splitIntoBuilderFixes(model, model.stages[0]!);
    assert.deepEqual(
      fixes.map((f) => [f.title, f.isPreferred ?? false]),
      [
        ['Split into builder stage (≈ −882 MB): Go → distroless/static', true],
        ['Split into builder stage (≈ −885 MB): Go → scratch', false],
      ],
    );
    const result = split(goModDownload);
    const builder = df(
      'FROM golang:1.27 AS builder',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app',
      '',
    );
    assert.equal(
      result.get('Split into builder stage (≈ −882 MB): Go → distroless/static'),
      builder +
        df(
          'FROM gcr.io/distroless/static-debian12:nonroot',
          'WORKDIR /src',
          'COPY --from=builder /bin/app /bin/app',
          'EXPOSE 8080',
          'CMD ["/bin/app"]',
        ),
    );
    assert.equal(
      result.get('Split into builder stage (≈ −885 MB): Go → scratch'),
      builder +
        df(
          'FROM scratch',
          'WORKDIR /src',
          'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
          'COPY --from=builder /bin/app /bin/app',
          'USER 65532:65532',
          'EXPOSE 8080',
          'CMD ["/bin/app"]',
        ),
    );
  });

  it('reads the binary name of `go build` without -o from CMD, and keeps CGO_ENABLED set by ENV', () => {
    const [, out] = preferred(
      df(
        'FROM golang:1.27-alpine',
        'WORKDIR /app',
        'ENV CGO_ENABLED=0',
        'COPY . .',
        '# build it',
        'RUN go mod download && \\',
        '    go build -ldflags="-s -w" -mod=readonly',
        'CMD ["./myservice", "-port", "8080"]',
      ),
    );
    assert.equal(
      out,
      df(
        'FROM golang:1.27-alpine AS builder',
        'WORKDIR /app',
        'ENV CGO_ENABLED=0',
        'COPY . .',
        '# build it',
        'RUN go mod download && \\',
        '    go build -ldflags="-s -w" -mod=readonly',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'WORKDIR /app',
        'ENV CGO_ENABLED=0',
        'COPY --from=builder /app/myservice /app/myservice',
        'CMD ["./myservice", "-port", "8080"]',
      ),
    );
  });

  it('marks the binary of `go build` without -o and without CMD as a placeholder (never a guess)', () => {
    const text = df(
      'FROM golang:1.27',
      'WORKDIR /app',
      'COPY . .',
      'RUN go install github.com/swaggo/swag/cmd/swag@latest && swag init',
      'RUN go build .',
    );
    const [, out] = preferred(text);
    // The code generator installed with @version runs in the builder only: no CGO prefix, not copied.
    assert.equal(
      out,
      df(
        'FROM golang:1.27 AS builder',
        'WORKDIR /app',
        'COPY . .',
        'RUN go install github.com/swaggo/swag/cmd/swag@latest && swag init',
        'RUN CGO_ENABLED=0 go build .',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'WORKDIR /app',
        '# lean-dockerfile: set the path of the built binary',
        'COPY --from=builder /app/<built-binary> /app/<built-binary>',
      ),
    );
    const after = parseDockerfile(out);
    assert.deepEqual(
      builderCopies(after, after.stages[1]!).map((c) => [c.source, c.placeholder]),
      [['/app/<built-binary>', true]],
    );
  });

  it('does not add CGO_ENABLED twice, and prefixes it after `env`', () => {
    const [, out] = preferred(
      df(
        'FROM golang:1.27',
        'WORKDIR /app',
        'COPY . .',
        'RUN CGO_ENABLED=0 go build -o /out/a ./a && env GOOS=linux go build -o /out/b ./b',
        'CMD ["/out/a"]',
      ),
    );
    assert.match(
      out,
      /RUN CGO_ENABLED=0 go build -o \/out\/a \.\/a && env GOOS=linux CGO_ENABLED=0 go build -o \/out\/b \.\/b\n/,
    );
    assert.match(out, /COPY --from=builder \/out\/a \/out\/a\nCOPY --from=builder \/out\/b \/out\/b\n/);
  });

  it('uses distroless/base (glibc) for a build that enables cgo, and offers no scratch', () => {
    const result = split(
      df(
        'FROM golang:1.27',
        'WORKDIR /app',
        'COPY . .',
        'RUN CGO_ENABLED=1 go build -o /app/server .',
        'CMD ["/app/server"]',
      ),
    );
    assert.deepEqual([...result.keys()], ['Split into builder stage: Go → distroless/base']);
    assert.match(
      [...result.values()][0]!,
      /\n# lean-dockerfile: the build uses cgo, so the binary needs the C library of the builder's base\nFROM gcr\.io\/distroless\/base-debian12:nonroot\n/,
    );
  });

  it('puts a libc runtime first, without CGO_ENABLED=0, when C compilers or headers suggest cgo', () => {
    const text = df(
      'FROM golang:1.27-alpine',
      'RUN apk add --no-cache gcc musl-dev',
      'WORKDIR /app',
      'COPY . .',
      'RUN go build -o /app/server .',
      'CMD ["/app/server"]',
    );
    const result = split(text);
    assert.deepEqual(
      [...result.keys()],
      [
        'Split into builder stage (≈ −244 MB): Go → alpine:3.24',
        'Split into builder stage (≈ −250 MB): Go → distroless/static',
        'Split into builder stage (≈ −253 MB): Go → scratch',
      ],
    );
    assert.equal(
      result.get('Split into builder stage (≈ −244 MB): Go → alpine:3.24'),
      df(
        'FROM golang:1.27-alpine AS builder',
        'RUN apk add --no-cache gcc musl-dev',
        'WORKDIR /app',
        'COPY . .',
        'RUN go build -o /app/server .',
        '',
        "# lean-dockerfile: the builder installs gcc, musl-dev, so the build may use cgo and need the C library of the builder's base",
        'FROM alpine:3.24',
        'WORKDIR /app',
        'COPY --from=builder /app/server /app/server',
        'CMD ["/app/server"]',
      ),
    );
    assert.match(
      result.get('Split into builder stage (≈ −250 MB): Go → distroless/static')!,
      /RUN CGO_ENABLED=0 go build/,
    );
  });

  it('copies a `go install`ed binary that ENTRYPOINT runs by name to /usr/local/bin (on the runtime PATH)', () => {
    const [, out] = preferred(df('FROM golang:1.27', 'RUN go install ./cmd/server', 'ENTRYPOINT ["server"]'));
    assert.equal(
      out,
      df(
        'FROM golang:1.27 AS builder',
        'RUN CGO_ENABLED=0 go install ./cmd/server',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'COPY --from=builder /go/bin/server /usr/local/bin/server',
        'ENTRYPOINT ["server"]',
      ),
    );
  });

  it('sets CGO_ENABLED with ENV before exec-form and `sh -c` RUNs, and keeps inherited ENV, ARG and LABEL', () => {
    const [, out] = preferred(
      df(
        'ARG GO_VERSION=1.27',
        'FROM golang:${GO_VERSION} AS base',
        'WORKDIR /src',
        'ENV GOFLAGS=-mod=mod',
        'RUN go mod download',
        '',
        'FROM base',
        'ARG VERSION=dev',
        'LABEL org.opencontainers.image.version=$VERSION',
        'COPY . .',
        'RUN ["go", "build", "-o", "/app", "."]',
        'RUN sh -c "go build -o /tool ./cmd/tool"',
        'ENTRYPOINT ["/app"]',
      ),
    );
    assert.equal(
      out,
      df(
        'ARG GO_VERSION=1.27',
        'FROM golang:${GO_VERSION} AS base',
        'WORKDIR /src',
        'ENV GOFLAGS=-mod=mod',
        'RUN go mod download',
        '',
        'FROM base AS builder',
        'ARG VERSION=dev',
        'COPY . .',
        'ENV CGO_ENABLED=0',
        'RUN ["go", "build", "-o", "/app", "."]',
        'RUN sh -c "go build -o /tool ./cmd/tool"',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'ARG VERSION=dev',
        'WORKDIR /src',
        'ENV GOFLAGS=-mod=mod',
        'LABEL org.opencontainers.image.version=$VERSION',
        'COPY --from=builder /app /app',
        'COPY --from=builder /tool /tool',
        'ENTRYPOINT ["/app"]',
      ),
    );
  });

  it('keeps CRLF, lower-case keywords and a file without a final line break', () => {
    const result = split(
      'from golang:1.27\r\nworkdir /app\r\ncopy . .\r\nrun go build -o server .\r\nexpose 8080\r\ncmd ["./server"]',
    );
    assert.equal(
      result.get('Split into builder stage (≈ −885 MB): Go → scratch'),
      'from golang:1.27 as builder\r\nworkdir /app\r\ncopy . .\r\nrun CGO_ENABLED=0 go build -o server .\r\n\r\n' +
        'from scratch\r\nworkdir /app\r\ncopy --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\r\n' +
        'copy --from=builder /app/server /app/server\r\nuser 65532:65532\r\nexpose 8080\r\ncmd ["./server"]',
    );
  });

  it('keeps the escape character, continuations, comments inside a RUN and indentation', () => {
    const [, escaped] = preferred(
      '# escape=`\nFROM golang:1.27\nWORKDIR /app\nCOPY . .\nRUN go mod download && `\n    # static binary\n    go build -o /out/app . && `\n    echo done\nENTRYPOINT ["/out/app"]\n',
    );
    assert.equal(
      escaped,
      '# escape=`\nFROM golang:1.27 AS builder\nWORKDIR /app\nCOPY . .\nRUN go mod download && `\n    # static binary\n    CGO_ENABLED=0 go build -o /out/app . && `\n    echo done\n\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /app\nCOPY --from=builder /out/app /out/app\nENTRYPOINT ["/out/app"]\n',
    );
    const [, indented] = preferred(
      'FROM golang:1.27\n    WORKDIR /app\n    COPY . .\n    RUN go build -o app .\n    CMD ["./app"]\n',
    );
    assert.equal(
      indented,
      'FROM golang:1.27 AS builder\n    WORKDIR /app\n    COPY . .\n    RUN CGO_ENABLED=0 go build -o app .\n\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\n    WORKDIR /app\n    COPY --from=builder /app/app /app/app\n    CMD ["./app"]\n',
    );
  });

  it('writes a plain shell-form ENTRYPOINT in exec form for shell-less runtimes, and marks a shell HEALTHCHECK', () => {
    const [, out] = preferred(
      df(
        'FROM golang:1.27',
        'WORKDIR /app',
        'COPY . .',
        'RUN go build -o server .',
        'HEALTHCHECK --interval=30s CMD wget -q -O- http://localhost:8080/health || exit 1',
        'ENTRYPOINT ./server -port 8080',
      ),
    );
    assert.equal(
      out.slice(out.indexOf('\n\n') + 2),
      df(
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'WORKDIR /app',
        'COPY --from=builder /app/server /app/server',
        '# lean-dockerfile: distroless/static has no shell: make this HEALTHCHECK run a binary (exec form)',
        'HEALTHCHECK --interval=30s CMD wget -q -O- http://localhost:8080/health || exit 1',
        'ENTRYPOINT ["./server", "-port", "8080"]',
      ),
    );
  });

  it('maps a user the builder names to uid 65532 on distroless and scratch, saying so', () => {
    const result = split(
      df(
        'FROM golang:1.27',
        'WORKDIR /app',
        'COPY . .',
        'RUN go build -o /app/srv .',
        'USER app',
        'CMD ["/app/srv"]',
      ),
    );
    assert.match(
      result.get('Split into builder stage (≈ −882 MB): Go → distroless/static')!,
      /# lean-dockerfile: distroless\/static has no user app: it runs as uid 65532\nUSER nonroot\nCMD/,
    );
    assert.match(
      result.get('Split into builder stage (≈ −885 MB): Go → scratch')!,
      /# lean-dockerfile: scratch has no user app: it runs as uid 65532\nUSER 65532:65532\nCMD/,
    );
  });
});

describe('Split into builder stage: Rust', () => {
  it('copies a `cargo install --path .` binary that CMD names to distroless/cc (glibc)', () => {
    const [title, out] = preferred(
      df('FROM rust:1', 'WORKDIR /usr/src/myapp', 'COPY . .', 'RUN cargo install --path .', 'CMD ["myapp"]'),
    );
    assert.equal(title, 'Split into builder stage: Rust → distroless/cc');
    assert.equal(
      out,
      df(
        'FROM rust:1 AS builder',
        'WORKDIR /usr/src/myapp',
        'COPY . .',
        'RUN cargo install --path .',
        '',
        'FROM gcr.io/distroless/cc-debian12:nonroot',
        'WORKDIR /usr/src/myapp',
        'COPY --from=builder /usr/local/cargo/bin/myapp /usr/local/bin/myapp',
        'CMD ["myapp"]',
      ),
    );
  });

  it('ships a musl build in scratch (preferred) or distroless/static, the binary named by --bin', () => {
    const result = split(
      df(
        'FROM rust:1-alpine',
        'RUN apk add --no-cache musl-dev',
        'WORKDIR /build',
        'COPY Cargo.toml Cargo.lock ./',
        'COPY src ./src',
        'RUN cargo build --release --bin api',
        'EXPOSE 3000',
        'ENTRYPOINT ["/build/target/release/api"]',
      ),
    );
    assert.deepEqual(
      [...result.keys()],
      [
        'Split into builder stage (≈ −349 MB): Rust → scratch',
        'Split into builder stage (≈ −348 MB): Rust → distroless/static',
      ],
    );
    assert.equal(
      result.get('Split into builder stage (≈ −349 MB): Rust → scratch'),
      df(
        'FROM rust:1-alpine AS builder',
        'RUN apk add --no-cache musl-dev',
        'WORKDIR /build',
        'COPY Cargo.toml Cargo.lock ./',
        'COPY src ./src',
        'RUN cargo build --release --bin api',
        '',
        'FROM scratch',
        'WORKDIR /build',
        'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
        'COPY --from=builder /build/target/release/api /build/target/release/api',
        'USER 65532:65532',
        'EXPOSE 3000',
        'ENTRYPOINT ["/build/target/release/api"]',
      ),
    );
  });

  it('uses the musl target folder and a placeholder when nothing names the binary', () => {
    const [title, out] = preferred(
      df(
        'FROM rust:1',
        'WORKDIR /app',
        'RUN rustup target add x86_64-unknown-linux-musl',
        'COPY . .',
        'RUN cargo build --release --target x86_64-unknown-linux-musl',
      ),
    );
    assert.equal(title, 'Split into builder stage (≈ −593 MB): Rust → scratch');
    assert.match(
      out,
      /# lean-dockerfile: set the path of the built binary\nCOPY --from=builder \/app\/target\/x86_64-unknown-linux-musl\/release\/<built-binary> \/app\/target\/x86_64-unknown-linux-musl\/release\/<built-binary>\n/,
    );
  });

  it('copies the binary a RUN put on the PATH (`cp target/release/web /usr/local/bin/`)', () => {
    const [, out] = preferred(
      df(
        'FROM rust:1',
        'WORKDIR /app',
        'COPY . .',
        'RUN cargo build --release && cp target/release/web /usr/local/bin/',
        'CMD ["web"]',
      ),
    );
    assert.match(
      out,
      /\nCOPY --from=builder \/usr\/local\/bin\/web \/usr\/local\/bin\/web\nCMD \["web"\]\n$/,
    );
  });
});

describe('Split into builder stage: Node.js', () => {
  it('npm: same version -alpine, production dependencies only, the dist folder CMD runs, USER node', () => {
    const [title, out] = preferred(
      df(
        'FROM node:22',
        'WORKDIR /app',
        'COPY package*.json ./',
        'RUN npm ci',
        'COPY . .',
        'RUN npm run build',
        'EXPOSE 3000',
        'CMD ["node", "dist/main.js"]',
      ),
    );
    assert.equal(title, 'Split into builder stage (≈ −348 MB): Node.js → node:22-alpine');
    assert.equal(
      out,
      df(
        'FROM node:22 AS builder',
        'WORKDIR /app',
        'COPY package*.json ./',
        'RUN npm ci',
        'COPY . .',
        'RUN npm run build',
        '',
        '# lean-dockerfile: -alpine: no native build dependencies are installed, so production dependencies install on musl',
        'FROM node:22-alpine',
        'WORKDIR /app',
        'COPY package*.json ./',
        'RUN npm ci --omit=dev',
        'COPY --from=builder /app/dist /app/dist',
        'USER node',
        'EXPOSE 3000',
        'CMD ["node", "dist/main.js"]',
      ),
    );
  });

  it('yarn: installs with yarn, marks the dist/ default when CMD does not tell', () => {
    const [, out] = preferred(
      df(
        'FROM node:22-bookworm',
        'WORKDIR /usr/src/app',
        'COPY package.json yarn.lock ./',
        'RUN yarn install --frozen-lockfile',
        'COPY . .',
        'RUN yarn build',
        'CMD ["yarn", "start"]',
      ),
    );
    assert.match(
      out,
      /\nFROM node:22-alpine\nWORKDIR \/usr\/src\/app\nCOPY package\.json yarn\.lock \.\/\nRUN yarn install --frozen-lockfile --production\n# lean-dockerfile: dist\/ is the usual build output: change it if the build writes elsewhere\nCOPY --from=builder \/usr\/src\/app\/dist \/usr\/src\/app\/dist\nUSER node\nCMD \["yarn", "start"\]\n$/,
    );
  });

  it('pnpm: repeats the builder’s pnpm set-up and cache mount, keeps an existing USER', () => {
    const [title, out] = preferred(
      df(
        'FROM node:24-alpine',
        'RUN corepack enable pnpm',
        'WORKDIR /app',
        'COPY package.json pnpm-lock.yaml ./',
        'RUN --mount=type=cache,id=pnpm,target=/root/.local/share/pnpm/store pnpm install --frozen-lockfile',
        'COPY . .',
        'RUN pnpm build',
        'USER node',
        'CMD ["node", "build/index.js"]',
      ),
    );
    assert.equal(title, 'Split into builder stage: Node.js → node:24-alpine');
    assert.equal(
      out.slice(out.indexOf('\n\n') + 2),
      df(
        '# lean-dockerfile: alpine like the builder',
        'FROM node:24-alpine',
        'WORKDIR /app',
        'COPY package.json pnpm-lock.yaml ./',
        'RUN --mount=type=cache,id=pnpm,target=/root/.local/share/pnpm/store corepack enable pnpm && pnpm install --frozen-lockfile --prod',
        'COPY --from=builder /app/build /app/build',
        'USER node',
        'CMD ["node", "build/index.js"]',
      ),
    );
  });

  it('Next.js: copies .next, public and next.config.*', () => {
    const [, out] = preferred(
      df(
        'FROM node:22',
        'WORKDIR /app',
        'COPY package.json package-lock.json ./',
        'RUN npm ci',
        'COPY . .',
        'ENV NEXT_TELEMETRY_DISABLED=1',
        'RUN npx next build',
        'EXPOSE 3000',
        'CMD ["npm", "start"]',
      ),
    );
    assert.match(
      out,
      /\nFROM node:22-alpine\nWORKDIR \/app\nENV NEXT_TELEMETRY_DISABLED=1\nCOPY package\.json package-lock\.json \.\/\nRUN npm ci --omit=dev\nCOPY --from=builder \/app\/\.next \/app\/\.next\nCOPY --from=builder \/app\/public \/app\/public\nCOPY --from=builder \/app\/next\.config\.\* \/app\/\nUSER node\nEXPOSE 3000\nCMD \["npm", "start"\]\n$/,
    );
  });

  it('native modules built with apt: -slim runtime and node_modules pruned in the builder, not reinstalled', () => {
    const [title, out] = preferred(
      df(
        'FROM node:22',
        'RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*',
        'WORKDIR /app',
        'COPY package*.json ./',
        'RUN npm ci',
        'COPY . .',
        'RUN npm run build',
        'CMD ["node", "dist/server.js"]',
      ),
    );
    assert.equal(title, 'Split into builder stage (≈ −903 MB): Node.js → node:22-slim');
    assert.equal(
      out.slice(out.indexOf('RUN npm run build')),
      df(
        'RUN npm run build',
        'RUN npm prune --omit=dev',
        '',
        '# lean-dockerfile: -slim, not -alpine: the builder compiles native modules (python3, make, g++) against glibc',
        'FROM node:22-slim',
        'WORKDIR /app',
        'COPY --from=builder /app/node_modules /app/node_modules',
        'COPY --from=builder /app/package.json /app/package.json',
        'COPY --from=builder /app/dist /app/dist',
        'USER node',
        'CMD ["node", "dist/server.js"]',
      ),
    );
  });

  it('marks the install command when the builder picks the package manager at build time', () => {
    const [, out] = preferred(
      df(
        'FROM node:18-alpine',
        'WORKDIR /app',
        'COPY package.json yarn.lock* package-lock.json* ./',
        'RUN if [ -f yarn.lock ]; then yarn --frozen-lockfile; else npm ci; fi',
        'COPY . .',
        'RUN npm run build',
        'CMD ["node", "dist/index.js"]',
      ),
    );
    assert.match(
      out,
      /COPY package\.json yarn\.lock\* package-lock\.json\* \.\/\n# lean-dockerfile: install production dependencies with the package manager the project uses\nRUN npm ci --omit=dev\n/,
    );
  });
});

describe('Split into builder stage: Python', () => {
  it('requirements.txt on the full image: a venv in the builder, -slim with the venv and the app folder', () => {
    const [title, out] = preferred(
      df(
        'FROM python:3.12',
        'WORKDIR /app',
        'COPY requirements.txt .',
        'RUN pip install --no-cache-dir -r requirements.txt',
        'COPY . .',
        'EXPOSE 8000',
        'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]',
      ),
    );
    assert.equal(title, 'Split into builder stage (≈ −368 MB): Python → python:3.12-slim');
    assert.equal(
      out,
      df(
        'FROM python:3.12 AS builder',
        'WORKDIR /app',
        'COPY requirements.txt .',
        'RUN python -m venv /opt/venv',
        'ENV PATH="/opt/venv/bin:$PATH"',
        'RUN pip install --no-cache-dir -r requirements.txt',
        'COPY . .',
        '',
        'FROM python:3.12-slim',
        'WORKDIR /app',
        'ENV PATH="/opt/venv/bin:$PATH"',
        'COPY --from=builder /opt/venv /opt/venv',
        'COPY --from=builder /app /app',
        'EXPOSE 8000',
        'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]',
      ),
    );
  });

  it('apt build deps: drops --user (a venv refuses it), repeats the user, notes packages the runtime lacks', () => {
    const [title, out] = preferred(
      df(
        'FROM python:3.13-slim-bookworm',
        'ENV PYTHONDONTWRITEBYTECODE=1',
        'RUN apt-get update \\',
        ' && apt-get install -y --no-install-recommends build-essential libpq-dev curl \\',
        ' && rm -rf /var/lib/apt/lists/*',
        'RUN useradd --create-home appuser',
        'WORKDIR /srv/app',
        'COPY requirements.txt .',
        'RUN pip install --user -r requirements.txt',
        'COPY . .',
        'USER appuser',
        'HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1',
        'CMD ["python", "-m", "app"]',
      ),
    );
    assert.equal(title, 'Split into builder stage: Python → python:3.13-slim-bookworm');
    assert.equal(
      out,
      df(
        'FROM python:3.13-slim-bookworm AS builder',
        'ENV PYTHONDONTWRITEBYTECODE=1',
        'RUN apt-get update \\',
        ' && apt-get install -y --no-install-recommends build-essential libpq-dev curl \\',
        ' && rm -rf /var/lib/apt/lists/*',
        'RUN useradd --create-home appuser',
        'WORKDIR /srv/app',
        'COPY requirements.txt .',
        'RUN python -m venv /opt/venv',
        'ENV PATH="/opt/venv/bin:$PATH"',
        'RUN pip install -r requirements.txt',
        'COPY . .',
        '',
        'FROM python:3.13-slim-bookworm',
        'ENV PYTHONDONTWRITEBYTECODE=1',
        'WORKDIR /srv/app',
        'ENV PATH="/opt/venv/bin:$PATH"',
        'RUN useradd --create-home appuser',
        '# lean-dockerfile: the builder also installs curl: install here what the app needs at run time',
        '# lean-dockerfile: the builder installs libpq-dev: the app may need the matching run-time libraries here',
        'COPY --from=builder /opt/venv /opt/venv',
        'COPY --from=builder /srv/app /srv/app',
        'USER appuser',
        'HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1',
        'CMD ["python", "-m", "app"]',
      ),
    );
  });

  it('keeps an existing venv, copies files placed at / one by one', () => {
    const [, out] = preferred(
      df(
        'FROM python:3.13',
        'RUN python3 -m venv /venv',
        'COPY requirements.txt /requirements.txt',
        'RUN /venv/bin/pip install -r /requirements.txt',
        'COPY app.py .',
        'ENTRYPOINT ["/venv/bin/python3", "app.py"]',
      ),
    );
    assert.equal(
      out.slice(out.indexOf('\n\n') + 2),
      df(
        'FROM python:3.13-slim',
        'COPY --from=builder /venv /venv',
        'COPY --from=builder /requirements.txt /requirements.txt',
        'COPY --from=builder /app.py /app.py',
        'ENTRYPOINT ["/venv/bin/python3", "app.py"]',
      ),
    );
  });
});

describe('Split into builder stage: Java', () => {
  it('maven: the jar ENTRYPOINT runs, on the JRE of the same major version', () => {
    const [title, out] = preferred(
      df(
        'FROM maven:3.9-eclipse-temurin-21',
        'WORKDIR /app',
        'COPY pom.xml .',
        'RUN mvn -B dependency:go-offline',
        'COPY src ./src',
        'RUN mvn -B package -DskipTests',
        'EXPOSE 8080',
        'ENTRYPOINT ["java", "-jar", "target/demo-0.0.1-SNAPSHOT.jar"]',
      ),
    );
    assert.equal(title, 'Split into builder stage (≈ −122 MB): Java → eclipse-temurin:21-jre');
    assert.equal(
      out.slice(out.indexOf('\n\n') + 2),
      df(
        'FROM eclipse-temurin:21-jre',
        'WORKDIR /app',
        'COPY --from=builder /app/target/demo-0.0.1-SNAPSHOT.jar /app/target/demo-0.0.1-SNAPSHOT.jar',
        'EXPOSE 8080',
        'ENTRYPOINT ["java", "-jar", "target/demo-0.0.1-SNAPSHOT.jar"]',
      ),
    );
  });

  it('gradle on alpine: every jar of build/libs into its folder, on the alpine JRE', () => {
    const [title, out] = preferred(
      df(
        'FROM gradle:8-jdk21-alpine',
        'WORKDIR /home/gradle/project',
        'COPY --chown=gradle:gradle . .',
        'RUN gradle bootJar --no-daemon',
        'CMD java -jar build/libs/*.jar',
      ),
    );
    assert.equal(title, 'Split into builder stage: Java → eclipse-temurin:21-jre-alpine');
    assert.match(
      out,
      /\nCOPY --from=builder \/home\/gradle\/project\/build\/libs\/\*\.jar \/home\/gradle\/project\/build\/libs\/\nCMD java -jar build\/libs\/\*\.jar\n$/,
    );
  });

  it('marks the Java version when the builder’s tag does not tell it; copies a jar a RUN moved', () => {
    const [, out] = preferred(
      df(
        'FROM maven:3',
        'WORKDIR /src',
        'COPY . .',
        'RUN mvn package && cp target/app-*.jar /app.jar',
        'ENTRYPOINT ["java", "-jar", "/app.jar"]',
      ),
    );
    assert.equal(
      out.slice(out.indexOf('\n\n') + 2),
      df(
        "# lean-dockerfile: set the Java version the app is built for (the builder's base does not tell)",
        'FROM eclipse-temurin:21-jre',
        'WORKDIR /src',
        'COPY --from=builder /app.jar /app.jar',
        'ENTRYPOINT ["java", "-jar", "/app.jar"]',
      ),
    );
  });
});

describe('Split into builder stage: .NET and the generic fallback', () => {
  it('.NET: aspnet of the SDK’s runtime version with the publish folder; $BUILDPLATFORM stays in the builder', () => {
    const [title, out] = preferred(
      df(
        'FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:8.0.404-bookworm-slim',
        'ARG TARGETARCH',
        'WORKDIR /source',
        'COPY . .',
        'RUN dotnet publish -a $TARGETARCH -c Release -o /app',
        'WORKDIR /app',
        'ENTRYPOINT ["dotnet", "aspnetapp.dll"]',
      ),
    );
    assert.equal(title, 'Split into builder stage: .NET → dotnet/aspnet:8.0-bookworm-slim');
    assert.equal(
      out.slice(out.indexOf('\n\n') + 2),
      df(
        '# lean-dockerfile: aspnet runs console apps too; use mcr.microsoft.com/dotnet/runtime for those without ASP.NET',
        'FROM mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim',
        'WORKDIR /app',
        'COPY --from=builder /app /app',
        'ENTRYPOINT ["dotnet", "aspnetapp.dll"]',
      ),
    );
  });

  it('debian with build-essential: bookworm-slim with the WORKDIR, notes for packages and installed files', () => {
    const [title, out] = preferred(
      df(
        'FROM debian:bookworm',
        'RUN apt-get update && apt-get install -y build-essential libssl-dev tini',
        'WORKDIR /src',
        'COPY . .',
        'RUN make && make install PREFIX=/usr/local',
        'ENTRYPOINT ["tini", "--"]',
        'CMD ["/usr/local/bin/server"]',
      ),
    );
    assert.equal(title, 'Split into builder stage (≈ −42 MB): debian:bookworm → debian:bookworm-slim');
    assert.equal(
      out.slice(out.indexOf('\n\n') + 2),
      df(
        'FROM debian:bookworm-slim',
        'WORKDIR /src',
        '# lean-dockerfile: the builder also installs tini: install here what the app needs at run time',
        '# lean-dockerfile: the builder installs libssl-dev: the app may need the matching run-time libraries here',
        '# lean-dockerfile: CMD/ENTRYPOINT uses /usr/local/bin/server: copy it from the builder if the build installed it there',
        'COPY --from=builder /src /src',
        'ENTRYPOINT ["tini", "--"]',
        'CMD ["/usr/local/bin/server"]',
      ),
    );
  });

  it('ruby: -slim with the installed gems (GEM_HOME) and the app', () => {
    const [title, out] = preferred(
      df(
        'FROM ruby:3.4',
        'RUN apt-get update -qq && apt-get install -y build-essential libpq-dev',
        'WORKDIR /myapp',
        'COPY Gemfile Gemfile.lock ./',
        'RUN bundle install',
        'COPY . .',
        'CMD ["rails", "server", "-b", "0.0.0.0"]',
      ),
    );
    assert.equal(title, 'Split into builder stage (≈ −336 MB): ruby:3.4 → ruby:3.4-slim');
    assert.match(
      out,
      /COPY --from=builder \/usr\/local\/bundle \/usr\/local\/bundle\nCOPY --from=builder \/myapp \/myapp\n/,
    );
  });
});

describe('Split into builder stage: when and where', () => {
  it('offers nothing for a stage that does not build: an alpine or slim base is as small as a split would make it', () => {
    const none = (text: string): void => {
      const model = parseDockerfile(text);
      assert.deepEqual(splitIntoBuilderFixes(model, model.stages.at(-1)!), []);
    };
    none(df('FROM alpine:3.22', 'RUN apk add --no-cache curl', 'CMD ["curl", "--version"]'));
    none(
      df(
        'FROM python:3.12-slim',
        'WORKDIR /app',
        'COPY . .',
        'RUN pip install -r requirements.txt',
        'CMD ["python", "app.py"]',
      ),
    );
    none(
      df(
        'FROM node:22-alpine',
        'WORKDIR /app',
        'COPY . .',
        'RUN npm ci --omit=dev',
        'CMD ["node", "index.js"]',
      ),
    );
    none(df('FROM golang:1.27', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download'));
    // Build dependencies removed in the RUN that installed them are not in the image.
    none(
      df(
        'FROM alpine:3.22',
        'RUN apk add --virtual .build-deps gcc make && make && apk del .build-deps',
        'CMD ["/usr/local/bin/x"]',
      ),
    );
    // Templates and bases the split cannot read.
    none(df('FROM golang:{{ .version }}', 'RUN go build -o /app .'));
    none(df('FROM scratch', 'COPY app /app'));
    none(df('FROM gcr.io/distroless/static-debian12', 'COPY app /app'));
  });

  it('a small base that keeps build tools: the same image without them', () => {
    const [title, out] = preferred(
      df(
        'FROM alpine:3.22',
        'RUN apk add --no-cache build-base',
        'WORKDIR /src',
        'COPY . .',
        'RUN make',
        'CMD ["./hello"]',
      ),
    );
    assert.equal(title, 'Split into builder stage: alpine:3.22 → alpine:3.22');
    assert.equal(
      out.slice(out.indexOf('\n\n') + 2),
      df('FROM alpine:3.22', 'WORKDIR /src', 'COPY --from=builder /src /src', 'CMD ["./hello"]'),
    );
  });

  it('keeps an existing stage name for the builder; `builder` taken gives `builder2`', () => {
    const [, named] = preferred(df('FROM golang:1.27 AS build', 'RUN go build -o /app .', 'CMD ["/app"]'));
    assert.match(named, /^FROM golang:1\.27 AS build\n[\s\S]*COPY --from=build \/app \/app\n/);
    const [, taken] = preferred(
      df('FROM alpine:3.22 AS builder', 'FROM golang:1.27', 'RUN go build -o /app .', 'CMD ["/app"]'),
    );
    assert.match(taken, /\nFROM golang:1\.27 AS builder2\n[\s\S]*COPY --from=builder2 \/app \/app\n/);
  });

  it('a named target that is not last: the runtime takes its name, the builder and its references are renamed', () => {
    const [, out] = preferred(
      df(
        'FROM golang:1.27 AS app',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -o /out/app .',
        'CMD ["/out/app"]',
        '',
        'FROM alpine:3.22 AS debug',
        'COPY --from=app /out/app /app',
      ),
      0,
    );
    assert.equal(
      out,
      df(
        'FROM golang:1.27 AS app-builder',
        'WORKDIR /src',
        'COPY . .',
        'RUN CGO_ENABLED=0 go build -o /out/app .',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot AS app',
        'WORKDIR /src',
        'COPY --from=app-builder /out/app /out/app',
        'CMD ["/out/app"]',
        '',
        'FROM alpine:3.22 AS debug',
        'COPY --from=app-builder /out/app /app',
      ),
    );
  });

  it('offers nothing when later stages build FROM the stage or copy from stages by index', () => {
    const check = (text: string): void => {
      const model = parseDockerfile(text);
      assert.deepEqual(splitIntoBuilderFixes(model, model.stages[0]!), []);
    };
    check(df('FROM golang:1.27 AS app', 'RUN go build -o /app .', 'FROM app', 'CMD ["/app"]'));
    check(
      df(
        'FROM golang:1.27 AS app',
        'RUN go build -o /app .',
        'FROM alpine:3.22',
        'FROM scratch',
        'COPY --from=1 /etc/os-release /x',
      ),
    );
  });
});

describe('the builder-copy proof', () => {
  it('accepts outputs, WORKDIR content and the CA bundle; rejects what the builder never made', () => {
    const model = parseDockerfile(
      df(
        'FROM golang:1.27 AS builder',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -o /out/app . && cp /out/app /usr/local/bin/app && python3 -m venv /opt/venv',
        'FROM scratch',
        'COPY --from=builder /out/app /out/app',
        'COPY --from=builder /src/config/*.yaml /config/',
        'COPY --from=builder /usr/local/bin/app /app',
        'COPY --from=builder /opt/venv/bin /venv',
        'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
        'COPY --from=builder /usr/bin/app /bad',
        'COPY --from=builder /srcx/app /bad2',
        'COPY --from=builder <built-binary> /x',
        'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
      ),
    );
    const copies = builderCopies(model, model.stages[1]!);
    assert.deepEqual(
      copies.map((c) => [c.source, c.producedBy?.how ?? (c.placeholder ? 'placeholder' : 'none')]),
      [
        ['/out/app', 'go build -o'],
        ['/src/config/*.yaml', 'WORKDIR'],
        ['/usr/local/bin/app', 'cp destination'],
        ['/opt/venv/bin', 'python -m venv'],
        ['/etc/ssl/certs/ca-certificates.crt', 'CA bundle of the base image'],
        ['/usr/bin/app', 'none'],
        ['/srcx/app', 'none'],
        ['<built-binary>', 'placeholder'],
      ],
    );
    assert.deepEqual(
      unprovenBuilderCopies(model, model.stages[1]!).map((c) => c.source),
      ['/usr/bin/app', '/srcx/app'],
    );
  });

  it('knows cargo, maven and gradle output folders and `go install`’s GOBIN', () => {
    const model = parseDockerfile(
      df(
        'FROM rust:1 AS r',
        'WORKDIR /w',
        'RUN cargo build --release --target-dir /cache/target && cargo install --path . --root /opt/tool',
        'FROM golang:1.27 AS g',
        'RUN go install example.com/x/cmd/y@latest',
        'FROM maven:3 AS m',
        'WORKDIR /m',
        'RUN cd service && mvn package && gradle build',
        'FROM scratch',
        'COPY --from=r /cache/target/release/app /a',
        'COPY --from=r /opt/tool/bin/t /t',
        'COPY --from=g /go/bin/y /y',
        'COPY --from=m /m/service/target/*.jar /j/',
        'COPY --from=m /m/service/build/libs/x.jar /k',
        'COPY --from=m /build/libs/x.jar /bad',
      ),
    );
    assert.deepEqual(
      builderCopies(model, model.stages[3]!).map((c) => [c.source, c.producedBy?.how ?? 'none']),
      [
        ['/cache/target/release/app', 'cargo target directory'],
        ['/opt/tool/bin/t', 'cargo install'],
        ['/go/bin/y', 'go install'],
        ['/m/service/target/*.jar', 'maven target/'],
        ['/m/service/build/libs/x.jar', 'gradle build/'],
        ['/build/libs/x.jar', 'none'],
      ],
    );
  });
});

describe('savingMB', () => {
  it('uses uncompressed sizes when the table has both, else compressed; scratch is 0', () => {
    // golang:1.27 is 885 MB uncompressed; node:22-alpine has no uncompressed size, so compressed (408 − 60).
    assert.equal(savingMB({ image: 'golang', tag: '1.27' }, { image: 'scratch', tag: undefined }), 885);
    assert.equal(savingMB({ image: 'node', tag: '22' }, { image: 'node', tag: '22-alpine' }), 348);
    assert.equal(savingMB({ image: 'node', tag: '22' }, { image: 'node', tag: '22-slim' }), 903);
    assert.equal(
      savingMB({ image: 'node', tag: '24-alpine' }, { image: 'node', tag: '24-alpine' }),
      undefined,
    );
  });

  it('takes the conservative bound of the size model’s distroless range, and no estimate without one', () => {
    // distroless publishes no sizes; the size model puts static at 1.5–3 MB: 885 − 3.
    assert.equal(
      savingMB(
        { image: 'golang', tag: '1.27' },
        { image: 'gcr.io/distroless/static-debian12', tag: 'nonroot' },
      ),
      882,
    );
    // rust:1-alpine has a download size only: compared with static's largest download size (1.5 MB).
    assert.equal(
      savingMB(
        { image: 'rust', tag: '1-alpine' },
        { image: 'gcr.io/distroless/static-debian12', tag: 'nonroot' },
      ),
      348,
    );
    // distroless/cc is only known as the span of the whole table: its bound is no saving.
    assert.equal(
      savingMB({ image: 'rust', tag: '1' }, { image: 'gcr.io/distroless/cc-debian12', tag: 'nonroot' }),
      undefined,
    );
    // A builder tag the table lacks is a span of other tags (maybe another variant's): no estimate.
    assert.equal(savingMB({ image: 'golang', tag: '1.23' }, { image: 'scratch', tag: undefined }), undefined);
  });
});

describe('isBuildPackage', () => {
  it("is the rules' build-tool list plus compilers versioned without a dash", () => {
    for (const name of ['gcc', 'g++-12', 'build-essential', 'musl-dev', 'libpq-dev', 'gcc12', 'llvm-17'])
      assert.equal(isBuildPackage(name) && isBuildTool(name), true, name);
    // alpine names its versioned compilers without a dash: the split counts them, the rule list does not.
    for (const name of ['clang15', 'llvm17', 'gcc12.2'])
      assert.deepEqual([isBuildPackage(name), isBuildTool(name)], [true, false], name);
    for (const name of ['udev', 'curl', 'python3', 'git']) assert.equal(isBuildPackage(name), false, name);
  });
});
