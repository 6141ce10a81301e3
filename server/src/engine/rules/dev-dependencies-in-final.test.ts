import { devDependenciesInFinal } from './dev-dependencies-in-final';
import { ruleTester } from './testing/ruleTester';

ruleTester(devDependenciesInFinal, {
  valid: [
    {
      name: 'npm ci --omit=dev',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'NODE_ENV=production by ENV',
      code: 'FROM node:22-slim\nENV NODE_ENV=production\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'NODE_ENV inherited from the base stage',
      code: 'FROM node:22-alpine AS base\nENV NODE_ENV production\nFROM base\nRUN npm install\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'NODE_ENV as a command prefix',
      code: 'FROM node:22-alpine\nRUN NODE_ENV=production npm ci\nCMD ["node", "index.js"]\n',
    },
    {
      name: '--production',
      code: 'FROM node:22-alpine\nRUN npm install --production\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'pnpm --prod',
      code: 'FROM node:22-alpine\nRUN pnpm install --prod --frozen-lockfile\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'yarn --production',
      code: 'FROM node:22-alpine\nRUN yarn install --production --frozen-lockfile\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'multi-stage: dev dependencies only in the builder',
      code: 'FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nFROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY --from=build /app/dist ./dist\nCMD ["node", "dist/main.js"]\n',
    },
    {
      name: 'a build step after the install needs them (single-stage-toolchain reports that)',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["npm", "start"]\n',
    },
    {
      name: 'pruned in the same RUN',
      code: 'FROM node:22-alpine\nCOPY . .\nRUN npm ci && npm prune --omit=dev\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'a development image running nodemon',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\nCMD ["npx", "nodemon", "server.js"]\n',
    },
    {
      name: 'a development image running npm run dev',
      code: 'FROM node:22-alpine\nRUN npm install\nCMD npm run dev\n',
    },
    {
      name: 'a stage named for development',
      code: 'FROM node:lts-buster AS development\nWORKDIR /usr/src/app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["npm", "start"]\nFROM development AS dev-envs\nCMD ["npm", "start"]\n',
    },
    {
      name: 'NODE_ENV from an ARG default through ENV (legacy syntax)',
      code: 'FROM node:lts AS app\nARG NODE_ENV=production\nENV NODE_ENV $NODE_ENV\nCOPY package*.json ./\nRUN npm ci\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'yarn --version is not an install',
      code: 'FROM node:22-alpine\nRUN apk add --no-cache yarn && yarn --version\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'global tools are not dependencies',
      code: 'FROM node:22-alpine\nRUN npm install -g pm2\nCMD ["pm2-runtime", "app.js"]\n',
    },
  ],
  invalid: [
    {
      name: 'npm ci in the final stage',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
      errors: [{ line: 4, column: 5, message: 'devDependencies' }],
      fixTitles: ['Add --omit=dev'],
      output:
        'FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'deprecated --only=production',
      code: 'FROM node:22-slim\nRUN npm install --only=production\nCMD ["node", "index.js"]\n',
      errors: [{ line: 2, column: 5, message: 'deprecated' }],
      fixTitles: ['Replace with --omit=dev'],
      output: 'FROM node:22-slim\nRUN npm install --omit=dev\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'NODE_ENV=development',
      code: 'FROM node:22-alpine\nENV NODE_ENV=development\nRUN npm ci\nCMD ["node", "index.js"]\n',
      errors: [{ line: 3 }],
      output:
        'FROM node:22-alpine\nENV NODE_ENV=development\nRUN npm ci --omit=dev\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'NODE_ENV set after the install is too late',
      code: 'FROM node:22-alpine\r\nRUN npm ci\r\nENV NODE_ENV=production\r\nCMD ["node", "index.js"]\r\n',
      errors: [{ line: 2 }],
      output:
        'FROM node:22-alpine\r\nRUN npm ci --omit=dev\r\nENV NODE_ENV=production\r\nCMD ["node", "index.js"]\r\n',
    },
    {
      name: 'pnpm gets --prod',
      code: 'FROM node:22-alpine\nRUN corepack enable && pnpm install --frozen-lockfile\nCMD ["node", "index.js"]\n',
      errors: [{ line: 2, column: 24 }],
      output:
        'FROM node:22-alpine\nRUN corepack enable && pnpm install --prod --frozen-lockfile\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'yarn: reported with advice for both versions, no fix',
      code: 'FROM node:22-alpine\nRUN yarn install --frozen-lockfile\nCMD ["node", "index.js"]\n',
      errors: [{ line: 2, message: 'yarn workspaces focus --production' }],
      fixTitles: [],
    },
    {
      name: 'a base stage that the final stage builds on is shipped',
      code: 'FROM node:22-alpine AS deps\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nFROM deps\nCOPY . .\nCMD ["node", "server.js"]\n',
      errors: [{ line: 4 }],
      output:
        'FROM node:22-alpine AS deps\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nFROM deps\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'a named target stage is shipped too',
      code: 'FROM node:22-alpine AS api\nRUN npm ci\nCMD ["node", "api.js"]\nFROM nginx:alpine\nCOPY site /usr/share/nginx/html\n',
      targets: ['api'],
      errors: [{ line: 2 }],
      output:
        'FROM node:22-alpine AS api\nRUN npm ci --omit=dev\nCMD ["node", "api.js"]\nFROM nginx:alpine\nCOPY site /usr/share/nginx/html\n',
    },
  ],
});
