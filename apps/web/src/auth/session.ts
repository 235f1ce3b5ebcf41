import { useSyncExternalStore } from 'react';

export type Role = 'ADMIN' | 'MANAGER' | 'SUPERVISOR' | 'LOGISTICS';
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}
export interface Session {
  token: string;
  user: SessionUser;
  expiresAt: number;
}

const KEY = 'lt.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  if (current && current.expiresAt <= Date.now()) setSession(null);
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
  listeners.forEach((listener) => listener());
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/** Where each role lands after sign-in. */
export function homeOf(role: Role): string {
  if (role === 'SUPERVISOR') return '/station';
  if (role === 'LOGISTICS') return '/lots';
  return '/dashboard';
}

/** Which roles may open which part of the app (the API enforces the same). */
export const ACCESS = {
  station: ['SUPERVISOR', 'ADMIN'],
  dashboard: ['MANAGER', 'ADMIN', 'SUPERVISOR'],
  lots: ['LOGISTICS', 'MANAGER', 'ADMIN'],
  lotRelease: ['MANAGER', 'ADMIN'],
  units: ['ADMIN', 'MANAGER', 'SUPERVISOR', 'LOGISTICS'],
  masterData: ['ADMIN', 'MANAGER'],
  adminOnly: ['ADMIN'],
} satisfies Record<string, Role[]>;
export type Area = keyof typeof ACCESS;

export function mayEnter(role: Role | undefined, area: Area): boolean {
  return !!role && (ACCESS[area] as Role[]).includes(role);
}
