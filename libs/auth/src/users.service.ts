import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, Page, pageOf } from '@lt/core';
import { AuditService } from './audit.service';
import { AuthService } from './auth.service';
import { CreateUserDto, toUserDto, UpdateUserDto, UserDto, UserQuery } from './dto/user.dto';
import { PasswordHasher } from './password-hasher';
import { Actor } from './roles';
import { assertStillAdmin, NoLongerAdminError } from './still-admin';
import { User } from './user.entity';

/** Nobody deactivates themselves or changes their own role: another administrator does. */
export class OwnAccessError extends ConflictError {
  constructor() {
    super(
      'own-access',
      'You cannot deactivate your own account or change your own role; another administrator can.',
    );
  }
}

/** The active administrators, locked in one order, before the row the change is to. */
async function lockActiveAdmins(tx: EntityManager): Promise<string[]> {
  const rows = await tx.query<{ id: string }[]>(
    `SELECT id FROM users WHERE role = 'ADMIN' AND active ORDER BY id FOR UPDATE`,
  );
  return rows.map((r) => r.id);
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  async create(actor: Actor, input: CreateUserDto): Promise<UserDto> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.db.transaction(async (tx) => {
      await assertStillAdmin(tx, actor);
      const user = await tx.getRepository(User).save(
        tx.getRepository(User).create({
          email: input.email.toLowerCase(),
          name: input.name,
          role: input.role,
          passwordHash,
          active: true,
        }),
      );
      const dto = toUserDto(user);
      await this.audit.record(tx, actor, 'user', user.id, 'CREATE', null, auditable(dto));
      return dto;
    });
  }

  async list(query: UserQuery): Promise<Page<UserDto>> {
    const qb = this.db.getRepository(User).createQueryBuilder('u').orderBy('u.email');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.email) qb.andWhere('u.email ILIKE :email', { email: `%${query.email}%` });
    const [users, total] = await qb.skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(users.map(toUserDto), total, query);
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.db.getRepository(User).findOneBy({ id });
    if (!user) throw new NotFoundError('User', id);
    return toUserDto(user);
  }

  async update(actor: Actor, id: string, input: UpdateUserDto): Promise<UserDto> {
    const passwordHash = input.password ? await this.hasher.hash(input.password) : undefined;
    const updated = await this.db.transaction(async (tx) => {
      // The actor must still be an active administrator (as in `assertStillAdmin`), and may
      // not change their own access: so an active administrator always remains, also when
      // two of them remove each other at once (the second finds itself removed).
      const admins = await lockActiveAdmins(tx);
      if (!actor.userId || !admins.includes(actor.userId)) throw new NoLongerAdminError();
      const repo = tx.getRepository(User);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('User', id);
      const before = auditable(toUserDto(user));
      const changesOwnAccess =
        (input.active !== undefined && input.active !== user.active) ||
        (input.role !== undefined && input.role !== user.role);
      if (user.id === actor.userId && changesOwnAccess) throw new OwnAccessError();
      if (input.email !== undefined) user.email = input.email.toLowerCase();
      if (input.name !== undefined) user.name = input.name;
      if (input.role !== undefined) user.role = input.role;
      if (input.active !== undefined) user.active = input.active;
      if (passwordHash) user.passwordHash = passwordHash;
      const saved = await repo.save(user);
      const dto = toUserDto(saved);
      const after = { ...auditable(dto), ...(passwordHash ? { password: 'changed' } : {}) };
      await this.audit.recordUpdate(tx, actor, 'user', id, before, after);
      return dto;
    });
    // This process signs the user out, or applies the new role, at once; others within seconds.
    this.auth.forgetUser(updated.id);
    return updated;
  }

  async hasUsers(): Promise<boolean> {
    return (await this.db.getRepository(User).count({ take: 1 })) > 0;
  }

  /** Creates the first administrator when there are no users at all. */
  async createFirstAdmin(email: string, password: string): Promise<boolean> {
    const passwordHash = await this.hasher.hash(password);
    return this.db.transaction(async (tx) => {
      await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
      const [{ count }] = await tx.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM users',
      );
      if (count > 0) return false;
      const repo = tx.getRepository(User);
      const user = await repo.save(
        repo.create({
          email: email.toLowerCase(),
          name: 'Administrator',
          role: 'ADMIN',
          passwordHash,
          active: true,
        }),
      );
      await tx.query(
        `INSERT INTO audit_log (user_id, actor, entity, entity_id, action, after) VALUES (NULL, 'system', 'user', $1, 'CREATE', $2)`,
        [user.id, JSON.stringify(auditable(toUserDto(user)))],
      );
      return true;
    });
  }
}

function auditable(dto: UserDto): Record<string, unknown> {
  return { email: dto.email, name: dto.name, role: dto.role, active: dto.active };
}
