/** One step of mulberry32: a well-mixed 32-bit value from a 32-bit state. */
function mix(state: number): number {
  let t = (state + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** FNV-1a of a string, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Seeded random choices, each named by what it decides (e.g. "order:created#2>tickets-service:delay"), never
 * drawn from one shared stream: a change of the code that publishes one more event does not shift the delays of
 * all the others, so a kept schedule still means the same interleaving after a fix. Math.random is never used for
 * a decision of the simulation.
 */
export class Draws {
  constructor(private readonly seed: number) {}

  /** A float in [0, 1), the same for the same seed and key. */
  uniform(key: string): number {
    return mix(mix(this.seed >>> 0) ^ hash(key)) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(key: string, min: number, max: number): number {
    return min + Math.floor(this.uniform(key) * (max - min + 1));
  }

  /** True with probability `percent` / 100. */
  chance(key: string, percent: number): boolean {
    return this.uniform(key) * 100 < percent;
  }
}
