export const USER_ROLES = ['ADMIN', 'MANAGER', 'SUPERVISOR', 'LOGISTICS'] as const;
export type UserRole = (typeof USER_ROLES)[number];
/** Automated test stations authenticate with an API key and act with this role. */
export type Role = UserRole | 'STATION';

/** Who did something: stored with every audit row and unit event. */
export interface Actor {
  userId: string | null;
  stationKeyId: string | null;
  name: string;
  role: Role;
}

export const SYSTEM_ACTOR: Actor = {
  userId: null,
  stationKeyId: null,
  name: 'system',
  role: 'ADMIN',
};
