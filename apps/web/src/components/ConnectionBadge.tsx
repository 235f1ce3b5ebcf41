import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOnline } from '../lib/connection';
import { useQueueItems } from '../lib/station-queue';

/** Online, or offline with the number of results waiting to send (never colour alone). */
export function ConnectionBadge() {
  const { t } = useTranslation();
  const online = useOnline();
  const waiting = useQueueItems().filter((item) => item.state === 'waiting').length;
  const label = online
    ? waiting
      ? t('connection.sending', { count: waiting })
      : t('connection.online')
    : t('connection.offline', { count: waiting });
  return (
    <Badge
      size="lg"
      color={online ? (waiting ? 'yellow.3' : '#0b6b2e') : '#a3151a'}
      c={online && waiting ? 'dark.9' : 'white'}
      variant="filled"
      role="status"
      aria-live="polite"
      data-testid="connection"
      leftSection={<span aria-hidden>{online ? '●' : '○'}</span>}
      styles={{ label: { textTransform: 'none' } }}
    >
      {label}
    </Badge>
  );
}
