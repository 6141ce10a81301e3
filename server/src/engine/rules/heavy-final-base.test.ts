import { heavyFinalBase, DEFAULT_HEAVY_BASE_THRESHOLD_MB } from './heavy-final-base';
import { ruleTester } from './testing/ruleTester';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../analyze';

describe('heavy-final-base threshold', () => {
  it('defaults to 100 MB', () => assert.equal(DEFAULT_HEAVY_BASE_THRESHOLD_MB, 100));
  it('follows the heavyBaseThresholdMB setting', () => {
    const code = 'FROM node:22\nCMD ["node", "server.js"]\n';
    const own = (threshold: number) =>
      analyze(code, { ruleOptions: { heavyBaseThresholdMB: threshold } }).findings.filter(
        (f) => f.ruleId === 'heavy-final-base',
      );
    // node:22 → 22-slim saves 329 MB, → 22-alpine 348 MB.
    assert.equal(own(340).length, 1);
    assert.match(own(340)[0]!.message, /22-alpine/);
    assert.doesNotMatch(own(340)[0]!.message, /22-slim/);
    assert.equal(own(400).length, 0);
  });
});

ruleTester(heavyFinalBase, {
  valid: [
    { name: 'already slim', code: 'FROM python:3.13-slim\nCMD ["python", "app.py"]\n' },
    { name: 'already alpine', code: 'FROM node:22-alpine\nCMD ["node", "server.js"]\n' },
    {
      name: 'the heavy image is only the builder',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n',
    },
    {
      name: 'saving below the threshold (debian bookworm vs bookworm-slim)',
      code: 'FROM debian:bookworm\nCMD ["bash"]\n',
    },
    { name: 'no smaller variant known (ubuntu)', code: 'FROM ubuntu:24.04\nCMD ["bash"]\n' },
    { name: 'an image the table does not know', code: 'FROM example.org/team/base:1.0\n' },
    { name: 'scratch', code: 'FROM golang:1.27 AS b\nFROM scratch\nCOPY --from=b /app /app\n' },
    {
      name: 'chainguard images are small already',
      code: 'FROM cgr.dev/chainguard/node:latest\nCMD ["server.js"]\n',
    },
    { name: 'an untagged image is latest-tag’s finding', code: 'FROM node\n' },
  ],
  invalid: [
    {
      name: 'node:22 in the final stage',
      code: 'FROM node:22\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
      errors: [{ line: 1, column: 6, message: 'compressed (download size' }],
      fixTitles: [
        'Switch to node:22-slim (−329 MB compressed)',
        'Switch to node:22-alpine (−348 MB compressed)',
      ],
      output: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'the alpine variant as the second fix',
      code: 'FROM python:3.13\nCMD ["python", "app.py"]\n',
      errors: [{ line: 1, message: '`python:3.13-alpine` is 17 MB' }],
      fixTitle: 'Switch to python:3.13-alpine (−396 MB compressed)',
      output: 'FROM python:3.13-alpine\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'a full version keeps its precision',
      code: 'FROM node:22.11.0 AS app\r\nCMD ["node", "server.js"]\r\n',
      errors: [{ line: 1 }],
      fixTitles: [
        'Switch to node:22.11.0-slim (−329 MB compressed)',
        'Switch to node:22.11.0-alpine (−348 MB compressed)',
      ],
      output: 'FROM node:22.11.0-slim AS app\r\nCMD ["node", "server.js"]\r\n',
    },
    {
      name: 'the root of a shipped FROM-stage chain',
      code: 'FROM ruby:3.4 AS base\nWORKDIR /rails\nFROM base\nCMD ["rails", "server"]\n',
      errors: [{ line: 1, message: 'ruby:3.4-slim' }],
      output: 'FROM ruby:3.4-slim AS base\nWORKDIR /rails\nFROM base\nCMD ["rails", "server"]\n',
    },
    {
      name: 'tag from an ARG: reported, changed at the ARG by hand',
      code: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}\nCMD ["node", "index.js"]\n',
      errors: [{ line: 2, message: '`node:22`' }],
      fixTitles: [],
    },
    {
      name: 'golang as the final image',
      code: 'FROM golang:1.27\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      errors: [{ line: 1, message: 'golang:1.27-alpine' }],
      fixTitles: ['Switch to golang:1.27-alpine (−241 MB compressed)'],
    },
  ],
});
