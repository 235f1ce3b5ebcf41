import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@lt/config';
import { UsersService } from './users.service';

/**
 * Creates the first administrator when the database has no users. In production the
 * credentials must come from ADMIN_EMAIL and ADMIN_PASSWORD; in development a random
 * password is printed once.
 */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.ADMIN_EMAIL ?? 'admin@localhost';
    let password = this.config.ADMIN_PASSWORD;
    const generated = !password;
    if (!password) {
      if (this.config.isProduction) {
        if (await this.users.hasUsers()) return;
        throw new Error(
          'No users yet: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first administrator.',
        );
      }
      password = randomBytes(9).toString('base64url');
    }
    if (await this.users.createFirstAdmin(email, password)) {
      if (generated) {
        this.logger.warn(
          `First administrator created: ${email} with password ${password} (shown once; change it)`,
        );
      } else {
        this.logger.log(`First administrator created: ${email}`);
      }
    }
  }
}
