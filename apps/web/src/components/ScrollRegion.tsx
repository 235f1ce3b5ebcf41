import type { ReactNode } from 'react';

/**
 * A wide table's box that scrolls sideways on a narrow screen. Focusable and named, so a
 * keyboard can scroll it too (axe: scrollable-region-focusable).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </div>
  );
}
