import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { eolBaseImage, eolFinding } from './eol-base-image';
import { checkImageTag, setEolToday } from './lib/eol';
import { ruleTester } from './testing/ruleTester';

// The rule compares against today's date; the cases below pin the day so that they stay true.
setEolToday('2026-11-23');

ruleTester(eolBaseImage, {
  valid: [
    { name: 'supported Node LTS', code: 'FROM node:22-alpine\nCMD ["node", "index.js"]\n' },
    {
      name: 'supported Go, Python, Java, Ruby, PHP, .NET',
      code: 'FROM golang:1.27 AS go\nFROM python:3.13-slim-trixie AS py\nFROM eclipse-temurin:21-jre-noble AS java\nFROM ruby:3.4-alpine AS rb\nFROM php:8.4-fpm-alpine AS php\nFROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled\n',
    },
    {
      name: 'supported distributions',
      code: 'FROM debian:bookworm-slim AS a\nFROM ubuntu:24.04 AS b\nFROM alpine:3.23 AS c\nFROM debian:13\n',
    },
    {
      name: 'moving tags (lts, major-only) follow supported releases',
      code: 'FROM node:lts-alpine AS a\nFROM python:3\n',
    },
    { name: 'unknown images are not judged', code: 'FROM ghcr.io/acme/runtime:1.0\n' },
    { name: 'scratch and stage references', code: 'FROM golang:1.27 AS build\nFROM build\nFROM scratch\n' },
    {
      name: 'a version newer than the table is not judged',
      code: 'FROM node:30-alpine\n',
    },
    { name: 'tag from an ARG without a default', code: 'ARG NODE_VERSION\nFROM node:${NODE_VERSION}\n' },
    { name: 'Temurin 8 is still supported (until 2030)', code: 'FROM eclipse-temurin:8-jre-jammy\n' },
  ],
  invalid: [
    {
      name: 'Node 16 on alpine: bump to the oldest supported LTS, keep the variant',
      code: 'FROM node:16-alpine\nWORKDIR /app\nCMD ["node", "index.js"]\n',
      errors: [
        { line: 1, column: 11, message: 'Node.js 16 (gallium), which reached end of life on 2023-09-11' },
      ],
      fixTitles: ['Bump to node:22-alpine (oldest supported release in the bundled table, 2026-11-23)'],
      output: 'FROM node:22-alpine\nWORKDIR /app\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'Python and its Debian release both past end of life',
      code: 'FROM python:3.8-slim-buster AS app\nCMD ["python"]\n',
      errors: [{ line: 1, message: 'Python 3.8' }],
      output: 'FROM python:3.11-slim-bookworm AS app\nCMD ["python"]\n',
    },
    {
      name: 'Go patch version in a builder stage',
      code: 'FROM golang:1.19.13-alpine3.18 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
      errors: [{ line: 1, message: 'Go 1.19' }],
      output:
        'FROM golang:1.26-alpine3.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    },
    {
      name: 'Ruby 2.7',
      code: 'FROM ruby:2.7-slim\n',
      errors: [{ line: 1, message: 'Ruby 2.7' }],
      output: 'FROM ruby:3.3-slim\n',
    },
    {
      name: 'PHP 7.4 FPM',
      code: 'FROM php:7.4-fpm\n',
      errors: [{ line: 1, message: 'PHP 7.4' }],
      output: 'FROM php:8.2-fpm\n',
    },
    {
      name: 'Temurin 11 on Ubuntu focal: only the OS is past end of life',
      code: 'FROM eclipse-temurin:11-jre-focal\n',
      errors: [{ line: 1, message: 'built on Ubuntu 20.04 (focal)' }],
      output: 'FROM eclipse-temurin:11-jre-jammy\n',
    },
    {
      name: 'Temurin update-style version',
      code: 'FROM eclipse-temurin:19.0.2_7-jdk\n',
      errors: [{ line: 1, message: 'Eclipse Temurin 19' }],
      output: 'FROM eclipse-temurin:21-jdk\n',
    },
    {
      name: 'deprecated openjdk image: no bump, use another image',
      code: 'FROM openjdk:17-jdk-slim\nCOPY app.jar /app.jar\n',
      errors: [{ line: 1, message: 'eclipse-temurin' }],
      fixTitles: [],
    },
    {
      name: '.NET 6 (eShop-style)',
      code: 'FROM mcr.microsoft.com/dotnet/aspnet:6.0 AS base\nFROM mcr.microsoft.com/dotnet/sdk:6.0 AS build\n',
      errors: [
        { line: 1, message: '.NET 6.0' },
        { line: 2, message: '.NET 6.0' },
      ],
      output:
        'FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base\nFROM mcr.microsoft.com/dotnet/sdk:6.0 AS build\n',
    },
    {
      name: 'Debian by code name and by number',
      code: 'FROM debian:buster-slim AS a\nFROM debian:10\n',
      errors: [
        { line: 1, message: 'Debian 10 (buster)' },
        { line: 2, message: 'Debian 10' },
      ],
      output: 'FROM debian:bookworm-slim AS a\nFROM debian:10\n',
    },
    {
      name: 'Ubuntu 18.04 and 14.04',
      code: 'FROM ubuntu:18.04\nRUN apt-get update\n',
      errors: [{ line: 1, message: 'Ubuntu 18.04 (bionic)' }],
      output: 'FROM ubuntu:22.04\nRUN apt-get update\n',
    },
    {
      name: 'Alpine 3.18 with a patch version',
      code: 'FROM alpine:3.18.4\n',
      errors: [{ line: 1, message: 'Alpine Linux 3.18' }],
      output: 'FROM alpine:3.22\n',
    },
    {
      name: 'an lts tag on an old Debian release',
      code: 'FROM node:lts-buster-slim\n',
      errors: [{ line: 1, message: 'built on Debian 10 (buster)' }],
      output: 'FROM node:lts-bookworm-slim\n',
    },
    {
      name: 'a codename tag keeps the codename style',
      code: 'FROM node:gallium-alpine\n',
      errors: [{ line: 1, message: 'Node.js 16' }],
      output: 'FROM node:jod-alpine\n',
    },
    {
      name: 'version through an ARG default: reported, but the ARG is not rewritten',
      code: 'ARG NODE_VERSION=14\nFROM node:${NODE_VERSION}-alpine\n',
      errors: [{ line: 2, column: 6, message: 'build argument' }],
      fixTitles: [],
    },
    {
      name: 'a digest-pinned tag is reported without a fix',
      code: 'FROM python:3.7-alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
      errors: [{ line: 1, message: 'pin its digest again' }],
      fixTitles: [],
    },
    {
      name: 'older than every release in the table',
      code: 'FROM node:0.10\n',
      errors: [{ line: 1, message: 'before 2018-04-30' }],
      output: 'FROM node:22\n',
    },
    {
      name: 'registry prefix and CRLF are kept',
      code: 'FROM docker.io/library/node:18-bullseye-slim AS web\r\nCMD ["node"]\r\n',
      errors: [{ line: 1 }],
      output: 'FROM docker.io/library/node:22-bookworm-slim AS web\r\nCMD ["node"]\r\n',
    },
  ],
});

describe('end-of-life table with an explicit date', () => {
  it('is a question of the day: Node 20 is supported until 2026-04-30', () => {
    assert.equal(checkImageTag('node', '20-alpine', '2026-04-29').issues.length, 0);
    const after = checkImageTag('node', '20-alpine', '2026-04-30');
    assert.equal(after.issues[0]?.cycle, '20');
    assert.equal(after.upgradedTag, '22-alpine');
  });

  it('picks the oldest release still supported on that day, never a downgrade', () => {
    assert.equal(checkImageTag('node', '16', '2024-01-01').upgradedTag, '18');
    assert.equal(checkImageTag('node', '16', '2027-05-01').upgradedTag, '24');
    assert.equal(checkImageTag('eclipse-temurin', '16-jdk', '2026-11-23').upgradedTag, '17-jdk');
    assert.equal(checkImageTag('python', '3.10-slim', '2026-11-23').upgradedTag, '3.11-slim');
    assert.equal(checkImageTag('python', '3.10-slim', '2026-10-01').issues.length, 0);
  });

  it('reads Go, .NET and distribution releases from the tag', () => {
    assert.equal(checkImageTag('golang', '1.25-alpine', '2026-11-23').upgradedTag, '1.26-alpine');
    assert.equal(checkImageTag('golang', '1.26', '2026-11-23').issues.length, 0);
    assert.equal(checkImageTag('mcr.microsoft.com/dotnet/sdk', '8.0', '2026-11-23').upgradedTag, '10.0');
    assert.equal(checkImageTag('mcr.microsoft.com/dotnet/sdk', '8.0', '2026-11-09').issues.length, 0);
    assert.equal(
      checkImageTag('debian', 'bullseye-20240110-slim', '2026-11-23').upgradedTag,
      'bookworm-20240110-slim',
    );
    assert.equal(checkImageTag('ubuntu', 'focal', '2026-11-23').upgradedTag, 'jammy');
    assert.equal(checkImageTag('alpine', '3.21', '2026-10-31').issues.length, 0);
    assert.equal(checkImageTag('alpine', '3.21', '2026-11-01').upgradedTag, '3.22');
    assert.equal(checkImageTag('amd64/alpine', '3.15', '2026-11-23').upgradedTag, '3.22');
  });

  it('finds distribution releases inside other images’ tags', () => {
    const r = checkImageTag('buildpack-deps', 'buster-curl', '2026-11-23');
    assert.equal(r.issues[0]?.part, 'os');
    assert.equal(r.upgradedTag, 'bookworm-curl');
    assert.equal(
      checkImageTag('nvidia/cuda', '11.8.0-runtime-ubuntu20.04', '2026-11-23').upgradedTag,
      '11.8.0-runtime-ubuntu22.04',
    );
    assert.equal(checkImageTag('rust', '1.70-alpine3.17', '2026-11-23').upgradedTag, '1.70-alpine3.22');
  });

  it('major-only tags follow the newest release of that major version', () => {
    assert.equal(checkImageTag('python', '2', '2026-11-23').issues[0]?.cycle, '2.7');
    assert.equal(checkImageTag('ruby', '3', '2026-11-23').issues.length, 0);
  });

  it('builds the finding for a stage with a given day', () => {
    const stage = parseDockerfile('FROM node:24-slim\n').stages[0]!;
    assert.equal(eolFinding(stage, '2026-11-23'), undefined);
    assert.match(eolFinding(stage, '2028-05-01')?.message ?? '', /Node\.js 24 \(krypton\)/);
    assert.equal(eolFinding(stage, '2028-05-01')?.data?.upgradedTag, '26-slim');
  });
});
