import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { STAN_STORE_LIMITS, stanStoreLimitArgs } from '@ticketing/tools';
import { named, ofKind } from './lib/objects';
import { allVariants, build } from './lib/variants';

const cases = allVariants().map((v) => [v.name, v] as const);
const MiB = 1024 * 1024;
const UNITS: Record<string, number> = { Mi: MiB, Gi: 1024 * MiB, MB: MiB, GB: 1024 * MiB };

/** "1Gi" (Kubernetes) or "20MB" (NATS, which counts a MB as 1024 * 1024 bytes) in bytes. */
function bytesOf(quantity: string): number {
  const match = /^(\d+)([A-Za-z]+)$/.exec(quantity);
  const unit = match?.[2] === undefined ? undefined : UNITS[match[2]];
  if (!match || unit === undefined) throw new Error(`unknown quantity ${quantity}`);
  return Number(match[1]) * unit;
}

function natsOf(variant: (typeof cases)[number][1]) {
  const objects = build(variant);
  const nats = named(ofKind<IStatefulSet>(objects, 'StatefulSet'), 'nats');
  const storage = nats.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage;
  const args = nats.spec?.template.spec?.containers.find((c) => c.name === 'nats')?.args ?? [];
  const maps = ofKind<IConfigMap>(objects, 'ConfigMap');
  const bus = maps.find((m) => m.metadata?.name?.startsWith('event-bus'));
  const files = maps.find((m) => m.metadata?.name?.startsWith('nats-jetstream'))?.data;
  const conf = files?.['jetstream.conf'];
  return { volume: bytesOf(String(storage)), args, bus: bus?.data ?? {}, conf, main: files?.['nats.conf'] };
}

describe('bounded stores', () => {
  it.each(cases)('when %s is built, then the broker runs with limits that fit its volume', (_n, variant) => {
    const { volume, args, bus, conf, main } = natsOf(variant);
    if (variant.transport === 'stan') {
      expect(args).toEqual(expect.arrayContaining(stanStoreLimitArgs()));
      // Every channel full, plus the slice a limit leaves on disk (a quarter: --file_slice_max_bytes=0).
      const worst = STAN_STORE_LIMITS.maxChannels * bytesOf(STAN_STORE_LIMITS.maxBytes) * 1.25;
      expect(worst).toBeLessThanOrEqual(0.8 * volume);
    } else {
      expect(args.filter((arg) => arg.startsWith('--max_'))).toEqual([]);
      const streams = Number(bus.JETSTREAM_EVENTS_MAX_BYTES) + Number(bus.JETSTREAM_DEAD_LETTERS_MAX_BYTES);
      expect(streams).toBeLessThanOrEqual(0.75 * volume);
      // The streams reserve their bytes from the server's store, which must hold them and fit the volume.
      // nats.conf: the storage bound of jetstream.conf, then the users (credentials.test.ts).
      expect(args).toContain('--config=/etc/nats/nats.conf');
      expect(main).toMatch(/^include "jetstream.conf"$/m);
      const store = bytesOf(/max_file_store:\s*(\w+)/.exec(conf ?? '')?.[1] ?? 'none');
      expect(store).toBeGreaterThanOrEqual(streams);
      expect(store).toBeLessThanOrEqual(0.8 * volume);
    }
  });

  it.each(cases)(
    'when %s is built, then the event-bus ConfigMap gives JetStream a week of events and a month of dead letters',
    (_n, variant) => {
      const { bus } = natsOf(variant);
      expect(bus).toMatchObject({
        JETSTREAM_EVENTS_MAX_AGE_HOURS: '168',
        JETSTREAM_EVENTS_MAX_BYTES: String(640 * MiB),
        JETSTREAM_DEAD_LETTERS_MAX_AGE_HOURS: '720',
        JETSTREAM_DEAD_LETTERS_MAX_BYTES: String(128 * MiB),
      });
    },
  );
});
