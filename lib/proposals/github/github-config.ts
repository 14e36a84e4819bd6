// PLACEHOLDER so branch agent-prop compiles: helper "patch" owns this file (branch agent-patch);
// its real check of VIGIL_GITHUB_TOKEN and VIGIL_GITHUB_REPO replaces this one on merge.

/** Whether approved patches become GitHub pull requests. */
export function githubConfigured(): boolean {
  return false;
}
