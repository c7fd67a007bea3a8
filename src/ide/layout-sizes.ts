/** Pane sizes of the workspace layout, remembered in a Storage (localStorage in the app). */

export interface PaneSizes {
  /** File tree width in px. */
  sidebar: number;
  /** Preview width in px. */
  preview: number;
  /** Bottom panel height in px. */
  bottom: number;
}

export const DEFAULT_SIZES: PaneSizes = { sidebar: 240, preview: 520, bottom: 200 };

export const SIZE_LIMITS: Record<keyof PaneSizes, { min: number; max: number }> = {
  sidebar: { min: 140, max: 600 },
  preview: { min: 200, max: 1600 },
  bottom: { min: 60, max: 900 },
};

const KEY = 'cove:pane-sizes';

export function clampSize(pane: keyof PaneSizes, value: number): number {
  const { min, max } = SIZE_LIMITS[pane];
  return Math.round(Math.min(max, Math.max(min, value)));
}

export function loadSizes(storage: Pick<Storage, 'getItem'> | undefined): PaneSizes {
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<PaneSizes> | null;
    const out = { ...DEFAULT_SIZES };
    for (const k of Object.keys(DEFAULT_SIZES) as (keyof PaneSizes)[]) {
      const v = raw?.[k];
      if (typeof v === 'number' && Number.isFinite(v)) out[k] = clampSize(k, v);
    }
    return out;
  } catch {
    return { ...DEFAULT_SIZES };
  }
}

export function saveSizes(storage: Pick<Storage, 'setItem'> | undefined, sizes: PaneSizes): void {
  try {
    storage?.setItem(KEY, JSON.stringify(sizes));
  } catch {
    // Storage full or disabled: sizes are a convenience, not data.
  }
}
