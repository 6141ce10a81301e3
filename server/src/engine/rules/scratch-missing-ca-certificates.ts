import type { Instruction, Model } from '../model/types';
import {
  chainInstructions,
  copyArguments,
  definesCommand,
  expandAt,
  rootIsScratch,
  shippedLeaves,
  variableAssignments,
} from './lib/security';
import type { Rule } from './types';
import { caCertFixes } from '../fixes/caCerts';
import { stageOfFinding } from './lib/fixStage';

// Paths that hold (or contain) a CA bundle in the usual distributions.
const CERT_PATHS = [
  '/etc/ssl/certs',
  '/etc/ssl/cert.pem',
  '/etc/pki/tls/certs',
  '/etc/pki/ca-trust',
  '/etc/ca-certificates',
  '/usr/share/ca-certificates',
  '/usr/local/share/ca-certificates',
];
const BUNDLE_NAME =
  /(^|\/)(ca-certificates\.crt|ca-bundle\.crt|ca-bundle\.pem|cacert\.pem|tls-ca-bundle\.pem|cert\.pem)$/;

/**
 * `FROM scratch` starts from an empty file system: a program copied in finds no CA bundle, so every
 * TLS connection it opens fails certificate verification at run time.
 */
export const scratchMissingCaCertificates: Rule = {
  meta: {
    id: 'scratch-missing-ca-certificates',
    category: 'security',
    severity: 'warning',
    aliases: [],
    description: 'A shipped scratch image receives a program but no CA certificates, so TLS calls fail.',
    fixable: 'safe',
    shippedOnly: true,
  },
  check({ model, shipped, report }) {
    for (const stage of shippedLeaves(model, shipped)) {
      if (!rootIsScratch(model, stage)) continue;
      // Without CMD/ENTRYPOINT the stage only exports build output (`docker build --output`).
      if (!definesCommand(model, stage)) continue;
      const instructions = chainInstructions(model, stage);
      const copies = instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
      const binaries = copies.filter((i) => i.flags.some((f) => f.name === 'from'));
      if (binaries.length === 0) continue;
      // WebAssembly modules run by a Wasm runtime (`--platform=wasi/wasm`), not a Linux program.
      if (stage.platform?.startsWith('wasi') || binaries.every((i) => copiesOnlyWasm(model, i))) continue;
      if (copies.some((i) => bringsCertificates(model, i))) continue;
      if (instructions.some((i) => i.keyword === 'ENV' && pointsToOwnBundle(model, i))) continue;
      const first = binaries[0]!;
      report({
        range: stage.from.range,
        message: `This scratch image gets a program (line ${first.range.start.line + 1}) but no CA certificates: any outgoing TLS connection it opens (HTTPS APIs, TLS to a database or broker) fails certificate verification. Copy \`/etc/ssl/certs/ca-certificates.crt\` from a stage that has it.`,
        // For the planned "Copy CA certs into scratch" fix.
        data: { stage: stage.index },
      });
    }
  },
  fix(finding, { model }) {
    const stage = stageOfFinding(model, finding);
    return stage ? caCertFixes(model, stage) : [];
  },
};

/** A CA directory or bundle, or a path inside one; with `parents`, also a folder that contains one (`/etc`, `/`). */
function isCertPath(path: string, parents: boolean): boolean {
  const p = path.replace(/\/+$/, '') || '/';
  if (BUNDLE_NAME.test(p)) return true;
  return CERT_PATHS.some(
    (c) => p === c || p.startsWith(`${c}/`) || (parents && c.startsWith(p === '/' ? '/' : `${p}/`)),
  );
}

function bringsCertificates(model: Model, instruction: Instruction): boolean {
  const { sources, destination } = copyArguments(model, instruction);
  const expand = (value: string): string => expandAt(model, instruction, value).value;
  if (destination && isCertPath(expand(destination.value), false)) return true;
  // Copying a whole folder that contains the CA directory (`COPY --from=base /etc /etc`) counts.
  return sources.some((w) => isCertPath(expand(w.value), true));
}

function copiesOnlyWasm(model: Model, instruction: Instruction): boolean {
  const { sources } = copyArguments(model, instruction);
  return sources.length > 0 && sources.every((w) => w.value.endsWith('.wasm'));
}

/** `ENV SSL_CERT_FILE=…` / `SSL_CERT_DIR`: the program is told where its bundle is. */
function pointsToOwnBundle(model: Model, instruction: Instruction): boolean {
  return variableAssignments(model, instruction).some(
    (a) => a.name === 'SSL_CERT_FILE' || a.name === 'SSL_CERT_DIR',
  );
}
