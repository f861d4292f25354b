import { readFileSync } from 'node:fs';

/** The parts of a V8 .cpuprofile (as written by node --cpu-prof) that a summary needs. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Frame {
  frame: string;
  area: string;
  selfMs: number;
  selfPercent: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Share of the time the process was on CPU (not idle). */
  busyPercent: number;
  byArea: { area: string; selfMs: number; selfPercent: number }[];
  topFrames: Frame[];
}

/** Which library or part of the code a frame belongs to, from its script URL. */
export function areaOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(garbage collector)') return 'garbage collector';
    return functionName.startsWith('(') ? functionName : 'native';
  }
  // The innermost package: mongoose's own copy of mongodb counts as mongodb.
  const modules = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].pop();
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node core';
  const own = /\/(auth|tickets|orders|expiration|payments|common)\/dist\//.exec(url);
  if (own) return own[1] === 'common' ? '@ticketing/common' : `${own[1]} service`;
  return 'other';
}

/** Self time per frame and per area, busiest first. */
export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const byFrame = new Map<string, { area: string; selfMs: number }>();
  const byArea = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfByNode) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const area = areaOf(url, functionName);
    const where = url ? ` ${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : '';
    const frame = `${functionName || '(anonymous)'}${where}`;
    const entry = byFrame.get(frame) ?? { area, selfMs: 0 };
    entry.selfMs += ms;
    byFrame.set(frame, entry);
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
    totalMs += ms;
  }
  const percent = (ms: number) => (100 * ms) / totalMs;
  const idleMs = byArea.get('idle') ?? 0;
  return {
    totalMs,
    busyPercent: percent(totalMs - idleMs),
    byArea: [...byArea]
      .map(([area, selfMs]) => ({ area, selfMs, selfPercent: percent(selfMs) }))
      .sort((a, b) => b.selfMs - a.selfMs),
    topFrames: [...byFrame]
      .filter(([, { area }]) => area !== 'idle')
      .map(([frame, { area, selfMs }]) => ({ frame, area, selfMs, selfPercent: percent(selfMs) }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
  };
}
