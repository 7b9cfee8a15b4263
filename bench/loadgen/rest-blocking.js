// bench:loadgen — blocking REST script: http.post per iteration, each answer parsed.
import http from 'k6/http';

const body = open(__ENV.BODY_FILE);
const params = { headers: { 'Content-Type': 'application/json' } };

export default function () {
  const res = http.post(__ENV.URL, body, params);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  JSON.parse(res.body);
}
