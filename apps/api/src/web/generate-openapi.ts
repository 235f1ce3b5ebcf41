// Writes the API's OpenAPI document without a database or Redis: Nest's preview mode
// builds the module graph and routes but instantiates no provider. The web build turns
// the document into TypeScript types, so a changed endpoint breaks the web build.
//   node -r @swc-node/register apps/api/src/web/generate-openapi.ts <out.json>
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { ApiModule } from '../api.module';
import { API_PREFIX_OPTIONS } from '../create-api-app';
import { createOpenApiDocument } from './openapi-document';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: generate-openapi.ts <out.json>');
  const app = await NestFactory.create(ApiModule, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  app.setGlobalPrefix('api', API_PREFIX_OPTIONS);
  const document = createOpenApiDocument(app);
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
