import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY, RequestWithActor, ROLES_KEY } from './auth.decorators';
import { AuthService } from './auth.service';
import { Role } from './roles';
import { StationKeysService } from './station-keys.service';

interface HttpRequest extends RequestWithActor {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Global guard: a route is closed unless it is @Public or names its roles with @Roles.
 * A person signs in with a bearer token; a test station sends X-Api-Key and acts as STATION.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly stationKeys: StationKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) {
      this.logger.error(
        `Route ${context.getClass().name}.${context.getHandler().name} declares no roles`,
      );
      throw new ForbiddenException('This route declares no roles.');
    }
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const actor = await this.identify(request);
    if (!actor)
      throw new UnauthorizedException(
        'Sign in first: send a valid bearer token or station API key.',
      );
    request.actor = actor;
    if (!roles.includes(actor.role)) {
      throw new ForbiddenException(
        `Your role ${actor.role} may not do this; allowed: ${roles.join(', ')}.`,
      );
    }
    return true;
  }

  private async identify(request: HttpRequest) {
    const authorization = request.headers['authorization'];
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
      return this.auth.actorForToken(authorization.slice('Bearer '.length).trim());
    }
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0) {
      const key = await this.stationKeys.authenticate(apiKey);
      return key
        ? {
            userId: null,
            stationKeyId: key.id,
            name: `station:${key.name}`,
            role: 'STATION' as const,
          }
        : null;
    }
    return null;
  }
}
