import { singleStageToolchain } from './single-stage-toolchain';
import { ruleTester } from './testing/ruleTester';

ruleTester(singleStageToolchain, {
  valid: [
    {
      name: 'Go multi-stage: builder installs gcc and runs as root, nothing shipped',
      code: 'FROM golang:1.27 AS build\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app ./cmd/app\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'Rust multi-stage into scratch',
      code: 'FROM rust:1-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release --target x86_64-unknown-linux-musl\nFROM scratch\nCOPY --from=build /src/target/x86_64-unknown-linux-musl/release/app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'Java: JDK builder, JRE runtime',
      code: 'FROM maven:3-eclipse-temurin-21 AS build\nCOPY . /src\nRUN mvn -f /src/pom.xml -B package\nFROM eclipse-temurin:21-jre\nCOPY --from=build /src/target/app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n',
    },
    {
      name: '.NET: sdk builder, aspnet runtime',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /out\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY --from=build /out /app\nENTRYPOINT ["dotnet", "/app/App.dll"]\n',
    },
    {
      name: 'Node: runtime stage without a build',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'Node: build and prune in one RUN',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && npm prune --omit=dev\nCMD ["node", "dist/main.js"]\n',
    },
    {
      name: 'Python slim without a compiler: wheels only',
      code: 'FROM python:3.13-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'Python alpine: compiler installed and removed in the same RUN',
      code: 'FROM python:3.13-alpine\nCOPY requirements.txt .\nRUN apk add --no-cache --virtual .build gcc musl-dev && pip install --no-cache-dir -r requirements.txt && apk del .build\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'official full python image installing pip itself',
      code: 'FROM buildpack-deps:bookworm\nRUN set -eux; pip3 install --disable-pip-version-check --no-cache-dir "setuptools==79.0.1" wheel\nCMD ["python3"]\n',
    },
    {
      name: 'a development image that runs the SDK (dotnet run)',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet build -c Debug\nENTRYPOINT ["dotnet", "run", "--no-build"]\n',
    },
    {
      name: 'a stage named for development',
      code: 'FROM golang:1.27 AS dev\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
    },
    {
      name: 'a Go tool installed into a CI image (go install with @version)',
      code: 'FROM golang:1.27\nRUN go install golang.org/x/tools/gopls@latest\nCMD ["gopls"]\n',
    },
    {
      name: 'a toolchain image on purpose: no context, no command',
      code: 'FROM golang:1.27\nRUN git clone https://github.com/example/tool /src && cd /src && go build -o /usr/local/bin/tool .\n',
    },
    {
      name: 'toolchain from a tarball: neither the base image nor a package, stay quiet',
      code: 'FROM alpine:3.24\nRUN wget -qO- https://go.dev/dl/go1.27.linux-amd64.tar.gz | tar -C /usr/local -xz\nCOPY . /src\nRUN cd /src && /usr/local/go/bin/go build -o /app .\nCMD ["/app"]\n',
    },
  ],
  invalid: [
    {
      name: 'fix: split Go into builder + distroless/static',
      code: 'FROM golang:1.27\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /bin/server ./cmd/server\nUSER 65532\nEXPOSE 8080\nENTRYPOINT [\"/bin/server\"]\n',
      errors: [{ line: 6, column: 5 }],
      output:
        'FROM golang:1.27 AS builder\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/server ./cmd/server\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=builder /bin/server /bin/server\nUSER 65532\nEXPOSE 8080\nENTRYPOINT [\"/bin/server\"]\n',
    },
    {
      name: 'Go: single stage on golang',
      code: 'FROM golang:1.27\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      errors: [{ line: 4, column: 5, message: 'base image `golang:1.27`, about 316 MB compressed' }],
      // distroless publishes no sizes: the saving uses the size model's range for distroless/static
      // (1.5–3 MB) at its conservative bound, 885 − 3.
      fixTitles: [
        'Split into builder stage (≈ −882 MB): Go → distroless/static',
        'Split into builder stage (≈ −885 MB): Go → scratch',
      ],
    },
    {
      name: 'Go: toolchain installed with apk',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache go\nCOPY . /src\nRUN cd /src && go build -o /usr/local/bin/app .\nCMD ["app"]\n',
      errors: [{ line: 4, column: 16, message: '`go` installed on line 2' }],
    },
    {
      name: 'Rust: cargo build on rust:1',
      code: 'FROM rust:1\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n',
      errors: [{ line: 4, message: 'distroless/cc' }],
      // distroless/cc is only known as the span of the whole table: no bound is a saving, none shown.
      fixTitles: ['Split into builder stage: Rust → distroless/cc'],
    },
    {
      name: 'Java: mvnw package on a JDK image',
      code: 'FROM eclipse-temurin:21\nWORKDIR /app\nCOPY . .\nRUN ./mvnw -B package -DskipTests\nCMD ["java", "-jar", "target/app.jar"]\n',
      errors: [{ line: 4, message: 'JRE image' }],
    },
    {
      name: 'Java: gradle on the gradle image',
      code: 'FROM gradle:jdk21\nCOPY . /home/gradle/src\nRUN gradle bootJar --no-daemon\nCMD ["java", "-jar", "/home/gradle/src/build/libs/app.jar"]\n',
      errors: [{ line: 3 }],
    },
    {
      name: '.NET: publish on the SDK',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\nENTRYPOINT ["dotnet", "/app/Api.dll"]\n',
      errors: [{ line: 4, message: 'dotnet/aspnet' }],
    },
    {
      name: 'Node: Next.js build in the shipped stage',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["npm", "start"]\n',
      errors: [{ line: 5, column: 5, message: 'devDependencies' }],
    },
    {
      name: 'Node: tsc in a base stage the final stage builds on',
      code: 'FROM node:22-slim AS base\nWORKDIR /app\nCOPY . .\nRUN npm ci && npx tsc\nFROM base\nCMD ["node", "dist/index.js"]\n',
      errors: [{ line: 4, column: 15 }],
    },
    {
      name: 'Python: pip install on the full image (it ships gcc)',
      code: 'FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n',
      errors: [{ line: 4, message: 'C compiler' }],
      fixTitles: ['Split into builder stage (≈ −370 MB): Python → python:3.13-slim'],
    },
    {
      name: 'Node: build on the full image',
      code: 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["node", "dist/server.js"]\n',
      errors: [{ line: 5, column: 5 }],
      fixTitles: ['Split into builder stage (≈ −348 MB): Node.js → node:22-alpine'],
    },
    {
      name: 'Python slim with build-essential kept',
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*\nCOPY . .\nRUN pip install --no-cache-dir .\nCMD ["python", "-m", "app"]\n',
      errors: [{ line: 4, message: '`build-essential` installed on line 2' }],
    },
    {
      name: 'a named target counts as shipped',
      code: 'FROM golang:1.27 AS app\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\nFROM scratch\nCOPY --from=app /app /app\n',
      targets: ['app'],
      errors: [{ line: 3 }],
    },
  ],
});
