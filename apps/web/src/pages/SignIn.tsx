import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Center, Group, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, ok } from '../api/client';
import { homeOf, setSession, useSession, type SessionUser } from '../auth/session';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useExplainError } from '../api/explain-error';

/** Only same-app paths may be returned to after sign-in (never another origin). */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : null;
}

export function SignIn() {
  const { t } = useTranslation();
  const explain = useExplainError();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (session) return <Navigate to={next ?? homeOf(session.user.role)} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const token = await ok(api.POST('/api/auth/login', { body: { email, password } }));
      const user = token.user as unknown as SessionUser;
      setSession({ token: token.accessToken, user, expiresAt: Date.now() + token.expiresIn * 1000 });
      void navigate(next ?? homeOf(user.role), { replace: true });
    } catch (caught) {
      const apiError = caught as ApiError;
      setError(
        apiError.offline
          ? t('signIn.offline')
          : apiError.status === 401
            ? t('signIn.wrong')
            : apiError.status === 429
              ? t('signIn.tooMany')
              : explain(caught),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Box w={420} maw="100%">
        <Group justify="space-between" mb="sm">
          <Title order={2} component="p">Linetrack</Title>
          <LanguageSwitch />
        </Group>
        <Paper withBorder p="xl" component="main">
          <form onSubmit={submit} noValidate>
            <Stack>
              <Title order={1} size="h2">{t('signIn.title')}</Title>
              {error && (
                <Alert color="red" role="alert" title={t('signIn.failed')}>
                  {error}
                </Alert>
              )}
              <TextInput
                label={t('signIn.email')}
                type="email"
                autoComplete="username"
                required
                withAsterisk={false}
                size="lg"
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                autoFocus
              />
              <PasswordInput
                label={t('signIn.password')}
                autoComplete="current-password"
                visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
                required
                withAsterisk={false}
                size="lg"
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
              />
              <Button type="submit" size="lg" loading={busy}>
                {t('signIn.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Box>
    </Center>
  );
}
