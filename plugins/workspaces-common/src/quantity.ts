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

/**
 * Formats CPU cores as Kubernetes writes them: whole cores as a number,
 * anything else in millicores (`1500m`).
 * @public
 */
export function formatCpu(cores: number): string {
  const millicores = Math.round(cores * 1000);
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

/**
 * Formats bytes with the largest binary suffix that divides them evenly
 * (`8Gi`, `1536Mi`).
 * @public
 */
export function formatMemory(bytes: number): string {
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const factor = binarySuffixes[suffix];
    if (bytes >= factor && bytes % factor === 0) {
      return `${bytes / factor}${suffix}`;
    }
  }
  return String(Math.round(bytes));
}
