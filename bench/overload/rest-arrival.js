// bench:overload — open-model REST load: RATE predicts/s for DURATION, answers by status.
import http from 'k6/http';

const body = open(__ENV.BODY_FILE);
const params = { headers: { 'Content-Type': 'application/json' }, timeout: '30s', responseCallback: http.expectedStatuses(200) };
export const options = {
  scenarios: {
    // CAPACITY_VUS set: a closed loop to find the capacity; else open-model arrivals at RATE/s.
    load: __ENV.CAPACITY_VUS
      ? { executor: 'constant-vus', vus: Number(__ENV.CAPACITY_VUS), duration: __ENV.DURATION }
      : { executor: 'constant-arrival-rate', rate: Number(__ENV.RATE), timeUnit: '1s', duration: __ENV.DURATION, preAllocatedVUs: Number(__ENV.PRE_VUS || 200), maxVUs: Number(__ENV.MAX_VUS || 2000) },
  },
  thresholds: { 'http_req_duration{status:200}': [], 'http_reqs{status:200}': [], 'http_reqs{status:503}': [] },
  summaryTrendStats: ['med', 'p(99)', 'count'],
};
export default async function () {
  await http.asyncRequest('POST', __ENV.URL, body, params);
}
