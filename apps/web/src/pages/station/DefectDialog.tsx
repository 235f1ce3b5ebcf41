import { useEffect, useState, type KeyboardEvent } from 'react';
import { Button, Chip, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { normaliseScan, DEFECT_PREFIX } from '../../lib/scan';

type DefectCode = components['schemas']['DefectCodeDto'];

/**
 * Fail asks for one or more of the stage's defect codes: typed (or scanned from the printed
 * sheet) into "Defect code" and Enter adds it; Enter on an empty field, F2 or the button records.
 */
export function DefectDialog(props: {
  opened: boolean;
  preselected: string[];
  codes: DefectCode[];
  stage: string;
  serial: string;
  onCancel: () => void;
  onConfirm: (codes: string[]) => void;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (props.opened) {
      setSelected(props.preselected);
      setText('');
      setError(null);
    }
  }, [props.opened, props.preselected]);

  const known = new Map(props.codes.map((code) => [code.code.toUpperCase(), code.code]));
  const confirm = () => {
    if (!selected.length) {
      setError(t('defects.pickOne'));
      return;
    }
    props.onConfirm(selected);
  };
  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'F2') {
      event.preventDefault();
      confirm();
      return;
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    let code = normaliseScan(text);
    if (code.startsWith(DEFECT_PREFIX)) code = code.slice(DEFECT_PREFIX.length);
    setText('');
    if (!code) return confirm();
    const match = known.get(code);
    if (!match) {
      setError(t('defects.unknown', { code, stage: props.stage }));
      return;
    }
    setError(null);
    setSelected((previous) => (previous.includes(match) ? previous : [...previous, match]));
  };

  return (
    <Modal
      opened={props.opened}
      onClose={props.onCancel}
      title={t('defects.title', { serial: props.serial })}
      size="xl"
      returnFocus={false}
      styles={{ title: { fontSize: 24, fontWeight: 700 } }}
    >
      <Stack>
        <TextInput
          label={t('defects.code')}
          description={t('defects.help')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={onKey}
          size="xl"
          data-autofocus
          autoComplete="off"
          error={error}
        />
        {props.codes.length === 0 ? (
          <Text>{t('defects.none', { stage: props.stage })}</Text>
        ) : (
          <Chip.Group multiple value={selected} onChange={setSelected}>
            <Group gap="xs">
              {props.codes.map((code) => (
                <Chip key={code.id} value={code.code} size="lg" radius="sm">
                  <span dir="ltr">{code.code}</span> · {code.description}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        )}
        <Group justify="space-between">
          <Button variant="default" size="lg" onClick={props.onCancel}>
            {t('common.cancel')}
          </Button>
          <Button color="#a3151a" size="lg" onClick={confirm}>
            {t('defects.record', { count: selected.length })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
