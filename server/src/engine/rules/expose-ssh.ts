import { expandAt, instructionWords } from './lib/security';
import type { Rule } from './types';

/**
 * Port 22 means an SSH server in the container: another way in, with its own keys or passwords to
 * manage. `docker exec` (or `kubectl exec`) reaches a running container without one.
 */
export const exposeSsh: Rule = {
  meta: {
    id: 'expose-ssh',
    category: 'security',
    severity: 'warning',
    aliases: ['DS004', 'CKV_DOCKER_1'],
    description: 'EXPOSE 22: the image offers SSH.',
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const word of instructionWords(model, instruction)) {
        const { value, unresolved } = expandAt(model, instruction, word.value);
        if (unresolved) continue;
        // `${PORTS}` may expand to several ports.
        for (const port of value.split(/\s+/).filter(Boolean)) {
          if (!coversSsh(port)) continue;
          report({
            range: word.range,
            message: `\`EXPOSE ${word.value}\` opens the SSH port: running sshd in a container adds a way in with its own credentials. Use \`docker exec\` / \`kubectl exec\` to get a shell instead.`,
          });
          break;
        }
      }
    }
  },
};

/** `22`, `22/tcp`, `20-30`, `1-1024/tcp` (UDP is not SSH). */
function coversSsh(port: string): boolean {
  const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(port.trim());
  if (!m) return false;
  const protocol = (m[3] ?? 'tcp').toLowerCase();
  if (protocol !== 'tcp') return false;
  const low = Number(m[1]);
  const high = m[2] !== undefined ? Number(m[2]) : low;
  return low <= 22 && 22 <= high;
}
