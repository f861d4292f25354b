import { metricsRegistry } from '../metrics/registry';

const SERIES_SUFFIXES = ['_bucket', '_count', '_sum'];

/**
 * The current value of one series of this process's registry: `name` is the full series name
 * (`ticketing_messages_handled_total`, or a histogram's `..._count` / `..._sum`), and every value whose labels
 * include `labels` is added up. 0 when nothing matches, so a test compares before and after.
 */
export async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const suffix = SERIES_SUFFIXES.find((s) => name.endsWith(s) && !metricsRegistry.getSingleMetric(name));
  const metric = metricsRegistry.getSingleMetric(suffix ? name.slice(0, -suffix.length) : name);
  if (!metric) throw new Error(`no metric ${name} is registered`);
  const { values } = await metric.get();
  return values
    .filter((v) => ((v as { metricName?: string }).metricName ?? name) === name)
    .filter((v) => Object.entries(labels).every(([key, value]) => String(v.labels[key]) === value))
    .reduce((sum, v) => sum + v.value, 0);
}
