const binarySuffixes: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const decimalSuffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const quantityPattern =
  /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/**
 * Parses a Kubernetes resource quantity (`500m`, `2`, `8Gi`, `1.5G`) into its
 * value in base units (cores or bytes). Returns `undefined` for anything that
 * is not a quantity, so callers can say which field was wrong.
 * @public
 */
export function parseQuantity(quantity: string): number | undefined {
  const match = quantityPattern.exec(quantity.trim());
  if (!match) {
    return undefined;
  }
  const [, number, suffix = ''] = match;
  const factor = binarySuffixes[suffix] ?? decimalSuffixes[suffix];
  return Number(number) * factor;
}
