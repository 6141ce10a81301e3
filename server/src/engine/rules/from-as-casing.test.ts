import { fromAsCasing } from './from-as-casing';
import { ruleTester } from './testing/ruleTester';

ruleTester(fromAsCasing, {
  valid: [
    { code: 'FROM golang:1.27 AS build\n' },
    { name: 'all lower case', code: 'from golang:1.27 as build\n' },
    { name: 'mixed-case FROM is not judged', code: 'From golang:1.27 as build\n' },
    { name: 'no stage name', code: 'FROM alpine:3.24\n' },
    { name: 'platform flag', code: 'FROM --platform=$BUILDPLATFORM golang:1.27 AS build\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:bookworm as builder\nRUN apt-get update\n',
      errors: [{ line: 1, column: 22, message: '`as` does not match' }],
      fixTitles: ['Write `AS`'],
      output: 'FROM debian:bookworm AS builder\nRUN apt-get update\n',
    },
    {
      name: 'lower-case from with upper-case AS',
      code: 'from node:22-alpine AS deps\nrun npm ci\n',
      errors: [{ line: 1, column: 21 }],
      output: 'from node:22-alpine as deps\nrun npm ci\n',
    },
    {
      name: 'mixed-case As after FROM, with platform flag',
      code: 'FROM --platform=$BUILDPLATFORM rust:1.90 As chef\n',
      errors: [{ line: 1, column: 42 }],
      output: 'FROM --platform=$BUILDPLATFORM rust:1.90 AS chef\n',
    },
    {
      name: 'Windows file, CRLF',
      code: '# escape=`\r\nFROM mcr.microsoft.com/dotnet/framework/sdk:4.8 as build\r\nFROM mcr.microsoft.com/dotnet/framework/runtime:4.8\r\n',
      errors: [{ line: 2 }],
      output:
        '# escape=`\r\nFROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS build\r\nFROM mcr.microsoft.com/dotnet/framework/runtime:4.8\r\n',
    },
  ],
});
