// bench:loadgen — open-model scheduling accuracy: constant-arrival-rate at RATE/s, async requests.
import http from 'k6/http';

const body = open(__ENV.BODY_FILE);
const params = { headers: { 'Content-Type': 'application/json' } };
export const options = {
  scenarios: {
    arrivals: { executor: 'constant-arrival-rate', rate: Number(__ENV.RATE), timeUnit: '1s', duration: __ENV.DURATION || '5s', preAllocatedVUs: 50, maxVUs: 200 },
  },
};
export default async function () {
  await http.asyncRequest('POST', __ENV.URL, body, params);
}
