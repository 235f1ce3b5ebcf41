import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../../api/client';

/** The line (by code), its plant (for the timezone) and the stage's defect codes. */
export function useStationSetup(lineCode: string, stage: string, plantCode?: string) {
  // A line code is unique within a plant; ?plant=CODE picks the plant when there are several.
  const line = useQuery({
    queryKey: ['line-by-code', lineCode, plantCode],
    enabled: !!lineCode,
    staleTime: 10 * 60_000,
    queryFn: async () => {
      let plantId: string | undefined;
      if (plantCode) {
        const plants = await ok(
          api.GET('/api/plants', { params: { query: { code: plantCode, limit: 1 } } }),
        );
        plantId = plants.items[0]?.id;
        if (!plantId) throw new Error(`no plant ${plantCode}`);
      }
      const page = await ok(
        api.GET('/api/lines', { params: { query: { code: lineCode, plantId, limit: 5 } } }),
      );
      if (!page.items[0]) throw new Error(`no line ${lineCode}`);
      return page.items[0];
    },
  });
  const plant = useQuery({
    queryKey: ['plant', line.data?.plantId],
    enabled: !!line.data?.plantId,
    staleTime: 10 * 60_000,
    queryFn: () =>
      ok(api.GET('/api/plants/{id}', { params: { path: { id: line.data!.plantId } } })),
  });
  const defects = useQuery({
    queryKey: ['defect-codes', stage],
    enabled: !!stage,
    staleTime: 10 * 60_000,
    queryFn: async () =>
      (await ok(api.GET('/api/defect-codes', { params: { query: { stage, limit: 200 } } }))).items,
  });
  return { line, plant, defects };
}
