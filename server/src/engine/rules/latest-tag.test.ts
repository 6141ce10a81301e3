import { latestTag } from './latest-tag';
import { ruleTester } from './testing/ruleTester';

ruleTester(latestTag, {
  valid: [
    { code: 'FROM node:22-alpine\n' },
    { name: 'scratch', code: 'FROM golang:1.27 AS build\nFROM scratch\nCOPY --from=build /app /app\n' },
    { name: 'a stage reference', code: 'FROM node:22 AS base\nFROM base\n' },
    {
      name: 'a digest',
      code: 'FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
    },
    { name: 'tag from an ARG default', code: 'ARG GO_VERSION=1.27\nFROM golang:${GO_VERSION}\n' },
    { name: 'registry with port and tag', code: 'FROM localhost:5000/team/app:1.2.3\n' },
    { name: 'tags are case-sensitive: LATEST is another tag', code: 'FROM ruby:LATEST\n' },
    { name: 'image entirely from an unset ARG', code: 'ARG BASE\nFROM ${BASE}\n' },
  ],
  invalid: [
    {
      name: 'no tag',
      code: 'FROM node\nCMD ["node"]\n',
      errors: [{ line: 1, column: 6, message: 'has no tag' }],
      fixTitles: ['Pin to node:26 (newest in the bundled table, 2026-09-25)'],
      output: 'FROM node:26\nCMD ["node"]\n',
    },
    {
      name: 'explicit latest',
      code: 'FROM alpine:latest AS base\n',
      errors: [{ line: 1, column: 6, message: '`latest` tag' }],
      output: 'FROM alpine:3.24 AS base\n',
    },
    {
      name: 'docker.io/library prefix is the same image',
      code: 'FROM docker.io/library/python\n',
      errors: [{ line: 1 }],
      fixTitles: ['Pin to docker.io/library/python:3.13 (newest in the bundled table, 2026-09-25)'],
      output: 'FROM docker.io/library/python:3.13\n',
    },
    {
      name: 'image unknown to the table: finding without a fix',
      code: 'FROM example.org/team/tool\n',
      errors: [{ line: 1, message: 'Pin a version tag or a digest' }],
      fixTitles: [],
    },
    {
      name: 'latest through an ARG default: no literal rewrite',
      code: 'ARG TAG=latest\nFROM nginx:${TAG}\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
    {
      name: 'every stage is checked',
      code: 'FROM golang AS build\nFROM alpine:3.24\n',
      errors: [{ line: 1 }],
      output: 'FROM golang:1.27 AS build\nFROM alpine:3.24\n',
    },
  ],
});
