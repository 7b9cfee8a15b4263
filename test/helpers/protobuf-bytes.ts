/**
 * A minimal protobuf writer for wire tests, so requests are hand-encoded byte by byte, without any
 * .proto file: tag = field << 3 | wire type (0 varint, 2 length-delimited).
 */
export const varint = (n: number | bigint): Buffer => {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return Buffer.from(out);
};
export const fieldVarint = (field: number, n: number | bigint) => Buffer.concat([varint((field << 3) | 0), varint(n)]);
export const fieldBytes = (field: number, bytes: Buffer | string) => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return Buffer.concat([varint((field << 3) | 2), varint(b.length), b]);
};
export const floatsLE = (values: number[]) => {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeFloatLE(v, i * 4));
  return b;
};
/** A packed repeated varint field (proto3's default for repeated scalars). */
export const packedVarints = (field: number, values: number[]) => fieldBytes(field, Buffer.concat(values.map((v) => varint(v))));
