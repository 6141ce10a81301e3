import { pipNoCacheDir } from './pip-no-cache-dir';
import { ruleTester } from './testing/ruleTester';

ruleTester(pipNoCacheDir, {
  valid: [
    {
      name: 'python slim with the flag',
      code: 'FROM python:3.13-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n',
    },
    {
      name: 'PIP_NO_CACHE_DIR set by ENV in the stage',
      code: 'FROM python:3.13-slim\nENV PIP_NO_CACHE_DIR=1 \\\n    PIP_DISABLE_PIP_VERSION_CHECK=1\nRUN pip install flask gunicorn\n',
    },
    {
      name: 'PIP_NO_CACHE_DIR inherited from the base stage',
      code: 'FROM python:3.12-slim AS base\nENV PIP_NO_CACHE_DIR=off\nFROM base AS app\nRUN python -m pip install -r requirements.txt\n',
    },
    {
      name: 'legacy ENV syntax',
      code: 'FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR true\nRUN pip3 install uvicorn\n',
    },
    {
      name: 'ARG with a default is in the RUN environment',
      code: 'FROM python:3.13-slim\nARG PIP_NO_CACHE_DIR=1\nRUN pip install flask\n',
    },
    { name: 'command prefix', code: 'FROM python:3.13-slim\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n' },
    { name: 'env wrapper', code: 'FROM python:3.13-slim\nRUN env PIP_NO_CACHE_DIR=1 pip install flask\n' },
    {
      name: 'export earlier in the RUN',
      code: 'FROM python:3.13-slim\nRUN export PIP_NO_CACHE_DIR=1 && pip install -r requirements.txt\n',
    },
    {
      name: 'cache mount on /root/.cache/pip',
      code: 'FROM python:3.13-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n',
    },
    {
      name: 'cache mount on /root/.cache covers pip',
      code: 'FROM python:3.13-slim\nRUN --mount=type=cache,target=/root/.cache \\\n    pip install -r requirements.txt\n',
    },
    {
      name: 'cache mount where PIP_CACHE_DIR points',
      code: 'FROM python:3.13-slim\nENV PIP_CACHE_DIR=/var/cache/pip\nRUN --mount=type=cache,target=/var/cache/pip pip install -r requirements.txt\n',
    },
    {
      name: 'abbreviated --no-cache is accepted by pip',
      code: 'FROM python:3.13-alpine\nRUN pip install --no-cache flask\n',
    },
    {
      name: 'pip cache purge afterwards',
      code: 'FROM python:3.13-slim\nRUN pip install flask && pip cache purge\n',
    },
    {
      name: 'cache removed afterwards',
      code: 'FROM python:3.13-slim\nRUN pip install -r requirements.txt && rm -rf /root/.cache/pip\n',
    },
    {
      name: 'uv with its own flag',
      code: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv\nRUN uv pip install --system --no-cache -r requirements.txt\n',
    },
    {
      name: 'uv with a cache mount',
      code: 'FROM python:3.13-slim\nRUN --mount=type=cache,target=/root/.cache/uv uv pip install --system -r requirements.txt\n',
    },
    {
      name: 'pip download is not install',
      code: 'FROM python:3.13-slim\nRUN pip download -d /wheels flask\n',
    },
    {
      name: 'a different tool named install',
      code: 'FROM node:22-alpine\nRUN npm install && make install\n',
    },
  ],
  invalid: [
    {
      name: 'pip install -r',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n',
      errors: [{ line: 4, column: 5, message: '--no-cache-dir' }],
      fixTitles: ['Add --no-cache-dir'],
      output:
        'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'python -m pip, pip upgrade first',
      code: 'FROM python:3.12-slim\nRUN python -m pip install --upgrade pip \\\n && python -m pip install --no-cache-dir poetry\n',
      errors: [{ line: 2, column: 5 }],
      output:
        'FROM python:3.12-slim\nRUN python -m pip install --no-cache-dir --upgrade pip \\\n && python -m pip install --no-cache-dir poetry\n',
    },
    {
      name: 'ENV set after the RUN does not count',
      code: 'FROM python:3.13-slim\nRUN pip3 install flask\nENV PIP_NO_CACHE_DIR=1\n',
      errors: [{ line: 2, column: 5 }],
      output: 'FROM python:3.13-slim\nRUN pip3 install --no-cache-dir flask\nENV PIP_NO_CACHE_DIR=1\n',
    },
    {
      name: 'a cache mount for apt does not cover pip',
      code: 'FROM python:3.13-slim\nRUN --mount=type=cache,target=/var/cache/apt pip install flask\n',
      errors: [{ line: 2, column: 46 }],
      output:
        'FROM python:3.13-slim\nRUN --mount=type=cache,target=/var/cache/apt pip install --no-cache-dir flask\n',
    },
    {
      name: 'builder stage building a virtualenv, CRLF',
      code: 'FROM python:3.13 AS build\r\nRUN python -m venv /venv && /venv/bin/pip install -r requirements.txt\r\nFROM python:3.13-slim\r\nCOPY --from=build /venv /venv\r\n',
      errors: [{ line: 2, column: 29 }],
      output:
        'FROM python:3.13 AS build\r\nRUN python -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements.txt\r\nFROM python:3.13-slim\r\nCOPY --from=build /venv /venv\r\n',
    },
    {
      name: 'uv pip install gets --no-cache',
      code: 'FROM python:3.13-slim\nRUN uv pip install --system -r requirements.txt\n',
      errors: [{ line: 2, column: 5, message: '--no-cache' }],
      fixTitles: ['Add --no-cache'],
      output: 'FROM python:3.13-slim\nRUN uv pip install --no-cache --system -r requirements.txt\n',
    },
    {
      name: 'PIP_NO_CACHE_DIR of another stage does not count',
      code: 'FROM python:3.13-slim AS one\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.13-slim\nRUN pip install flask\n',
      errors: [{ line: 4 }],
      output:
        'FROM python:3.13-slim AS one\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.13-slim\nRUN pip install --no-cache-dir flask\n',
    },
    {
      name: 'backtick escape character and continuation kept',
      code: '# escape=`\nFROM python:3.13-slim\nRUN pip install `\n    flask\n',
      errors: [{ line: 3, column: 5 }],
      output: '# escape=`\nFROM python:3.13-slim\nRUN pip install --no-cache-dir `\n    flask\n',
    },
    {
      name: 'inside sh -c: no fix',
      code: 'FROM python:3.13-slim\nRUN sh -c "pip install flask"\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
  ],
});
