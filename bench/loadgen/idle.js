// bench:loadgen — idle VUs (memory per VU): blocking sleep, or an async timer in shared mode.
import { sleep } from 'k6';

export const blocking = () => sleep(0.5);
export async function asyncIdle() {
  await new Promise((r) => setTimeout(r, 500));
}
export const options = {
  scenarios: { idle: { executor: 'constant-vus', vus: Number(__ENV.VUS), duration: __ENV.DURATION || '3s', exec: __ENV.EXEC } },
};
