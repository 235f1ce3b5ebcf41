import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Actor, Role } from './roles';

export const ROLES_KEY = 'lt:roles';
export const PUBLIC_KEY = 'lt:public';

/** The roles that may call a route or every route of a controller. Required on every route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Every signed-in role, stations included. */
export const ANY_ROLE: Role[] = ['ADMIN', 'MANAGER', 'SUPERVISOR', 'LOGISTICS', 'STATION'];
/** Every signed-in person (not stations). */
export const ANY_USER: Role[] = ['ADMIN', 'MANAGER', 'SUPERVISOR', 'LOGISTICS'];

/** A route anyone may call without credentials (health, docs, sign-in). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export interface RequestWithActor {
  actor?: Actor;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
