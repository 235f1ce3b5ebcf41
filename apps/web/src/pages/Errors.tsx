import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { homeOf, useSession } from '../auth/session';

export function Forbidden() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <Paper p="xl" m="xl" withBorder aria-labelledby="forbidden-title">
      <Stack>
        <Title order={1} id="forbidden-title">{t('errors.forbiddenTitle')}</Title>
        <Text size="lg">{t('errors.forbiddenBody', { role: session ? t(`roles.${session.user.role}`) : '' })}</Text>
        <Button component={Link} to={session ? homeOf(session.user.role) : '/sign-in'} size="lg" w="fit-content">
          {t('errors.goHome')}
        </Button>
      </Stack>
    </Paper>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Paper p="xl" m="xl" withBorder>
      <Stack>
        <Title order={1}>{t('errors.notFoundTitle')}</Title>
        <Button component={Link} to="/" size="lg" w="fit-content">{t('errors.goHome')}</Button>
      </Stack>
    </Paper>
  );
}
