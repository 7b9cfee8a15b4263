/** Our dtype names and TF Serving's DataType names (DT_FLOAT, ...), in one table. */
import type { TensorDType } from '../engines/engine.ts';

export const TF_DTYPE: Record<TensorDType, string> = {
  float32: 'DT_FLOAT',
  float64: 'DT_DOUBLE',
  int32: 'DT_INT32',
  uint8: 'DT_UINT8',
  int64: 'DT_INT64',
};
