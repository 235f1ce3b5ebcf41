/** Every queue and job name of the system, in one place. */
export const QUEUES = {
  maintenance: 'maintenance',
  /** One job per registry submission (job id = submission id); rate-limited as a whole on a 429. */
  registry: 'registry',
} as const;

export const JOBS = {
  heartbeat: 'heartbeat',
  /** Repeating (maintenance queue): outbox rows -> submissions -> registry jobs. */
  registryRelay: 'registry-relay',
  /** Repeating (maintenance queue): re-queue stuck submissions, close orphan requests. */
  registryReconcile: 'registry-reconcile',
  /** One submission walked through the registry's steps (registry queue). */
  registryPush: 'registry-push',
  /** Repeating (maintenance queue): the report counts' deltas -> the counts. */
  reportRollup: 'report-rollup',
  /** Repeating (maintenance queue): idempotency keys past their retention -> deleted. */
  idempotencyPrune: 'idempotency-prune',
} as const;
