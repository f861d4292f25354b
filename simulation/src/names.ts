/** Short stable names (order#1, ticket#2) for the random ids the services make, so a trace reads as a story. */
export class Names {
  private readonly names = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  of(kind: string, id: string): string {
    const known = this.names.get(id);
    if (known) return known;
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    const name = `${kind}#${n}`;
    this.names.set(id, name);
    return name;
  }

  /** The name given to an id so far, or the id itself. */
  name(id: string): string {
    return this.names.get(id) ?? id;
  }
}
