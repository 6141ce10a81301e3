import { packageCacheLeft } from './package-cache-left';
import { ruleTester } from './testing/ruleTester';

ruleTester(packageCacheLeft, {
  valid: [
    {
      name: 'ubi with dnf clean all',
      code: 'FROM registry.access.redhat.com/ubi9/ubi\nRUN dnf install -y --setopt=install_weak_deps=False python3.12 && dnf clean all\n',
    },
    {
      name: 'amazonlinux with yum clean all and rm',
      code: 'FROM amazonlinux:2023\nRUN yum install -y shadow-utils \\\n    && yum clean all \\\n    && rm -rf /var/cache/yum\n',
    },
    {
      name: 'microdnf on ubi-minimal',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y java-21-openjdk-headless && microdnf clean all\n',
    },
    {
      name: 'dnf with rm of its cache',
      code: 'FROM fedora:41\nRUN dnf -y install git && rm -rf /var/cache/dnf/*\n',
    },
    { name: 'zypper clean', code: 'FROM opensuse/leap:15.6\nRUN zypper -n in curl && zypper clean -a\n' },
    {
      name: 'zypper cc',
      code: 'FROM opensuse/tumbleweed\nRUN zypper --non-interactive install tar gzip && zypper cc\n',
    },
    {
      name: 'cache mount',
      code: 'FROM fedora:41\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y gcc\n',
    },
    { name: 'remove is not install', code: 'FROM fedora:41\nRUN dnf remove -y vim-minimal\n' },
    {
      name: 'apt and apk are other rules',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nFROM alpine:3.24\nRUN apk add curl\n',
    },
  ],
  invalid: [
    {
      name: 'yum without clean (DL3032)',
      code: 'FROM centos:7\nRUN yum install -y httpd\n',
      errors: [{ line: 2, column: 5, message: '/var/cache/yum' }],
      fixTitles: ['Append `&& yum clean all`'],
      output: 'FROM centos:7\nRUN yum install -y httpd && yum clean all\n',
    },
    {
      name: 'dnf on ubi, continued lines (DL3040)',
      code: 'FROM registry.access.redhat.com/ubi9/ubi\nRUN dnf install -y \\\n      python3.12 \\\n      python3.12-pip\nUSER 1001\n',
      errors: [{ line: 2, column: 5, message: '/var/cache/dnf' }],
      output:
        'FROM registry.access.redhat.com/ubi9/ubi\nRUN dnf install -y \\\n      python3.12 \\\n      python3.12-pip && \\\n    dnf clean all\nUSER 1001\n',
    },
    {
      name: 'microdnf (DL3040), CRLF',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\r\nRUN microdnf install -y tar gzip\r\n',
      errors: [{ line: 2 }],
      fixTitles: ['Append `&& microdnf clean all`'],
      output:
        'FROM registry.access.redhat.com/ubi9/ubi-minimal\r\nRUN microdnf install -y tar gzip && microdnf clean all\r\n',
    },
    {
      name: 'zypper (DL3036)',
      code: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl\n',
      errors: [{ line: 2, message: '/var/cache/zypp' }],
      fixTitles: ['Append `&& zypper clean --all`'],
      output: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl && zypper clean --all\n',
    },
    {
      name: 'clean before the install does not count',
      code: 'FROM amazonlinux:2023\nRUN dnf clean all && dnf install -y tar\n',
      errors: [{ line: 2, column: 22 }],
      output: 'FROM amazonlinux:2023\nRUN dnf clean all && dnf install -y tar && dnf clean all\n',
    },
    {
      name: 'a second install after the clean',
      code: 'FROM fedora:41\nRUN dnf install -y gcc && dnf clean all && dnf install -y make\n',
      errors: [{ line: 2, column: 44 }],
      output:
        'FROM fedora:41\nRUN dnf install -y gcc && dnf clean all && dnf install -y make && dnf clean all\n',
    },
    {
      name: 'one finding per RUN and manager',
      code: 'FROM fedora:41\nRUN dnf install -y gcc && dnf install -y make\n',
      errors: [{ line: 2, column: 5 }],
      output: 'FROM fedora:41\nRUN dnf install -y gcc && dnf install -y make && dnf clean all\n',
    },
  ],
});
