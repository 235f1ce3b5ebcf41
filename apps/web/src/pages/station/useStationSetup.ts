import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../../api/client';

/** The line (by code), its plant (for the timezone) and the stage's defect codes. */
export function useStationSetup(lineCode: string, stage: string) {
  const line = useQuery({
    queryKey: ['line-by-code', lineCode],
    enabled: !!lineCode,
    staleTime: 10 * 60_000,
    queryFn: async () => {
      const page = await ok(api.GET('/api/lines', { params: { query: { code: lineCode, limit: 5 } } }));
      return page.items[0] ?? null;
    },
  });
  const plant = useQuery({
    queryKey: ['plant', line.data?.plantId],
    enabled: !!line.data?.plantId,
    staleTime: 10 * 60_000,
    queryFn: () => ok(api.GET('/api/plants/{id}', { params: { path: { id: line.data!.plantId } } })),
  });
  const defects = useQuery({
    queryKey: ['defect-codes', stage],
    enabled: !!stage,
    staleTime: 10 * 60_000,
    queryFn: async () => (await ok(api.GET('/api/defect-codes', { params: { query: { stage, limit: 200 } } }))).items,
  });
  return { line, plant, defects };
}
