import { EntityManager } from 'typeorm';
import { GS1PrefixMissingError, SsccExhaustedError } from './packing-errors';
import { ssccCapacity, ssccFor } from './sscc';

/**
 * The next SSCC of a plant's GS1 company prefix, taken from the prefix's counter row inside
 * the caller's transaction: a rollback returns it, a commit makes it used for good. The
 * counter is per prefix, not per plant, so two plants sharing a prefix never collide.
 */
export async function allocateSscc(
  tx: EntityManager,
  plant: { code: string; gs1_company_prefix: string | null },
): Promise<string> {
  const prefix = plant.gs1_company_prefix;
  if (!prefix) throw new GS1PrefixMissingError(plant.code);
  const [{ n }] = await tx.query<{ n: string }[]>(
    `INSERT INTO sscc_counters AS c (company_prefix, last_reference) VALUES ($1, 1)
     ON CONFLICT (company_prefix) DO UPDATE SET last_reference = c.last_reference + 1
     RETURNING last_reference AS n`,
    [prefix],
  );
  const number = BigInt(n);
  if (number >= ssccCapacity(prefix)) throw new SsccExhaustedError(prefix);
  return ssccFor(prefix, number);
}
