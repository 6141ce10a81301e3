import { reservedStageName } from './reserved-stage-name';
import { ruleTester } from './testing/ruleTester';

ruleTester(reservedStageName, {
  valid: [
    {
      name: 'FROM scratch is the empty image, not a name',
      code: 'FROM golang:1.27 AS build\nFROM scratch\nCOPY --from=build /app /app\n',
    },
    {
      name: 'names that only contain the words',
      code: 'FROM alpine:3.24 AS scratch-base\nFROM alpine:3.24 AS build-context\n',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.24 AS scratch\nRUN apk add --no-cache ca-certificates\n',
      errors: [{ line: 1, column: 21, message: 'empty base image' }],
    },
    {
      name: 'context, any case',
      code: 'FROM node:22-alpine AS Context\nCOPY package.json .\n',
      errors: [{ line: 1, message: 'build context' }],
    },
    {
      name: 'Windows file, CRLF',
      code: '# escape=`\r\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS SCRATCH\r\n',
      errors: [{ line: 2, column: 55 }],
    },
  ],
});
