import { ALL_SERVICES, buildSchedule, type Fault } from './schedule';

const faultsOf = (seed: number, profile: Parameters<typeof buildSchedule>[1]): Fault[] =>
  buildSchedule(seed, profile).map(({ fault }) => fault);

describe('fault schedules', () => {
  it('when built twice from one seed, then they are the same; from another seed, then they differ', () => {
    expect(buildSchedule(42, 'full')).toEqual(buildSchedule(42, 'full'));
    expect(buildSchedule(43, 'full')).not.toEqual(buildSchedule(42, 'full'));
  });

  it('when full, then every database is cut 85 s or more, the broker of every service 55 s or more, and every service is killed', () => {
    for (const seed of [1, 2, 3]) {
      const faults = faultsOf(seed, 'full');
      const databaseOutage = faults.find(
        (f) => f.kind === 'cut' && f.dependency === 'mongodb' && f.services.length === 4,
      );
      const brokerCut = faults.find((f) => f.kind === 'cut' && f.dependency === 'nats');
      expect(databaseOutage?.kind === 'cut' && databaseOutage.seconds).toBeGreaterThanOrEqual(85);
      expect(brokerCut?.kind === 'cut' && brokerCut.seconds).toBeGreaterThanOrEqual(55);
      expect(brokerCut?.kind === 'cut' && [...brokerCut.services].sort()).toEqual([...ALL_SERVICES].sort());
      expect(faults.flatMap((f) => (f.kind === 'kill' ? [f.service] : [])).sort()).toEqual(
        [...ALL_SERVICES].sort(),
      );
      expect(faults.some((f) => f.kind === 'pause' && f.seconds > 10)).toBe(true);
    }
  });

  it('when db-outage, then it is one cut of every database for a minute or more', () => {
    const [outage, ...rest] = faultsOf(5, 'db-outage');
    expect(rest).toEqual([]);
    expect(outage).toMatchObject({
      kind: 'cut',
      dependency: 'mongodb',
      services: ['auth', 'tickets', 'orders', 'payments'],
    });
    expect(outage?.kind === 'cut' && outage.seconds).toBeGreaterThanOrEqual(60);
  });

  it('when long, then it runs the full round twice', () => {
    expect(faultsOf(7, 'long')).toHaveLength(2 * faultsOf(7, 'full').length);
  });
});
