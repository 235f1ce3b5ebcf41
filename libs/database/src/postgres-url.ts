/** The parts of a postgres:// URL the tooling needs, with the password hidden for logs. */
export function describePostgresUrl(url: string): {
  database: string;
  safe: string;
  adminUrl: string;
} {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const safe = new URL(url);
  if (safe.password) safe.password = '***';
  return { database, safe: safe.toString(), adminUrl: admin.toString() };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
