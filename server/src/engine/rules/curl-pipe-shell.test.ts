import { curlPipeShell } from './curl-pipe-shell';
import { ruleTester } from './testing/ruleTester';

ruleTester(curlPipeShell, {
  valid: [
    {
      name: 'download, verify checksum, then run (Rust installer)',
      code: 'FROM debian:bookworm-slim\nRUN curl -fsSLo rustup-init https://static.rust-lang.org/rustup/dist/x86_64-unknown-linux-gnu/rustup-init \\\n    && echo "${RUSTUP_SHA256} *rustup-init" | sha256sum -c - \\\n    && chmod +x rustup-init && ./rustup-init -y\n',
    },
    {
      name: 'piping into tar or gpg is not running it',
      code: 'FROM alpine:3.24\nRUN curl -fsSL https://go.dev/dl/go1.27.0.linux-amd64.tar.gz | tar -C /usr/local -xz\nRUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg\n',
    },
    {
      name: 'python -c reads the download as data',
      code: 'FROM python:3.13-slim\nRUN curl -s https://api.github.com/repos/acme/tool/releases/latest | python3 -c "import json,sys; print(json.load(sys.stdin)[\'tag_name\'])"\n',
    },
    {
      name: 'curl writing to a file feeds nothing to the pipe',
      code: 'FROM ubuntu:24.04\nRUN curl -fsSL -o /tmp/install.sh https://example.com/install.sh | cat\n',
    },
    {
      name: 'a shell running a script file',
      code: 'FROM alpine:3.24\nRUN wget -qO- https://example.com/data.txt | sh ./process.sh\n',
    },
    {
      name: 'wget to a file',
      code: 'FROM alpine:3.24\nRUN wget -q https://example.com/install.sh && sh install.sh\n',
    },
  ],
  invalid: [
    {
      name: 'curl | sh',
      code: 'FROM ubuntu:24.04\nRUN curl -fsSL https://get.docker.com | sh\n',
      errors: [{ line: 2, column: 5, message: 'piped into `sh`' }],
      fixTitles: [],
    },
    {
      name: 'curl | bash -s -- with options (Node via nvm)',
      code: 'FROM debian:bookworm-slim\nRUN curl -o- https://raw.githubusercontent.com/nvm-sh/nvm/v0.40.1/install.sh | bash -s -- --no-use\n',
      errors: [{ line: 2, message: '`bash`' }],
    },
    {
      name: 'wget -qO- | sh and sudo bash',
      code: 'FROM ubuntu:24.04\nRUN wget -qO- https://example.com/setup.sh | sudo -E bash -\n',
      errors: [{ line: 2, message: '`wget`' }],
    },
    {
      name: 'Poetry installer piped to python3 -',
      code: 'FROM python:3.13-slim\nRUN curl -sSL https://install.python-poetry.org | python3 -\n',
      errors: [{ line: 2, message: '`python3`' }],
    },
    {
      name: 'Composer installer piped to php (PHP)',
      code: 'FROM php:8.4-cli\nRUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer\n',
      errors: [{ line: 2, message: '`php`' }],
    },
    {
      name: 'Rust: rustup via sh -s -- -y, continued line',
      code: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && \\\n    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y\n",
      errors: [{ line: 3, column: 5 }],
    },
    {
      name: 'sh -c "$(curl …)" (oh-my-zsh style)',
      code: 'FROM ubuntu:24.04\nRUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"\n',
      errors: [{ line: 2, message: 'command substitution' }],
    },
    {
      name: 'bash <(curl …)',
      code: 'FROM ubuntu:24.04\nRUN bash <(curl -fsSL https://example.com/install.sh)\n',
      errors: [{ line: 2, message: 'process substitution' }],
    },
    {
      name: 'inside sh -c and in exec form (Ruby)',
      code: 'FROM ruby:3.4\nRUN ["sh", "-c", "curl -fsSL https://example.com/install.sh | bash"]\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'through tee',
      code: 'FROM alpine:3.24\nRUN curl -fsSL https://example.com/i.sh | tee /tmp/i.sh | sh\n',
      errors: [{ line: 2 }],
    },
  ],
});
