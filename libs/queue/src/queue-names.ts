/** Every queue and job name of the system, in one place. */
export const QUEUES = {
  maintenance: 'maintenance',
} as const;

export const JOBS = {
  heartbeat: 'heartbeat',
} as const;
