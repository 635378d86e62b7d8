import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** True on a CI machine (`CI` set to anything but empty, `false` or `0`), where nothing may skip. */
export function inCi(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** Where the corpus is looked for: `MESH_POLICY_CONFORMANCE_DIR`, else `../shared/conformance`. */
export function conformanceCandidate(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const fromEnv = env.MESH_POLICY_CONFORMANCE_DIR;
  return fromEnv !== undefined && fromEnv !== ''
    ? resolve(fromEnv)
    : resolve(here, '../../../shared/conformance');
}

/** Why a conformance suite cannot run, worded for the log. */
function missing(what: string): string {
  return `[mesh-policy] ${what} (set MESH_POLICY_CONFORMANCE_DIR or place ../shared beside the repo)`;
}

/**
 * The conformance corpus root: `MESH_POLICY_CONFORMANCE_DIR` when set, else `../shared/conformance`
 * beside the repository. Undefined when neither exists (a fresh clone): suites then skip with a
 * notice — except in CI, where a missing corpus throws, failing the suite instead of letting a
 * skipped conformance run look green.
 */
export function conformanceRoot(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const candidate = conformanceCandidate(env);
  if (existsSync(candidate)) return candidate;
  if (inCi(env))
    throw new Error(
      missing(
        `conformance corpus not found at ${candidate} and CI is set: the conformance suites must run in CI`,
      ),
    );
  return undefined;
}

let noticed = false;
/**
 * Prints, once per worker, why conformance suites are skipped. In CI a skip is an error: it throws
 * (a suite whose part of the corpus is missing must fail there, not pass empty).
 */
export function skipNotice(env: Readonly<Record<string, string | undefined>> = process.env): void {
  if (inCi(env))
    throw new Error(
      missing('conformance fixtures not found and CI is set: the conformance suites must run in CI'),
    );
  if (noticed) return;
  noticed = true;
  console.warn(missing('conformance fixtures not found: conformance replays are skipped.'));
}
