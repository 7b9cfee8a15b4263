/** Reads live counters from k6's REST API (`GET /v1/metrics/<name>`): requests so far. */
import { request } from 'undici';

export async function liveCount(api: string, metric: string): Promise<number | undefined> {
  try {
    const res = await request(`${api}/v1/metrics/${metric}`, { headersTimeout: 1000, bodyTimeout: 1000 });
    if (res.statusCode !== 200) {
      await res.body.dump();
      return undefined;
    }
    const body = (await res.body.json()) as { data?: { attributes?: { sample?: { count?: number } } } };
    return body.data?.attributes?.sample?.count;
  } catch {
    return undefined;
  }
}
