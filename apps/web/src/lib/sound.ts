/** Short tones from Web Audio (no sound files): one high beep for pass, two low for a refusal. */
let context: AudioContext | null = null;

function tone(
  frequency: number,
  start: number,
  duration: number,
  type: OscillatorType = 'sine',
): void {
  if (!context) return;
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = type;
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.25, context.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + start + duration);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(context.currentTime + start);
  oscillator.stop(context.currentTime + start + duration);
}

export function playSound(kind: 'pass' | 'fail' | 'error' | 'queued'): void {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    if (kind === 'pass') tone(1320, 0, 0.12);
    else if (kind === 'queued') tone(880, 0, 0.1);
    else if (kind === 'fail') tone(440, 0, 0.25, 'square');
    else {
      tone(220, 0, 0.18, 'square');
      tone(220, 0.24, 0.18, 'square');
    }
  } catch {
    /* no audio device: the banner still says it */
  }
}
