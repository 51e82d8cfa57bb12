/** Unit-length sentence vectors: the dot product of two is their cosine similarity. */
export type UnitVector = Float32Array;

/** `values` scaled to unit length (a copy; all zeros stay zeros). */
export function toUnitVector(values: ArrayLike<number>): UnitVector {
  const vector = Float32Array.from(values);
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}
