/** The bad requests every REST target must refuse clearly (status + message pattern). */
import { nestedImage, testImages } from '../helpers/images.ts';

export interface BadRequest {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  message: RegExp;
}

export function badRequests(maxBody: number): BadRequest[] {
  const img = nestedImage(testImages(1)[0]);
  const predict = '/v1/models/cifar10:predict';
  const p = (name: string, body: unknown, status: number, message: RegExp): BadRequest => ({ name, method: 'POST', path: predict, body, status, message });
  const withPixel = (value: unknown) => {
    const copy = JSON.parse(JSON.stringify(img));
    copy[3][4][1] = value;
    return copy;
  };
  return [
    p('malformed JSON', '{"instances": [[[1,2', 400, /JSON Parse error/),
    p('body not an object', '[1,2,3]', 400, /JSON object/),
    p('neither instances nor inputs', { foo: 1 }, 400, /Missing "inputs" or "instances"/),
    p('both instances and inputs', { instances: [img], inputs: [img] }, 400, /Not both of "instances" and "inputs"/),
    p('empty instances', { instances: [] }, 400, /empty/),
    p('wrong rank', { instances: [img[0]] }, 400, /rank/),
    p('wrong shape', { instances: [img.slice(0, 31)] }, 400, /shape/),
    p('ragged tensor', { instances: [withPixel([1, 2])] }, 400, /ragged|rank/),
    p('non-number', { instances: [withPixel('red')] }, 400, /non-number/),
    p('NaN as a string', { instances: [withPixel('NaN')] }, 400, /non-number/),
    p('Infinity (1e999)', `{"instances": [${JSON.stringify(img).replace(/^\[\[\[\d+/, '[[[1e999')}]}`, 400, /non-finite/),
    p('batch above the maximum', { instances: Array.from({ length: 9 }, () => img) }, 400, /maximum of 8/),
    p('unknown signature', { signature_name: 'nope', instances: [img] }, 400, /signature/),
    p('unknown input name', { inputs: { pictures: [img] } }, 400, /pictures/),
    p('body above the size limit', { instances: [img], pad: 'x'.repeat(maxBody + 1) }, 413, /limit/),
    { name: 'unknown model (predict)', method: 'POST', path: '/v1/models/dogs:predict', body: { instances: [img] }, status: 404, message: /not found/i },
    { name: 'unknown version', method: 'POST', path: '/v1/models/cifar10/versions/7:predict', body: { instances: [img] }, status: 404, message: /not found/i },
    { name: 'unknown model (status)', method: 'GET', path: '/v1/models/dogs', status: 404, message: /not found/i },
    { name: 'unknown path', method: 'GET', path: '/v2/whatever', status: 404, message: /Malformed request/ },
    { name: 'wrong method', method: 'GET', path: predict, status: 405, message: /not allowed/ },
  ];
}
