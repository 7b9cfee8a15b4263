// bench:loadgen — async REST script: http.asyncRequest per iteration, each answer parsed.
import http from 'k6/http';

const body = open(__ENV.BODY_FILE);
const params = { headers: { 'Content-Type': 'application/json' } };

export default async function () {
  const res = await http.asyncRequest('POST', __ENV.URL, body, params);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  JSON.parse(res.body);
}
