import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The conformance corpus root: `MESH_POLICY_CONFORMANCE_DIR` when set, else `../shared/conformance`
 * beside the repository. Undefined when neither exists (a fresh clone): suites then skip.
 */
export function conformanceRoot(): string | undefined {
  const fromEnv = process.env.MESH_POLICY_CONFORMANCE_DIR;
  const candidate =
    fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : resolve(here, '../../../shared/conformance');
  return existsSync(candidate) ? candidate : undefined;
}

let noticed = false;
/** Prints, once per worker, why conformance suites are skipped. */
export function skipNotice(): void {
  if (noticed) return;
  noticed = true;
  console.warn(
    '[mesh-policy] conformance fixtures not found (set MESH_POLICY_CONFORMANCE_DIR or place ../shared beside the repo): conformance replays are skipped.',
  );
}
