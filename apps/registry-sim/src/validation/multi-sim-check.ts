export interface TacRecord {
  tac: string;
  brand_name: string | null;
  model_name: string | null;
  simslot: string | null;
  marketing_name: string | null;
  internal_model_name: string | null;
  operating_system: string | null;
  device_type: string | null;
  radio_interface: string | null;
}

type Failure = Record<string, string>;

/**
 * Rule 8, as `multisimcheck.py` builds it: per device row, each distinct TAC (sorted) must be known
 * and its simslot must equal the row's IMEI count; a row spanning several TACs always fails.
 * Returns the 422 `message` object keyed by failure number, or undefined when all rows pass.
 */
export function multiSimFailures(
  rows: string[][],
  tacs: Map<string, TacRecord>,
): Record<string, Failure> | undefined {
  const failures: Failure[] = [];
  for (const imeis of rows) {
    const count = String(imeis.length);
    const joined = imeis.join(' ');
    const rowTacs = [...new Set(imeis.map((imei) => imei.slice(0, 8)))].sort();
    const models: string[] = [];
    for (const tac of rowTacs) {
      const gsma = tacs.get(tac);
      if (!gsma) {
        models.push('Nill');
        failures.push({ gsma_tac_response: `No record found for TAC:${tac}` });
        continue;
      }
      models.push(gsma.model_name ?? 'None');
      const simslot = (gsma.simslot ?? 'not known').toLowerCase();
      if (simslot !== 'not known') {
        if (simslot !== count) {
          failures.push({
            simslot_mismatch: `GSMA record for TAC: ${tac} shows: ${simslot} count, Provided IMEIs: ${joined} are: ${count}`,
          });
        }
      } else if (imeis.length > 2) {
        // The stand-in's GSMA rows carry no eUICC/UICC capacities, which DRS then reads as 0.
        failures.push({
          combo_euicc_uicc_mismatch: `GSMA record for TAC: ${tac} shows: 0 count, Provided IMEIs: ${joined} are: ${count}`,
        });
      }
    }
    if (rowTacs.length > 1) {
      const unique = [...new Set(models)].sort();
      failures.push({
        same_model_mismatch: `Provided IMEIs: ${joined} are not of the same model. GSMA models for provided IMEIs are: (${unique.join(' & ')})`,
      });
    }
  }
  if (failures.length === 0) return undefined;
  return Object.fromEntries(failures.map((failure, index) => [String(index), failure]));
}
