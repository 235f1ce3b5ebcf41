import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@lt/config';
import { DomainError, ShortLivedCache } from '@lt/core';
import { TokenDto } from './dto/login.dto';
import { PasswordHasher } from './password-hasher';
import { Actor, UserRole } from './roles';

/** Failed sign-ins allowed before each further try must wait, doubling from 1 s up to 5 min. */
const FREE_FAILURES = 5;
const MAX_WAIT_SECONDS = 300;
/** A quiet quarter of an hour forgets earlier failures. */
const FORGET_AFTER_SECONDS = 900;

/** Bounds the memory of verified tokens; past it, the map starts again. */
const MAX_VERIFIED_TOKENS = 10_000;
/** How long a user's active flag and role are trusted before they are read again. */
export const USER_STATE_TTL_MS = 5_000;

export interface TokenClaims {
  sub: string;
  email: string;
  name: string;
  role: UserRole;
}

export class SignInRefusedError extends DomainError {
  constructor() {
    super('forbidden', 'sign-in-refused', 'The email or password is not right.');
  }
}

export class SignInThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'forbidden',
      'sign-in-throttled',
      `Too many failed sign-ins. Try again in ${retryAfterSeconds} seconds.`,
      {
        retryAfterSeconds,
      },
    );
  }
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string): Promise<TokenDto> {
    const normalized = email.toLowerCase();
    await this.refuseIfThrottled(normalized);
    const [user] = await this.db.query<
      {
        id: string;
        email: string;
        name: string;
        role: UserRole;
        password_hash: string;
        active: boolean;
      }[]
    >('SELECT id, email, name, role, password_hash, active FROM users WHERE lower(email) = $1', [
      normalized,
    ]);
    const ok = user?.active === true && (await this.hasher.verify(user.password_hash, password));
    if (!ok) {
      await this.db.query(
        `INSERT INTO login_failures (email, failures, last_failed_at) VALUES ($1, 1, now())
         ON CONFLICT (email) DO UPDATE SET
           failures = CASE WHEN login_failures.last_failed_at < now() - make_interval(secs => $2)
                           THEN 1 ELSE login_failures.failures + 1 END,
           last_failed_at = now()`,
        [normalized, FORGET_AFTER_SECONDS],
      );
      throw new SignInRefusedError();
    }
    await this.db.query('DELETE FROM login_failures WHERE email = $1', [normalized]);
    const claims: TokenClaims = {
      sub: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
    };
    const accessToken = await this.jwt.signAsync(claims, {
      expiresIn: this.config.JWT_TTL_SECONDS,
    });
    return {
      accessToken,
      expiresIn: this.config.JWT_TTL_SECONDS,
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  }

  /**
   * Tokens already verified, until they expire: checking the signature again on every scan
   * would cost more than the rest of the guard.
   */
  private readonly verified = new Map<string, { actor: Actor; expiresAt: number }>();

  /**
   * Each signed-in user's role and whether the account is active, read again after a few
   * seconds: a user an administrator deactivates is signed out, and a changed role counts,
   * within USER_STATE_TTL_MS, not when the token expires.
   */
  private readonly userStates = new ShortLivedCache<{ active: boolean; role: UserRole } | null>(
    USER_STATE_TTL_MS,
  );

  /** The actor a bearer token stands for, or null when it is invalid, expired or its user is gone or inactive. */
  async actorForToken(token: string): Promise<Actor | null> {
    const actor = await this.verifiedActor(token);
    if (!actor?.userId) return actor;
    const userId = actor.userId;
    const state = await this.userStates.get(userId, async () => {
      const [row] = await this.db.query<{ active: boolean; role: UserRole }[]>(
        'SELECT active, role FROM users WHERE id = $1',
        [userId],
      );
      return row ?? null;
    });
    if (!state?.active) return null;
    return state.role === actor.role ? actor : { ...actor, role: state.role };
  }

  /** Reads the user's active flag and role again on their next request (after a change). */
  forgetUser(userId: string): void {
    this.userStates.delete(userId);
  }

  private async verifiedActor(token: string): Promise<Actor | null> {
    const hit = this.verified.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.actor;
    let claims: TokenClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & { exp?: number }>(token);
    } catch {
      this.verified.delete(token);
      return null;
    }
    const actor: Actor = {
      userId: claims.sub,
      stationKeyId: null,
      name: claims.email,
      role: claims.role,
    };
    if (claims.exp !== undefined) {
      if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.clear();
      this.verified.set(token, { actor, expiresAt: claims.exp * 1000 });
    }
    return actor;
  }

  private async refuseIfThrottled(email: string): Promise<void> {
    const [row] = await this.db.query<{ failures: number; since: number }[]>(
      `SELECT failures, extract(epoch FROM now() - last_failed_at)::float AS since FROM login_failures WHERE email = $1`,
      [email],
    );
    if (!row || row.failures < FREE_FAILURES || row.since > FORGET_AFTER_SECONDS) return;
    const wait = Math.min(2 ** (row.failures - FREE_FAILURES), MAX_WAIT_SECONDS);
    if (row.since < wait) throw new SignInThrottledError(Math.ceil(wait - row.since));
  }
}
