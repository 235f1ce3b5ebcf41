import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('header.language')}
      size="sm"
      value={i18n.language === 'ur' ? 'ur' : 'en'}
      onChange={(value) => void setLanguage(value as Language)}
      data={[
        { value: 'en', label: 'EN' },
        { value: 'ur', label: 'اردو' },
      ]}
    />
  );
}
