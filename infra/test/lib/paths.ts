import path from 'node:path';

/** The repository root and the kustomize tree, wherever the tests run from. */
export const REPO = path.resolve(__dirname, '../../..');
export const K8S = path.join(REPO, 'infra/k8s');
export const repoPath = (...parts: string[]): string => path.join(REPO, ...parts);
