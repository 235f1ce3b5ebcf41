import { useQuery } from '@tanstack/react-query';
import { api, ok } from './client';

/**
 * The plant's master data, one query each, shared by every screen under one cache key: the
 * administration's edits refresh them wherever they are shown.
 */
export const usePlants = () =>
  useQuery({ queryKey: ['plants'], queryFn: async () => (await ok(api.GET('/api/plants', { params: { query: { limit: 100 } } }))).items });
export const useLines = () =>
  useQuery({ queryKey: ['lines'], queryFn: async () => (await ok(api.GET('/api/lines', { params: { query: { limit: 200 } } }))).items });
export const useWorkOrders = () =>
  useQuery({ queryKey: ['work-orders'], queryFn: async () => (await ok(api.GET('/api/work-orders', { params: { query: { limit: 200 } } }))).items });
export const useModels = () =>
  useQuery({ queryKey: ['device-models'], queryFn: async () => (await ok(api.GET('/api/device-models', { params: { query: { limit: 200 } } }))).items });

/**
 * The zone to show times in where no plant is at hand (audit trail, registry submissions):
 * the plants' own zone when they share one, as they do within a country; else the browser's.
 */
export function useHomeTimeZone(): string | undefined {
  const zones = new Set((usePlants().data ?? []).map((plant) => plant.timezone));
  return zones.size === 1 ? [...zones][0] : undefined;
}
