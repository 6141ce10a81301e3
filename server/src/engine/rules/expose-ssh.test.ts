import { exposeSsh } from './expose-ssh';
import { ruleTester } from './testing/ruleTester';

ruleTester(exposeSsh, {
  valid: [
    { name: 'web ports', code: 'FROM node:22-alpine\nEXPOSE 3000\nEXPOSE 80/tcp 443/tcp\n' },
    { name: 'ports that only contain the digits 22', code: 'FROM alpine:3.24\nEXPOSE 2222 8022 220 122\n' },
    { name: 'UDP 22 is not SSH', code: 'FROM alpine:3.24\nEXPOSE 22/udp\n' },
    { name: 'a range above 22', code: 'FROM python:3.13-slim\nEXPOSE 8000-8100\n' },
    {
      name: 'a port from a build argument without default',
      code: 'FROM golang:1.27\nARG PORT\nEXPOSE $PORT\n',
    },
  ],
  invalid: [
    {
      name: 'EXPOSE 22 next to the app port (Java)',
      code: 'FROM eclipse-temurin:21-jre\nRUN apt-get update && apt-get install -y openssh-server\nEXPOSE 8080 22\nCMD ["/usr/sbin/sshd", "-D"]\n',
      errors: [{ line: 3, column: 13, message: 'SSH port' }],
      fixTitles: [],
    },
    { name: '22/tcp', code: 'FROM ubuntu:24.04\nEXPOSE 22/tcp\n', errors: [{ line: 2, column: 8 }] },
    {
      name: 'a range that contains 22',
      code: 'FROM debian:bookworm-slim\nEXPOSE 20-25\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'through an ARG default',
      code: 'FROM alpine:3.24\nARG SSH_PORT=22\nEXPOSE ${SSH_PORT}\n',
      errors: [{ line: 3, message: '${SSH_PORT}' }],
    },
    {
      name: 'through ENV, lower-case keyword, every stage',
      code: 'FROM ruby:3.4 AS dev\nENV SSHD_PORT=22\nexpose $SSHD_PORT\nFROM ruby:3.4\nEXPOSE 3000\n',
      errors: [{ line: 3 }],
    },
  ],
});
