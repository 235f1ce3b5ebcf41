import { useState, type FormEvent } from 'react';
import { Anchor, Box, Button, Group, Menu, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { mayEnter, setSession, useSession, type Area } from '../auth/session';
import { normaliseScan } from '../lib/scan';
import { ConnectionBadge } from './ConnectionBadge';
import { LanguageSwitch } from './LanguageSwitch';

const NAV: { to: string; key: string; area: Area }[] = [
  { to: '/station', key: 'nav.station', area: 'station' },
  { to: '/dashboard', key: 'nav.dashboard', area: 'dashboard' },
  { to: '/lots', key: 'nav.lots', area: 'lots' },
  { to: '/units', key: 'nav.units', area: 'units' },
  { to: '/admin', key: 'nav.admin', area: 'masterData' },
];

function UnitSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ref = normaliseScan(value);
    if (!ref) return;
    setValue('');
    void navigate(`/units/${encodeURIComponent(ref)}`);
  };
  return (
    <form onSubmit={submit} role="search">
      <TextInput
        aria-label={t('header.findUnit')}
        placeholder={t('header.findUnitPlaceholder')}
        value={value}
        onChange={(event) => setValue(event.currentTarget.value)}
        w={220}
        size="sm"
      />
    </form>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const role = session?.user.role;
  return (
    <Box mih="100vh">
      <Box component="header" px="md" py={6} bg="#1b2a3a" c="white" className="lt-noprint">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="md" wrap="wrap">
            <Anchor component={Link} to="/" c="white" fw={700} size="lg" underline="never">
              Linetrack
            </Anchor>
            <Group component="nav" aria-label={t('nav.label')} gap={4}>
              {NAV.filter((item) => mayEnter(role, item.area)).map((item) => (
                <Button key={item.to} component={NavLink} to={item.to} variant="subtle" c="white" size="sm" className="lt-nav">
                  {t(item.key)}
                </Button>
              ))}
            </Group>
          </Group>
          <Group gap="sm" wrap="wrap">
            {session && <UnitSearch />}
            <ConnectionBadge />
            <LanguageSwitch />
            {session && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="outline" c="white" size="sm" aria-label={t('header.account', { name: session.user.name })}>
                    <Text span size="sm" maw={140} truncate>{session.user.name}</Text>
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{t(`roles.${session.user.role}`)} · {session.user.email}</Menu.Label>
                  <Menu.Item
                    onClick={() => {
                      setSession(null);
                      void navigate('/sign-in');
                    }}
                  >
                    {t('header.signOut')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
      </Box>
      <Box component="main" p="md">
        <Outlet />
      </Box>
    </Box>
  );
}
