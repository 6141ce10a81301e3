import { scratchMissingCaCertificates } from './scratch-missing-ca-certificates';
import { ruleTester } from './testing/ruleTester';

ruleTester(scratchMissingCaCertificates, {
  valid: [
    {
      name: 'Go on scratch with the CA bundle copied from the builder',
      code: 'FROM golang:1.27-alpine AS build\nRUN apk add --no-cache ca-certificates\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'the whole certs directory',
      code: 'FROM alpine:3.24 AS certs\nRUN apk add --no-cache ca-certificates\nFROM scratch\nCOPY --from=certs /etc/ssl/certs /etc/ssl/certs\nCOPY --from=ghcr.io/acme/tool:1.2 /usr/bin/tool /tool\nENTRYPOINT ["/tool"]\n',
    },
    {
      name: 'a parent folder that contains the bundle',
      code: 'FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y ca-certificates\nFROM scratch\nCOPY --from=base /etc /etc\nCOPY --from=base /usr/local/bin/app /app\nCMD ["/app"]\n',
    },
    {
      name: 'a bundle under another name (RHEL layout)',
      code: 'FROM registry.access.redhat.com/ubi9/ubi AS build\nRUN make app\nFROM scratch\nCOPY --from=build /etc/pki/tls/certs/ca-bundle.crt /etc/pki/tls/certs/ca-bundle.crt\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'SSL_CERT_FILE points to a bundle shipped with the program',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/ /\nENV SSL_CERT_FILE=/certs/roots.pem\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'export-only scratch stage (no command)',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /out/buildctl ./cmd/buildctl\nFROM scratch AS binaries\nCOPY --from=build /out/buildctl /\n',
    },
    {
      name: 'scratch as a builder stage is not shipped',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM scratch AS bin\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=bin /app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'a root filesystem tarball (no binary copied from a stage)',
      code: 'FROM scratch\nADD rootfs.tar.xz /\nCMD ["bash"]\n',
    },
    {
      name: 'a WebAssembly module for a Wasm runtime',
      code: 'FROM rust:1 AS build\nRUN cargo build --target wasm32-wasi --release\nFROM scratch\nENTRYPOINT ["app.wasm"]\nCOPY --link --from=build /target/wasm32-wasi/release/app.wasm /app.wasm\n',
    },
    {
      name: 'distroless static already has CA certificates',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    },
  ],
  invalid: [
    {
      name: 'fix: copy the bundle from the Go builder',
      code: 'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nUSER 65532:65532\nENTRYPOINT [\"/app\"]\n',
      errors: [{ line: 5, column: 1 }],
      output:
        'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\nCOPY --from=build /out/app /app\nUSER 65532:65532\nENTRYPOINT [\"/app\"]\n',
    },
    {
      name: 'Go binary on scratch without certificates',
      code: 'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 6, column: 1, message: 'line 7' }],
      fixTitles: ['Copy CA certs into scratch (from stage build)'],
    },
    {
      name: 'Rust musl binary on scratch',
      code: 'FROM rust:1-alpine AS builder\nRUN cargo build --release --target x86_64-unknown-linux-musl\nFROM scratch\nCOPY --from=builder /usr/src/app/target/x86_64-unknown-linux-musl/release/api /api\nUSER 10001\nCMD ["/api"]\n',
      errors: [{ line: 3, message: 'ca-certificates.crt' }],
    },
    {
      name: 'binary copied from an image',
      code: 'FROM scratch\nCOPY --from=ghcr.io/acme/cli:2.0 /usr/local/bin/cli /cli\nENTRYPOINT ["/cli"]\n',
      errors: [{ line: 1 }],
    },
    {
      name: 'final stage FROM a scratch stage inherits the missing bundle',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM scratch AS base\nCOPY --from=build /app /app\nFROM base\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 5 }],
    },
    {
      name: 'copying to / does not bring certificates',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 3 }],
    },
  ],
});
