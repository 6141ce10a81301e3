import { missingDockerignore } from './missing-dockerignore';
import { ruleTester } from './testing/ruleTester';

const none = { hasDockerignore: false };

ruleTester(missingDockerignore, {
  valid: [
    {
      name: 'a .dockerignore exists',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
      environment: { hasDockerignore: true },
    },
    {
      name: 'unknown environment (no file on disk): stay quiet',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'only named files are copied (BuildKit sends just those)',
      code: 'FROM golang:1.27 AS build\nCOPY go.mod go.sum ./\nCOPY cmd/ ./cmd/\nRUN go build -o /app ./cmd/app\nFROM scratch\nCOPY --from=build /app /app\n',
      environment: none,
    },
    {
      name: 'COPY --from=builder . is not the build context',
      code: 'FROM node:22 AS build\nWORKDIR /app\nRUN npm init -y\nFROM node:22-alpine\nWORKDIR /app\nCOPY --from=build /app .\n',
      environment: none,
    },
    {
      name: 'a sub-folder is not the whole context',
      code: 'FROM python:3.13-slim\nCOPY ./src /app/src\n',
      environment: none,
    },
  ],
  invalid: [
    {
      name: 'fix: create a .dockerignore for the detected ecosystem',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
      environment: { hasDockerignore: false },
      errors: [{ line: 5 }],
      fixTitles: ['Create .dockerignore next to the Dockerfile (node)'],
      createsFiles: ['.dockerignore'],
    },
    {
      name: 'Node app copying everything',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
      environment: none,
      errors: [{ line: 5, column: 6, message: 'no .dockerignore' }],
      fixTitles: ['Create .dockerignore next to the Dockerfile (node)'],
    },
    {
      name: 'ADD ./ and JSON form, reported once',
      code: 'FROM python:3.13-slim\nADD ./ /app\nCOPY [".", "/srv"]\n',
      environment: none,
      errors: [{ line: 2, column: 5, message: '`ADD .`' }],
    },
    {
      name: 'in a builder stage too: the context is sent for any stage',
      code: 'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n',
      environment: none,
      errors: [{ line: 3, column: 6 }],
    },
  ],
});
